//! `certcheck store`: the Windows certificate store, read-only.

use anyhow::Result;
use certcheck_core::Thumbprint;
use certcheck_core::relations::Sighting;
use certcheck_report::assemble::{self, StorePart};
use certcheck_store::Query;

use super::files;
use crate::cli::StoreArgs;
use crate::output;
use crate::usage::UsageError;

pub fn run(args: &StoreArgs) -> Result<i32> {
    let at = super::at(args.judge.at.as_deref())?;
    let lang = output::lang(args.output.lang);
    let mut thumbprints = Vec::new();
    for t in &args.thumbprint {
        thumbprints.push(t.parse::<Thumbprint>().map_err(|_| {
            UsageError::new(
                format!("拇印 {t:?} は SHA-1 の 40 桁の 16 進数ではありません。"),
                format!("thumbprint {t:?} is not 40 hexadecimal digits (SHA-1)."),
            )
        })?);
    }
    let file_report = match &args.file {
        Some(path) => {
            let report = files::check_file(path, &args.password, at, args.judge.max_iterations)?;
            match files::client_thumbprint(&report) {
                Some(t) => thumbprints.push(t),
                None => {
                    // Without the file's certificate there is nothing to look for: report the file.
                    if let Some(path) = &args.ics {
                        super::calendar::write(path, &[], at)?;
                    }
                    return output::print(
                        &assemble::store_of_file(&report, at, lang),
                        &args.output,
                    );
                }
            }
            Some(report)
        }
        None => None,
    };
    let store = certcheck_store::inspect(
        &Query {
            thumbprints,
            issuer_contains: args.issuer_contains.clone(),
        },
        at,
    );
    let doc = assemble::store(&StorePart::from(&store), file_report.as_ref(), at, lang);
    if let Some(path) = &args.ics {
        let mut certs: Vec<Sighting> = file_report.iter().filter_map(Sighting::of_file).collect();
        certs.extend(store.candidates.iter().map(|c| c.sighting()));
        super::calendar::write(path, &certs, at)?;
    }
    output::print(&doc, &args.output)
}
