//! Reading and checking one certificate file, for check, store and doctor.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use certcheck_core::check::{self, CheckOptions, FileReport, Read};
use certcheck_core::io_reason::IoReason;
use certcheck_core::{DEFAULT_MAX_ITERATIONS, MAX_FILE_BYTES, OpenOptions};

use crate::cli::PasswordArgs;
use crate::password;

/// Reads at most one byte past the size limit: enough to know it is too large.
/// Returns the bytes read and the file's real length. Only a regular file is
/// read: a folder, a FIFO or a device (`/dev/zero`) is refused unopened.
pub fn read_limited(path: &Path) -> std::io::Result<(Vec<u8>, u64)> {
    match crate::bounded_read::regular_file(path, MAX_FILE_BYTES) {
        Err(_) if path.is_dir() => Err(std::io::ErrorKind::IsADirectory.into()),
        other => other,
    }
}

/// How long one file may take, password tries and slip search included; the
/// key derivation in flight stops at it.
const FILE_DEADLINE: Duration = Duration::from_secs(8);

/// The file's deadline from now: [`FILE_DEADLINE`], longer in proportion when
/// `--max-iterations` was raised for a trusted file. The test suite may set it
/// in milliseconds with CERTCHECK_TEST_DEADLINE_MS, to prove the stop in flight.
fn deadline(max_iterations: u64) -> Instant {
    let scale = max_iterations.div_ceil(DEFAULT_MAX_ITERATIONS).max(1);
    let base = std::env::var("CERTCHECK_TEST_DEADLINE_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(FILE_DEADLINE, Duration::from_millis);
    Instant::now() + base.saturating_mul(u32::try_from(scale).unwrap_or(u32::MAX))
}

/// Opens and checks the file, asking for the password only when the file exists.
pub fn check_file(
    path: &Path,
    pw: &PasswordArgs,
    at: chrono::DateTime<chrono::Utc>,
    max_iterations: u64,
) -> Result<FileReport> {
    let loaded = read_limited(path);
    let read = match &loaded {
        Ok((data, total_len)) => Read::Bytes {
            data,
            total_len: *total_len,
        },
        Err(e) => Read::Failed {
            reason: IoReason::reading(e),
            os_text: e.to_string(),
        },
    };
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // No password prompt for a file that cannot be a certificate anyway.
    let password = match &read {
        Read::Bytes { data, total_len }
            if certcheck_core::classify_file(data, *total_len)
                == certcheck_core::FileKind::Asn1 =>
        {
            password::obtain(pw, &label)?
        }
        _ => None,
    };
    let options = CheckOptions {
        at,
        open: OpenOptions::with_max_iterations(max_iterations),
    };
    // One budget and one deadline for everything this file costs.
    let budget = certcheck_core::Budget::new(options.open.max_work, Some(deadline(max_iterations)));
    Ok(check::check_with_slip_search(
        &path.display().to_string(),
        read,
        password.as_deref().map(String::as_str),
        options,
        &budget,
    ))
}

/// The thumbprint of the file's client certificate, to look it up in the store.
pub fn client_thumbprint(report: &FileReport) -> Option<certcheck_core::Thumbprint> {
    report.client().map(|c| c.summary.sha1)
}
