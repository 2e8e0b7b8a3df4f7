//! `certcheck renewal DATE`: the renewal window for a last day of validity.

use anyhow::Result;
use certcheck_core::check::validity_finding;
use certcheck_core::policy;
use certcheck_core::report::safe_text::visible;
use certcheck_core::report::{Outcome, TextSection, text};
use chrono::Datelike;

use crate::cli::RenewalArgs;
use crate::output;
use crate::usage::UsageError;

pub fn run(args: &RenewalArgs) -> Result<i32> {
    let shown = visible(&args.last_day);
    let last_day = policy::parse_date(&args.last_day)
        .filter(|d| super::YEARS.contains(&d.year()))
        .ok_or_else(|| {
            UsageError::new(
                format!("日付 \"{shown}\" を読めません。1950 年から 9999 年までの日付を 2028-05-31 の形で指定してください。"),
                format!("cannot read the date \"{shown}\"; use a date from 1950 to 9999 in the form 2028-05-31."),
            )
        })?;
    let at = super::at(args.at.as_deref())?;
    let v = policy::evaluate_by_date(None, last_day, policy::jst_date(at));
    let lang = output::lang(args.output.lang);
    let sec = TextSection {
        title_ja: "更新の時期（日本時間）".into(),
        title_en: "Renewal window (Japan time)".into(),
        lines_ja: vec![
            format!("有効期間の最終日: {}", v.last_day),
            format!(
                "更新できる最初の日: {}（最終日の 3 か月前）",
                v.renewal_opens
            ),
            format!(
                "{} 時点: {}、最終日まで {} 日",
                policy::jst_date(at),
                text::status_label(v.status, lang),
                v.days_left
            ),
        ],
        lines_en: vec![
            format!("Last day of validity: {}", v.last_day),
            format!(
                "Renewal opens: {} (3 months before the last day)",
                v.renewal_opens
            ),
            format!(
                "On {}: {}, {} days to the last day",
                policy::jst_date(at),
                text::status_label(v.status, lang),
                v.days_left
            ),
        ],
    };
    let outcome = Outcome {
        command: "renewal",
        at,
        files: Vec::new(),
        extra_json: vec![(
            "validity",
            serde_json::json!({
                "status": v.status,
                "last_day": v.last_day,
                "renewal_opens": v.renewal_opens,
                "days_left": v.days_left,
            }),
        )],
        extra_text: vec![sec],
        findings: vec![validity_finding(&v)],
    };
    output::print(&outcome, &args.output)
}
