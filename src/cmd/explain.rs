//! `certcheck explain CODE`.

use anyhow::Result;
use certcheck_core::findings::{Code, Lang};
use certcheck_report::visible;

use crate::cli::ExplainArgs;
use crate::output;
use crate::usage::UsageError;

pub fn run(args: &ExplainArgs) -> Result<i32> {
    let lang = output::lang(args.lang);
    let Ok(code) = args.code.trim().parse::<Code>() else {
        let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let shown = visible(&args.code);
        return Err(UsageError::new(
            format!(
                "コード \"{shown}\" はありません。使えるコード:\n  {}",
                known.join("\n  ")
            ),
            format!(
                "unknown code \"{shown}\". Known codes:\n  {}",
                known.join("\n  ")
            ),
        )
        .into());
    };
    let def = code.definition();
    let sev = def.severity.label(lang);
    let (severity, details, guide) = match lang {
        Lang::Ja => ("重さ", "詳細", "ガイド"),
        Lang::En => ("Severity", "Details", "Guide"),
    };
    let details = def
        .details(lang)
        .map(|d| format!("{details}: {d}\n"))
        .unwrap_or_default();
    output::emit(&format!(
        "{} — {}\n{severity}: {sev}\n{}\n{details}{guide}: {}\n",
        def.code,
        def.title(lang),
        def.message(lang),
        def.guide()
    ))?;
    Ok(0)
}
