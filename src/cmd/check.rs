//! `certcheck check FILE`.

use anyhow::Result;
use certcheck_core::relations::Sighting;
use certcheck_report::assemble::{self, StorePart};

use super::files;
use crate::cli::CheckArgs;
use crate::output;

pub fn run(args: &CheckArgs) -> Result<i32> {
    let at = super::at(args.judge.at.as_deref())?;
    let report = files::check_file(&args.file, &args.password, at, args.judge.max_iterations)?;
    let store = args.store.then(|| {
        certcheck_store::inspect(
            &certcheck_store::Query {
                thumbprints: files::client_thumbprint(&report).into_iter().collect(),
                issuer_contains: None,
            },
            at,
        )
    });
    let part = store.as_ref().map(StorePart::from);
    let doc = assemble::check(&report, part.as_ref(), at, output::lang(args.output.lang));
    if let Some(path) = &args.ics {
        let mut certs: Vec<Sighting> = Sighting::of_file(&report).into_iter().collect();
        certs.extend(
            store
                .iter()
                .flat_map(|s| s.candidates.iter().map(|c| c.sighting())),
        );
        super::calendar::write(path, &certs, at)?;
    }
    output::print(&doc, &args.output)
}
