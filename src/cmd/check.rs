//! `certcheck check FILE`.

use std::io::Read as _;
use std::path::Path;

use anyhow::Result;
use certcheck_core::check::{self, CheckOptions, FileReport, Read};
use certcheck_core::findings;
use certcheck_core::pkcs12::{OpenOptions, PasswordOutcome};
use certcheck_core::relations::CertFacts;
use certcheck_core::report::Outcome;
use certcheck_core::sniff::MAX_FILE_BYTES;
use certcheck_core::typo;

use super::offices;
use crate::cli::CheckArgs;
use crate::password;

/// Reads at most one byte past the size limit: enough to know it is too large.
/// Returns the bytes read and the file's real length.
pub fn read_limited(path: &Path) -> std::io::Result<(Vec<u8>, u64)> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::other("フォルダです / it is a folder"));
    }
    let mut data = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut data)?;
    let total_len = meta.len().max(data.len() as u64);
    Ok((data, total_len))
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
        open: OpenOptions { max_iterations },
    };
    let mut report = check::check(
        &path.display().to_string(),
        read,
        password.as_deref().map(String::as_str),
        options,
    );
    // A wrong password: look for the usual keyboard slip before giving up.
    if let (PasswordOutcome::Wrong, Some(pw), Ok((data, _))) =
        (report.password, password.as_deref(), &loaded)
        && let Some(slip) = typo::find_slip(data, pw, options.open, SLIP_SEARCH_LIMIT)
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
        let thumbprints = report
            .client()
            .and_then(|c| super::store::parse_thumbprint(&c.sha1))
            .into_iter()
            .collect();
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
                .flat_map(|s| s.candidates.iter().filter_map(|c| c.facts())),
        );
        super::calendar::write(path, &certs, at)?;
    }
    offices::print(&outcome, &rows, &args.output)
}
