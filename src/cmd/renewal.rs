//! `certcheck renewal DATE`: the renewal window for a last day of validity.

use anyhow::Result;
use certcheck_core::check::validity_finding;
use certcheck_core::policy;
use certcheck_report::{assemble, visible};
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
    let doc = assemble::renewal(&v, validity_finding(&v), at, output::lang(args.output.lang));
    output::print(&doc, &args.output)
}
