//! The password prompt without echo. On Unix the terminal's settings are
//! restored on every way out, Ctrl-C included: a signal handler puts the
//! saved settings back before the signal ends the process. Ctrl-D on an empty
//! line is "no password" (None), distinct from Enter (an empty password).

use zeroize::Zeroizing;

/// Asks for a password on the terminal; None when input ended (Ctrl-D).
pub fn password(prompt: &str) -> std::io::Result<Option<Zeroizing<String>>> {
    imp::password(prompt)
}

// Unsafe: termios and signal handlers through libc, to turn echo off and to
// put it back when Ctrl-C ends the prompt (no safe crate restores it from a
// signal handler).
#[cfg(unix)]
#[allow(unsafe_code)]
mod imp {
    use std::io::{Read, Write};
    use std::os::fd::AsRawFd;
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicI32, Ordering};

    use certcheck_core::password_input::{self, MAX_PASSWORD_BYTES};
    use zeroize::Zeroizing;

    use crate::bounded_read;

    /// The terminal's settings before the prompt, and its descriptor.
    static SAVED: OnceLock<libc::termios> = OnceLock::new();
    static TTY_FD: AtomicI32 = AtomicI32::new(-1);
    const SIGNALS: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

    extern "C" fn restore_and_die(sig: libc::c_int) {
        let fd = TTY_FD.load(Ordering::Relaxed);
        if let Some(t) = SAVED.get()
            && fd >= 0
        {
            // SAFETY: tcsetattr, signal and raise are async-signal-safe; `t` is a valid termios.
            unsafe {
                libc::tcsetattr(fd, libc::TCSANOW, t);
                libc::write(fd, b"\n".as_ptr().cast(), 1);
            }
        }
        // SAFETY: as above; the default action then ends the process as the signal would have.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    fn set_handlers(handler: libc::sighandler_t) {
        for sig in SIGNALS {
            // SAFETY: installing a handler (or the default) for a catchable signal.
            unsafe {
                libc::signal(sig, handler);
            }
        }
    }

    pub fn password(prompt: &str) -> std::io::Result<Option<Zeroizing<String>>> {
        let mut tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")?;
        let fd = tty.as_raw_fd();
        // SAFETY: termios is plain data; tcgetattr fills it for a valid descriptor.
        let mut original: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: `fd` is open and `original` is a valid termios to fill.
        if unsafe { libc::tcgetattr(fd, &mut original) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let saved = *SAVED.get_or_init(|| original);
        TTY_FD.store(fd, Ordering::Relaxed);
        let handler = restore_and_die as extern "C" fn(libc::c_int);
        set_handlers(handler as libc::sighandler_t);

        let mut quiet = original;
        quiet.c_lflag &= !libc::ECHO;
        quiet.c_lflag |= libc::ECHONL;
        let result = (|| {
            // SAFETY: `fd` is open and `quiet` is a valid termios.
            if unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &quiet) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            tty.write_all(prompt.as_bytes())?;
            tty.flush()?;
            bounded_read::secret(&mut tty as &mut dyn Read, MAX_PASSWORD_BYTES, |b| {
                b.contains(&b'\n')
            })
        })();

        // SAFETY: restoring the settings read above on the same descriptor.
        unsafe {
            libc::tcsetattr(fd, libc::TCSANOW, &saved);
        }
        set_handlers(libc::SIG_DFL);
        TTY_FD.store(-1, Ordering::Relaxed);

        let bytes = result?;
        if bytes.is_empty() {
            let _ = tty.write_all(b"\n");
            return Ok(None);
        }
        let complete = bytes.len() <= MAX_PASSWORD_BYTES;
        match password_input::first_line(&bytes, complete) {
            Ok(p) => Ok(Some(p)),
            Err(e) => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        }
    }
}

#[cfg(not(unix))]
mod imp {
    use zeroize::Zeroizing;

    pub fn password(prompt: &str) -> std::io::Result<Option<Zeroizing<String>>> {
        rpassword::prompt_password(prompt).map(|p| Some(Zeroizing::new(p)))
    }
}
