//! Running Windows programs under Wine: prefixes, timeouts, cleanup.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The Wine programs found on this machine.
pub struct Wine {
    pub wine: PathBuf,
    pub wineserver: PathBuf,
}

impl Wine {
    /// Finds wine64 and its wineserver (Debian puts them in /usr/lib/wine).
    pub fn find() -> Option<Wine> {
        let pick = |names: &[&str]| {
            names
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())
                .or_else(|| which(names))
        };
        Some(Wine {
            wine: pick(&["/usr/lib/wine/wine64", "wine64", "wine"])?,
            wineserver: pick(&[
                "/usr/lib/wine/wineserver64",
                "/usr/lib/wine/wineserver",
                "wineserver",
            ])?,
        })
    }

    /// A command for `program` in `prefix`, quiet, without Mono/Gecko installers,
    /// with the ProcessPrng shim beside the .exe taking precedence.
    pub fn command(&self, prefix: &Path, program: &Path) -> Command {
        let mut c = Command::new(&self.wine);
        c.arg(program)
            .env("WINEPREFIX", prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=;bcryptprimitives=n,b")
            .env_remove("DISPLAY")
            .stdin(Stdio::null());
        c
    }

    /// Stops every process of the prefix's wineserver; called on every exit path.
    pub fn kill(&self, prefix: &Path) {
        let _ = Command::new(&self.wineserver)
            .arg("-k")
            .env("WINEPREFIX", prefix)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// Creates the prepared prefix once; scenarios copy it (creating one takes ~15 s).
    pub fn prepare(&self, base: &Path) -> Result<()> {
        let stamp = base.join(".certcheck-ready");
        let version = self.version()?;
        if std::fs::read_to_string(&stamp).is_ok_and(|v| v == version) {
            return Ok(());
        }
        if base.exists() {
            std::fs::remove_dir_all(base)
                .with_context(|| format!("removing {}", base.display()))?;
        }
        eprintln!(
            "wine-test: preparing a Wine prefix ({version}) in {}",
            base.display()
        );
        let mut c = self.command(base, Path::new("wineboot"));
        c.arg("--init");
        let out = run_with_timeout(c, Duration::from_secs(300));
        // wineboot leaves services running; stop them so the copy is consistent.
        let _ = Command::new(&self.wineserver)
            .arg("-w")
            .env("WINEPREFIX", base)
            .status();
        self.kill(base);
        let out = out?;
        if !base.join("system.reg").is_file() {
            bail!(
                "wineboot did not create a prefix: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::fs::write(&stamp, version)?;
        Ok(())
    }

    fn version(&self) -> Result<String> {
        let out = Command::new(&self.wine)
            .arg("--version")
            .output()
            .context("wine --version")?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

/// A fresh prefix for one scenario: hard links to the prepared one (fast, and
/// Wine does not rewrite those files), real copies of the registry files,
/// which wineserver rewrites.
pub fn copy_prefix(base: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    let status = Command::new("cp")
        .arg("-al")
        .arg(base)
        .arg(to)
        .status()
        .context("cp -al")?;
    if !status.success() {
        bail!("cp -al {} {} failed", base.display(), to.display());
    }
    for entry in std::fs::read_dir(base)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "reg") {
            let dest = to.join(path.file_name().expect("a file name"));
            std::fs::remove_file(&dest)?;
            std::fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

/// Runs a command, killing it after `limit` so that a hung Wine cannot stall CI.
pub fn run_with_timeout(cmd: Command, limit: Duration) -> Result<Output> {
    run_with_input(cmd, None, limit)
}

/// Like [`run_with_timeout`], with `input` as standard input (then closed).
pub fn run_with_input(mut cmd: Command, input: Option<&str>, limit: Duration) -> Result<Output> {
    if input.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting wine")?;
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        let text = text.to_string();
        // A separate thread: a program that stops reading must not block us.
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(text.as_bytes());
        });
    }
    let id = child.id();
    let start = Instant::now();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(out) => return Ok(out?),
            Err(_) if start.elapsed() > limit => {
                // Only the process we started, by its id.
                let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
                bail!("timed out after {limit:?}");
            }
            Err(_) => {}
        }
    }
}

/// The Unix path of a path a Windows program printed under Wine: `Z:\` is
/// the Unix root, `C:\` the prefix's drive_c.
pub fn unix_path(prefix: &Path, windows: &str) -> Option<PathBuf> {
    let (drive, rest) = windows.split_once(":\\")?;
    let base = match drive {
        "Z" | "z" => PathBuf::from("/"),
        "C" | "c" => prefix.join("drive_c"),
        _ => return None,
    };
    Some(rest.split('\\').fold(base, |p, part| p.join(part)))
}

/// `Z:\...`: how a Unix path looks to a Windows program under Wine.
pub fn windows_path(p: &Path) -> String {
    format!("Z:{}", p.display()).replace('/', "\\")
}

pub fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names
        .iter()
        .flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

/// The certificate stores as Wine saved them (wineserver writes the registry
/// when killed): every value under `Software\Microsoft\SystemCertificates`
/// of the user and machine hives, by key, without timestamps. Keys without
/// values are left out: Wine creates empty store keys when a store is merely
/// opened. So are Wine's own key files (`Software\Wine\Crypto`): its rsaenh
/// re-saves a key container, re-encrypted, whenever a key handle is released.
pub fn store_snapshot(prefix: &Path) -> Result<String> {
    let mut out = String::new();
    for hive in ["user.reg", "system.reg"] {
        let text = std::fs::read_to_string(prefix.join(hive))
            .with_context(|| format!("reading {hive}"))?;
        let mut key: Option<&str> = None;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix('[') {
                let name = rest.rsplit_once(']').map_or(rest, |(n, _)| n);
                key = name
                    .starts_with("Software\\\\Microsoft\\\\SystemCertificates")
                    .then_some(name);
            } else if let Some(name) = key
                && !line.is_empty()
                && !line.starts_with("#time=")
            {
                out.push_str(&format!("{hive} {name} {line}\n"));
            }
        }
    }
    Ok(out)
}
