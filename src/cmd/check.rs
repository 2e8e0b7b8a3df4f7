//! `certcheck check FILE`.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use certcheck_core::check::{self, CheckOptions, FileReport, Read};
use certcheck_core::findings;
use certcheck_core::pkcs12::open::DEFAULT_MAX_ITERATIONS;
use certcheck_core::pkcs12::{Budget, OpenOptions, PasswordOutcome};
use certcheck_core::relations::CertFacts;
use certcheck_core::report::Outcome;
use certcheck_core::sniff::MAX_FILE_BYTES;
use certcheck_core::typo;

use super::offices;
use crate::cli::CheckArgs;
use crate::password;

/// Reads at most one byte past the size limit: enough to know it is too large.
/// Returns the bytes read and the file's real length. Only a regular file is
/// read: a folder, a FIFO or a device (`/dev/zero`) is refused unopened.
pub fn read_limited(path: &Path) -> std::io::Result<(Vec<u8>, u64)> {
    match crate::bounded_read::regular_file(path, MAX_FILE_BYTES) {
        Err(_) if path.is_dir() => Err(std::io::Error::other("フォルダです / it is a folder")),
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
    pw: &crate::cli::PasswordArgs,
    at: chrono::DateTime<chrono::Utc>,
    max_iterations: u64,
) -> Result<FileReport> {
    let loaded = read_limited(path);
    let read = match &loaded {
        Ok((data, total_len)) => Read::Bytes {
            data,
            total_len: *total_len,
        },
        Err(e) => Read::Failed(e.to_string()),
    };
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // No password prompt for a file that cannot be a certificate anyway.
    let password = match &read {
        Read::Bytes { data, total_len }
            if certcheck_core::sniff::classify(data, *total_len)
                == certcheck_core::sniff::Kind::Asn1 =>
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
    let budget = Budget::new(options.open.max_work, Some(deadline(max_iterations)));
    let mut report = check::check_within(
        &path.display().to_string(),
        read,
        password.as_deref().map(String::as_str),
        options,
        &budget,
    );
    // A wrong password: look for the usual keyboard slip before giving up,
    // with what is left of the budget.
    if let (PasswordOutcome::Wrong, Some(pw), Ok((data, _))) =
        (report.password, password.as_deref(), &loaded)
        && let Some(slip) = typo::find_slip(data, pw, options.open, &budget, SLIP_SEARCH_LIMIT)
    {
        report.findings.push(slip);
    }
    Ok(report)
}

/// How long to look for a keyboard slip behind a wrong password.
const SLIP_SEARCH_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

pub fn run(args: &CheckArgs) -> Result<i32> {
    let at = super::at(args.judge.at.as_deref())?;
    let report = check_file(&args.file, &args.password, at, args.judge.max_iterations)?;
    let mut outcome = Outcome {
        command: "check",
        at,
        files: vec![&report],
        extra_json: Vec::new(),
        extra_text: Vec::new(),
        findings: report.findings.clone(),
    };
    let mut store = None;
    if args.store {
        let thumbprints = report.client().map(|c| c.sha1).into_iter().collect();
        let found = certcheck_store::inspect(
            &certcheck_store::Query {
                thumbprints,
                issuer_contains: None,
            },
            at,
        );
        super::store::add_to_outcome(&found, &mut outcome);
        findings::sort_by_priority(&mut outcome.findings);
        store = Some(found);
    }
    let rows = offices::rows(store.as_ref(), &[&report], at);
    offices::add_to_outcome(&rows, &mut outcome, false);
    if let Some(path) = &args.ics {
        let mut certs: Vec<CertFacts> = CertFacts::of_file(&report).into_iter().collect();
        certs.extend(
            store
                .iter()
                .flat_map(|s| s.candidates.iter().map(|c| c.facts())),
        );
        super::calendar::write(path, &certs, at)?;
    }
    offices::print(&outcome, &rows, &args.output)
}
