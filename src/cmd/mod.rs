//! One module per subcommand.

pub mod calendar;
pub mod check;
pub mod doctor;
pub mod explain;
pub mod generate;
pub mod guide_cmd;
pub mod offices;
pub mod renewal;
pub mod report;
pub mod store;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::usage::UsageError;

/// `--at`, or now.
pub fn at(arg: Option<&str>) -> Result<DateTime<Utc>> {
    match arg {
        None => Ok(Utc::now()),
        Some(s) => certcheck_core::policy::parse_at(s).ok_or_else(|| {
            UsageError::new(
                format!("--at の日時 {s:?} を読めません。2028-05-31 や 2028-05-31T09:00:00+09:00 の形で指定してください。"),
                format!("cannot read the --at time {s:?}; use 2028-05-31 or 2028-05-31T09:00:00+09:00."),
            )
            .into()
        }),
    }
}
