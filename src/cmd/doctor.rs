//! `certcheck doctor [FILE...]`: everything that applies, one verdict, the next step on top.

use anyhow::Result;
use certcheck_core::check::FileReport;
use certcheck_core::findings::{self, Finding};
use certcheck_core::relations::{self, Sighting};
use certcheck_report::Document;
use certcheck_report::assemble::{self, StorePart};

use std::path::Path;

use super::files;
use crate::cli::DoctorArgs;
use crate::password::NotGiven;
use crate::{environment, exit_status, output};

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
    run_then(args, None, |_| Ok(()))
}

/// Like [`run`], then hands the printed document to `after` (the double-click
/// and drag-and-drop mode offers to save it as a report). With `unanswered`
/// (drag-and-drop), a file whose password was not given at all is handed to
/// it and left out, the others still checked and shown; the status is then
/// 64 (no password given), and with no file left nothing more is shown.
pub fn run_then(
    args: &DoctorArgs,
    unanswered: Option<&dyn Fn(&Path)>,
    after: impl FnOnce(&Document) -> Result<()>,
) -> Result<i32> {
    let at = super::at(args.judge.at.as_deref())?;
    let mut reports = Vec::new();
    let mut left_out = 0;
    for path in &args.files {
        match files::check_file(path, &args.password, at, args.judge.max_iterations) {
            Ok(report) => reports.push(report),
            Err(e) => match unanswered {
                Some(tell) if e.downcast_ref::<NotGiven>().is_some() => {
                    tell(path);
                    left_out += 1;
                }
                _ => return Err(e),
            },
        }
    }
    if left_out > 0 && reports.is_empty() {
        return Ok(exit_status::USAGE);
    }
    let store = certcheck_store::inspect(
        &certcheck_store::Query {
            thumbprints: Vec::new(),
            issuer_contains: args.issuer_contains.clone(),
        },
        at,
    );
    let store_readable = relations::store_was_read(&store.findings);

    let installed: Vec<Sighting> = store.candidates.iter().map(|c| c.sighting()).collect();
    let in_files: Vec<Sighting> = reports.iter().filter_map(Sighting::of_file).collect();
    let related = relations::relate(
        &in_files,
        store_readable.then_some(installed.as_slice()),
        at,
    );

    // Relations first: within a severity, the order here is the order shown.
    let mut all: Vec<Finding> = related.findings.clone();
    for r in &reports {
        all.extend(labelled(r, related.file_findings(r), reports.len() > 1));
    }
    let store_part = StorePart::from(&store);
    // Off Windows the store simply does not apply to a file check (relations decides the severity).
    all.extend(relations::store_findings_beside_files(
        store_part.findings.clone(),
        !reports.is_empty(),
    ));
    findings::sort_by_priority(&mut all);
    let checked: Vec<&FileReport> = reports.iter().collect();
    let members = if store_readable {
        store_part.members.as_slice()
    } else {
        &[]
    };
    let rows = assemble::office_rows(members, &checked, at);
    let lang = output::lang(args.output.lang);
    let doc = assemble::doctor(&checked, &store_part, &rows, &all, at, lang);

    if let Some(path) = &args.report {
        super::report::write(path, &doc, environment::describe(), lang)?;
    }
    if let Some(path) = &args.ics {
        let mut certs = in_files;
        certs.extend(installed);
        super::calendar::write(path, &certs, at)?;
    }
    let code = output::print(&doc, &args.output)?;
    after(&doc)?;
    Ok(if left_out > 0 {
        exit_status::USAGE
    } else {
        code
    })
}
