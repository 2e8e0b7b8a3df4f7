//! `certcheck explain CODE`.

use anyhow::Result;
use certcheck_core::findings::{self, CATALOG, Lang};

use crate::cli::ExplainArgs;
use crate::output;
use crate::usage::UsageError;

pub fn run(args: &ExplainArgs) -> Result<i32> {
    let lang = output::lang(args.lang);
    let Some(def) = findings::lookup(args.code.trim()) else {
        let known: Vec<&str> = CATALOG.iter().map(|d| d.code).collect();
        return Err(UsageError::new(
            format!(
                "コード {:?} はありません。使えるコード:\n  {}",
                args.code,
                known.join("\n  ")
            ),
            format!(
                "unknown code {:?}. Known codes:\n  {}",
                args.code,
                known.join("\n  ")
            ),
        )
        .into());
    };
    let sev = match (def.severity, lang) {
        (findings::Severity::Error, Lang::Ja) => "エラー",
        (findings::Severity::Warning, Lang::Ja) => "注意",
        (findings::Severity::Info, Lang::Ja) => "情報",
        (s, Lang::En) => s.as_str(),
    };
    println!("{} — {}", def.code, def.title(lang));
    println!(
        "{}: {sev}",
        if lang == Lang::Ja {
            "重要度"
        } else {
            "Severity"
        }
    );
    println!("{}", def.message(lang));
    println!(
        "{}: {}",
        if lang == Lang::Ja {
            "ガイド"
        } else {
            "Guide"
        },
        def.guide()
    );
    Ok(0)
}
