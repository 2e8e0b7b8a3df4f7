//! Reading with bounds: never more than a stated number of bytes, never
//! waiting forever on a FIFO or a device where a file is expected.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use zeroize::Zeroizing;

/// The error for something that is not a regular file (a FIFO, a device, a folder).
pub fn not_a_file() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "通常のファイルではありません / not a regular file",
    )
}

/// Opens a regular file, refusing anything else before opening it (opening a
/// FIFO without a writer would wait forever).
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_a_file());
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_a_file());
    }
    Ok(file)
}

/// At most `limit + 1` bytes of a regular file, and its length.
pub fn regular_file(path: &Path, limit: u64) -> std::io::Result<(Vec<u8>, u64)> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    // Sized up front: `Take` gives no size hint, and without one the read
    // starts at 32 bytes and doubles, one system call each.
    let mut data = Vec::with_capacity(usize::try_from(len.min(limit) + 1).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut data)?;
    let total = len.max(data.len() as u64);
    Ok((data, total))
}

/// Reads from `source` into a buffer sized up front (no copies of a secret
/// left behind by growing), until `enough` says so, the end, or `limit + 1` bytes.
pub fn secret(
    source: &mut dyn Read,
    limit: usize,
    enough: fn(&[u8]) -> bool,
) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(vec![0u8; limit + 1]);
    let mut len = 0;
    while len <= limit {
        let n = match source.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        len += n;
        if enough(&buf[..len]) {
            break;
        }
    }
    buf.truncate(len);
    Ok(buf)
}

/// Reads one line of a secret from a buffered stream (standard input) and
/// consumes only that line, so the next read gets the next line (doctor
/// reads one password per file). At most `limit + 1` bytes.
pub fn secret_line(
    source: &mut dyn BufRead,
    limit: usize,
    line_len: fn(&[u8]) -> Option<usize>,
) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(limit + 1));
    loop {
        let available = match source.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let before = buf.len();
        let take = available.len().min(limit + 1 - before);
        buf.extend_from_slice(&available[..take]);
        if let Some(n) = line_len(&buf) {
            source.consume(n - before);
            buf.truncate(n);
            break;
        }
        source.consume(take);
        if buf.len() > limit {
            break;
        }
    }
    Ok(buf)
}

/// Why a secret file could not be read in time.
pub enum SecretFileError {
    Io(std::io::Error),
    TimedOut,
}

/// Reads a secret from a path that may be a pipe (`<(command)`), within
/// `limit` bytes and `timeout`: a FIFO without a writer does not hang us.
pub fn secret_file(
    path: &Path,
    limit: usize,
    enough: fn(&[u8]) -> bool,
    timeout: Duration,
) -> Result<Zeroizing<Vec<u8>>, SecretFileError> {
    if std::fs::metadata(path)
        .map_err(SecretFileError::Io)?
        .is_dir()
    {
        return Err(SecretFileError::Io(not_a_file()));
    }
    let (tx, rx) = mpsc::channel();
    let path: PathBuf = path.to_path_buf();
    // A reader stuck in open(2) cannot be cancelled; the process exits without it.
    std::thread::spawn(move || {
        let result = std::fs::File::open(&path).and_then(|mut f| secret(&mut f, limit, enough));
        let _ = tx.send(result);
    });
    match rx.recv_timeout(timeout) {
        Ok(r) => r.map_err(SecretFileError::Io),
        Err(_) => Err(SecretFileError::TimedOut),
    }
}
