//! `certcheck doctor [FILE...]`: everything that applies, one verdict, the next step on top.

use anyhow::Result;
use certcheck_core::check::FileReport;
use certcheck_core::findings::{self, Finding, Severity};
use certcheck_core::relations::{self, CertFacts};
use certcheck_report::assemble::{self, StorePart};
use certcheck_report::document::Document;

use super::files;
use crate::cli::DoctorArgs;
use crate::{environment, output};

/// Prefixes a file's findings with its name when several files are checked.
fn labelled(report: &FileReport, several: bool) -> Vec<Finding> {
    let name = std::path::Path::new(&report.file.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    report
        .findings
        .iter()
        .cloned()
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

/// Like [`run`], then hands the printed document to `after` (the double-click
/// and drag-and-drop mode offers to save it as a report).
pub fn run_then(args: &DoctorArgs, after: impl FnOnce(&Document) -> Result<()>) -> Result<i32> {
    let at = super::at(args.judge.at.as_deref())?;
    let mut reports = Vec::new();
    for path in &args.files {
        reports.push(files::check_file(
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
    let store_readable = !store
        .findings
        .iter()
        .any(|f| f.code == "store.unsupported_platform" || f.code == "store.unavailable");

    let installed: Vec<CertFacts> = store.candidates.iter().filter_map(|c| c.facts()).collect();
    let in_files: Vec<CertFacts> = reports.iter().filter_map(CertFacts::of_file).collect();
    let related = relations::relate(
        &in_files,
        store_readable.then_some(installed.as_slice()),
        at,
    );

    // Relations first: within a severity, the order here is the order shown.
    let mut all: Vec<Finding> = related.findings;
    for r in &reports {
        let already_renewed = r
            .client()
            .is_some_and(|c| related.renewed.contains(&c.sha1));
        // "Apply for renewal now" is wrong advice once the renewal is in hand:
        // doctor.renewal_continuous says what to do instead.
        all.extend(
            labelled(r, reports.len() > 1)
                .into_iter()
                .filter(|f| !(already_renewed && f.code == "cert.renewal_open")),
        );
    }
    let store_part = StorePart::from(&store);
    for mut f in store_part.findings.iter().cloned() {
        // Off Windows the store simply does not apply to a file check: say so, without alarm.
        if f.code == "store.unsupported_platform" && !reports.is_empty() {
            f.severity = Severity::Info;
        }
        all.push(f);
    }
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
    Ok(code)
}
