//! One module per subcommand.

pub mod calendar;
pub mod check;
pub mod doctor;
pub mod explain;
pub mod files;
pub mod generate;
pub mod guide_cmd;
pub mod renewal;
pub mod report;
pub mod store;

use anyhow::Result;
use certcheck_core::policy;
use certcheck_report::visible;
use chrono::{DateTime, Datelike, Utc};

use crate::usage::UsageError;

/// The years `--at` and `renewal` accept: certificates in use fall well
/// inside, and every instant in them prints as RFC 3339 (four-digit years).
pub const YEARS: std::ops::RangeInclusive<i32> = 1950..=9999;

/// `--at`, or now.
pub fn at(arg: Option<&str>) -> Result<DateTime<Utc>> {
    let Some(s) = arg else {
        return Ok(Utc::now());
    };
    let shown = visible(s);
    let t = policy::parse_at(s).ok_or_else(|| {
        UsageError::new(
            format!("--at の日時 \"{shown}\" を読めません。2028-05-31 や 2028-05-31T09:00:00+09:00 の形で指定してください。"),
            format!("cannot read the --at time \"{shown}\"; use 2028-05-31 or 2028-05-31T09:00:00+09:00."),
        )
    })?;
    // Japan time decides, as everywhere; the UTC year is then 1949 to 9999.
    if !YEARS.contains(&policy::jst_date(t).year()) {
        return Err(UsageError::new(
            format!(
                "--at の日時 \"{shown}\" は範囲外です。1950 年から 9999 年までで指定してください。"
            ),
            format!("the --at time \"{shown}\" is out of range; use a time from 1950 to 9999."),
        )
        .into());
    }
    Ok(t)
}
