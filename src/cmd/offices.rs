//! The one-row-per-office table of check, store and doctor: as a text
//! section, as the JSON member `offices`, and as CSV (`--format csv`).

use anyhow::Result;
use certcheck_core::check::FileReport;
use certcheck_core::findings::Lang;
use certcheck_core::office::{self, Member, OfficeRow};
use certcheck_core::report::csv::{self, visible, yes_no};
use certcheck_core::report::{Outcome, TextSection, text};
use certcheck_store::StoreReport;
use chrono::{DateTime, Utc};

use crate::cli::{Format, OutputArgs};
use crate::output;

/// The offices of the certificates judged: the store's first (they say
/// how an office's certificate is installed), then the files'.
pub fn rows(
    store: Option<&StoreReport>,
    files: &[&FileReport],
    at: DateTime<Utc>,
) -> Vec<OfficeRow> {
    let members: Vec<Member> = store
        .into_iter()
        .flat_map(|s| s.candidates.iter().map(|c| c.member()))
        .chain(files.iter().filter_map(|f| Member::of_file(f)))
        .collect();
    office::table(&members, at)
}

/// Adds the table to the outcome: the JSON member always, the text section
/// when asked for (store and doctor; for check it repeats the validity).
pub fn add_to_outcome(rows: &[OfficeRow], outcome: &mut Outcome<'_>, with_text: bool) {
    outcome.extra_json.push((
        "offices",
        serde_json::to_value(rows).unwrap_or(serde_json::Value::Null),
    ));
    if with_text && !rows.is_empty() {
        outcome.extra_text.push(section(rows));
    }
}

fn section(rows: &[OfficeRow]) -> TextSection {
    let mut sec = TextSection {
        title_ja: "事業所ごとの状態（最終日の近い順）".into(),
        title_en: "Offices (soonest last day first)".into(),
        ..TextSection::default()
    };
    for r in rows {
        for lang in [Lang::Ja, Lang::En] {
            let ja = lang == Lang::Ja;
            let lines = if ja {
                &mut sec.lines_ja
            } else {
                &mut sec.lines_en
            };
            lines.push(visible(&r.name));
            lines.push(if ja {
                format!(
                    "  状態: {} / 有効期間の最終日: {} / 更新できる最初の日: {} / 最終日までの日数: {}",
                    text::status_label(r.status, lang),
                    r.last_day,
                    r.renewal_opens,
                    r.days_left
                )
            } else {
                format!(
                    "  status: {} / last day: {} / renewal opens: {} / days left: {}",
                    text::status_label(r.status, lang),
                    r.last_day,
                    r.renewal_opens,
                    r.days_left
                )
            });
            lines.push(if ja {
                format!(
                    "  場所: {} / 秘密鍵を確認なしで使える: {} / ルート証明書を信頼: {}",
                    csv::location(r.location, lang),
                    yes_no(r.key_usable, lang),
                    yes_no(r.root_trusted, lang)
                )
            } else {
                format!(
                    "  where: {} / key usable without a prompt: {} / root trusted: {}",
                    csv::location(r.location, lang),
                    yes_no(r.key_usable, lang),
                    yes_no(r.root_trusted, lang)
                )
            });
            if let (Some(first), Some(last)) = (r.next_first_day, r.next_last_day) {
                lines.push(if ja {
                    format!("  更新した証明書: {first} から有効（最終日 {last}）")
                } else {
                    format!("  renewed certificate: valid from {first} (last day {last})")
                });
            }
        }
    }
    sec
}

/// Prints the outcome, or with `--format csv` the table.
pub fn print(outcome: &Outcome<'_>, rows: &[OfficeRow], out: &OutputArgs) -> Result<i32> {
    if out.format != Format::Csv || out.quiet {
        return output::print(outcome, out);
    }
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(csv::render(rows, output::lang(out.lang)).as_bytes())?;
    stdout.flush()?;
    Ok(outcome.verdict().exit_code())
}
