//! `--ics PATH`: the renewal-opens and last days of the certificates judged,
//! as an iCalendar file of reminders. Never replaces an existing file.

use std::path::Path;

use anyhow::Result;
use certcheck_core::policy;
use certcheck_core::relations::{self, Sighting};
use certcheck_report::render_ics;
use chrono::{DateTime, Utc};

/// Writes the calendar. With no date ahead (every certificate expired, or none
/// judged) there is nothing to remind of: no file, and a note on stderr.
pub fn write(path: &Path, certs: &[Sighting], at: DateTime<Utc>) -> Result<()> {
    let reminders = relations::reminders(certs, at);
    match render_ics(&reminders, policy::jst_date(at), Utc::now()) {
        Some(calendar) => super::report::create_new(path, calendar.as_bytes()),
        None => {
            eprintln!(
                "カレンダーに入れる日付がないため（有効期限が切れていない証明書がありません）、{} は作りませんでした。 / \
                 No calendar written to {}: no certificate judged has dates ahead.",
                path.display(),
                path.display()
            );
            Ok(())
        }
    }
}
