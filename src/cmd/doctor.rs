//! `certcheck doctor [FILE...]`: everything that applies, one verdict, the next step on top.

use anyhow::Result;
use certcheck_core::check::FileReport;
use certcheck_core::findings::{self, Finding};
use certcheck_core::relations::{self, CertFacts};
use certcheck_core::report::Outcome;

use super::offices;
use crate::cli::DoctorArgs;
use crate::{environment, output};

/// Prefixes a file's findings with its name when several files are checked.
fn labelled(report: &FileReport, findings: Vec<Finding>, several: bool) -> Vec<Finding> {
    let name = std::path::Path::new(&report.file.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    findings
        .into_iter()
        .map(|mut f| {
            if several {
                f.detail_ja = Some(match f.detail_ja.take() {
                    Some(d) => format!("{name}: {d}"),
                    None => name.clone(),
                });
                f.detail_en = Some(match f.detail_en.take() {
                    Some(d) => format!("{name}: {d}"),
                    None => name.clone(),
                });
            }
            f
        })
        .collect()
}

pub fn run(args: &DoctorArgs) -> Result<i32> {
    run_then(args, |_| Ok(()))
}

/// Like [`run`], then hands the printed outcome to `after` (the double-click
/// and drag-and-drop mode offers to save it as a report).
pub fn run_then(args: &DoctorArgs, after: impl FnOnce(&Outcome<'_>) -> Result<()>) -> Result<i32> {
    let at = super::at(args.judge.at.as_deref())?;
    let mut reports = Vec::new();
    for path in &args.files {
        reports.push(super::check::check_file(
            path,
            &args.password,
            at,
            args.judge.max_iterations,
        )?);
    }
    let store = certcheck_store::inspect(
        &certcheck_store::Query {
            thumbprints: Vec::new(),
            issuer_contains: args.issuer_contains.clone(),
        },
        at,
    );
    let store_readable = relations::store_was_read(&store.findings);

    let installed: Vec<CertFacts> = store.candidates.iter().map(|c| c.facts()).collect();
    let files: Vec<CertFacts> = reports.iter().filter_map(CertFacts::of_file).collect();
    let related = relations::relate(&files, store_readable.then_some(installed.as_slice()), at);

    // Relations first: within a severity, the order here is the order shown.
    let mut all: Vec<Finding> = related.findings.clone();
    for r in &reports {
        all.extend(labelled(r, related.file_findings(r), reports.len() > 1));
    }
    let mut outcome = Outcome {
        command: "doctor",
        at,
        files: reports.iter().collect(),
        extra_json: Vec::new(),
        extra_text: Vec::new(),
        findings: Vec::new(),
    };
    super::store::add_to_outcome(&store, &mut outcome);
    all.extend(relations::store_findings_beside_files(
        std::mem::take(&mut outcome.findings),
        !reports.is_empty(),
    ));
    findings::sort_by_priority(&mut all);
    outcome.findings = all;
    let rows = offices::rows(
        store_readable.then_some(&store),
        &reports.iter().collect::<Vec<_>>(),
        at,
    );
    offices::add_to_outcome(&rows, &mut outcome, true);

    if let Some(path) = &args.report {
        super::report::write(
            path,
            &outcome,
            environment::describe(),
            output::lang(args.output.lang),
        )?;
    }
    if let Some(path) = &args.ics {
        let mut certs = files;
        certs.extend(installed);
        super::calendar::write(path, &certs, at)?;
    }
    let code = offices::print(&outcome, &rows, &args.output)?;
    after(&outcome)?;
    Ok(code)
}
