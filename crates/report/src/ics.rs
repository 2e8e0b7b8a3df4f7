//! Reminders as an iCalendar file (RFC 5545) that Outlook and Google
//! Calendar import: for each certificate, an all-day event on the day renewal
//! opens and one on its last day, each with an alarm a week before.
//!
//! Text is Japanese (the offices' language) and follows the procedure: renewal
//! is applied for in the 電子請求受付システム; once the certificate has expired
//! the same steps apply, and nothing can be transmitted until the new
//! certificate is installed.

use chrono::{DateTime, NaiveDate, Utc};

use certcheck_core::relations::Reminder;

use crate::safe_text;

/// The longest line in octets, CRLF not counted (RFC 5545 3.1).
const LINE_OCTETS: usize = 75;

/// The calendar, or None when no event falls on or after `today` (a
/// VCALENDAR must hold at least one component).
///
/// `stamp` is when the file is made (DTSTAMP). UIDs are stable per
/// certificate and event, so importing a newer file updates the events
/// instead of adding them twice.
pub fn render(reminders: &[Reminder], today: NaiveDate, stamp: DateTime<Utc>) -> Option<String> {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut events = Vec::new();
    for r in reminders {
        // The name comes from a certificate: its line breaks and controls
        // are shown as `<U+XXXX>` before the text is put together, so only
        // our own line breaks become iCalendar's `\n`.
        let office = safe_text::code_points(&r.office);
        let thumb = format!("拇印 (SHA-1): {}", r.sha1);
        if r.successor.is_none() && r.renewal_opens >= today {
            events.push(Event {
                uid: format!("{}-renewal-opens@certcheck", r.sha1),
                date: r.renewal_opens,
                summary: format!("電子証明書の更新を始める目安の日（{office}）"),
                description: format!(
                    "{office} の電子証明書は、今日が更新の手続きを始める目安の日です（有効期間の終了日は {last}）。\n\
                     電子請求受付システムにログインし、「証明書」→「証明書の発行申請をする」から申請してください。\n\
                     「証明書の発行申請をする」がまだ出ないときは、「証明書有効期限切れ事前通知」が届くのを待つか、国保連合会に確認してください。\n\
                     有効期限が切れると、新しい証明書をインストールするまで伝送できません。早めに申請してください。\n{thumb}",
                    last = r.last_day
                ),
                alarm: format!("1 週間後が電子証明書の更新を始める目安の日です（{office}）"),
            });
        }
        if r.last_day >= today {
            let description = match r.successor {
                None => format!(
                    "{office} の電子証明書は、今日が有効期間の終了日です。明日からは、新しい証明書をインストールするまで伝送できません。\n\
                     まだ更新していなければ、今すぐ電子請求受付システムで更新を申請してください（期限が切れた後も同じ手順で申請します。「証明書」のメニューに「証明書の発行申請をする」がない場合は国保連合会に確認してください）。\n\
                     新しい証明書は、伝送するパソコンにインストールしてください。\n{thumb}"
                ),
                Some((first, None)) => format!(
                    "{office} の古い電子証明書は、今日が有効期間の終了日です。更新した証明書は {first} から有効です。\n\
                     更新した証明書が伝送するパソコンにインストールされていることを確かめてください。古い証明書は、新しい証明書の有効期間が始まり、新しい証明書で伝送できたことを確かめてから削除してください。\n{thumb}"
                ),
                Some((first, Some(gap))) => format!(
                    "{office} の古い電子証明書は、今日が有効期間の終了日です。更新した証明書は {first} から有効なので、{from} から {to} まで（{days} 日間）伝送できません。\n\
                     請求の日程を確かめ、請求の締め切りに間に合わないときは、国保連合会に相談してください。\n{thumb}",
                    from = gap.from,
                    to = gap.to,
                    days = gap.days
                ),
            };
            events.push(Event {
                uid: format!("{}-last-day@certcheck", r.sha1),
                date: r.last_day,
                summary: format!("電子証明書の有効期間の終了日（{office}）"),
                description,
                alarm: format!("1 週間後に電子証明書の有効期間が終わります（{office}）"),
            });
        }
    }
    if events.is_empty() {
        return None;
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uid.cmp(&b.uid)));

    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        concat!(
            "PRODID:-//certcheck//certcheck ",
            env!("CARGO_PKG_VERSION"),
            "//JA"
        ),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    for e in &events {
        let next = e.date.succ_opt().unwrap_or(e.date);
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", text(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")),
        );
        line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        );
        line(&mut out, &format!("SUMMARY:{}", text(&e.summary)));
        line(&mut out, &format!("DESCRIPTION:{}", text(&e.description)));
        // An all-day reminder should not show the day as busy.
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "BEGIN:VALARM");
        line(&mut out, "ACTION:DISPLAY");
        line(&mut out, "TRIGGER:-P7D");
        line(&mut out, &format!("DESCRIPTION:{}", text(&e.alarm)));
        line(&mut out, "END:VALARM");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    Some(out)
}

struct Event {
    uid: String,
    date: NaiveDate,
    summary: String,
    description: String,
    alarm: String,
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line
/// breaks escaped; other control characters (never valid in TEXT) and
/// reordering marks shown as `<U+XXXX>` ([`safe_text::code_points`]).
/// Untrusted parts must already be shown visibly: a line feed here becomes
/// a line break in every calendar.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    safe_text::code_points(&out).into_owned()
}

/// Writes one content line, folded at 75 octets without splitting a UTF-8
/// character: continuation lines start with one space (which counts).
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use certcheck_core::policy::parse_date;
    use certcheck_core::relations::Gap;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn reminder(office: &str, last: &str, successor: Option<(NaiveDate, Option<Gap>)>) -> Reminder {
        Reminder {
            office: office.into(),
            sha1: "0123456789ABCDEF0123456789ABCDEF01234567".parse().unwrap(),
            last_day: d(last),
            renewal_opens: certcheck_core::policy::renewal_opens(d(last)),
            successor,
        }
    }

    /// Unfolds content lines (RFC 5545 3.1).
    fn unfold(ics: &str) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for l in ics.split("\r\n") {
            if let Some(rest) = l.strip_prefix(' ') {
                lines.last_mut().unwrap().push_str(rest);
            } else if !l.is_empty() {
                lines.push(l.to_string());
            }
        }
        lines
    }

    fn stamp() -> DateTime<Utc> {
        certcheck_core::policy::parse_at("2026-01-15T01:02:03Z").unwrap()
    }

    #[test]
    fn events_on_renewal_opening_and_last_day_with_alarms() {
        let ics = render(
            &[reminder(
                "事業所番号 0000000001 さくら介護（架空）",
                "2028-05-31",
                None,
            )],
            d("2026-01-15"),
            stamp(),
        )
        .unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains(['\r', '\n']));
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let lines = unfold(&ics);
        let has = |want: &str| lines.iter().any(|l| l == want);
        assert!(has("DTSTART;VALUE=DATE:20280229"));
        assert!(has("DTEND;VALUE=DATE:20280301"));
        assert!(has("DTSTART;VALUE=DATE:20280531"));
        assert!(has("DTEND;VALUE=DATE:20280601"));
        assert!(has("DTSTAMP:20260115T010203Z"));
        assert_eq!(lines.iter().filter(|l| *l == "TRIGGER:-P7D").count(), 2);
        assert_eq!(lines.iter().filter(|l| l.starts_with("UID:")).count(), 2);
        assert!(has(
            "SUMMARY:電子証明書の更新を始める目安の日（事業所番号 0000000001 さくら介護（架空））"
        ));
        let text = lines.join("\n");
        assert!(text.contains("電子請求受付システム"));
        assert!(text.contains("同じ手順で申請します"));
        for wrong in ["新規", "1 か月", "約 1"] {
            assert!(!text.contains(wrong), "{wrong}");
        }
        // Folding never splits a character: every physical line is UTF-8 on its own.
        let folded: Vec<&str> = ics.split("\r\n").collect();
        assert!(folded.len() > lines.len());
    }

    #[test]
    fn past_dates_and_a_renewal_in_hand() {
        // In the renewal window already: only the last day is ahead.
        let ics = render(
            &[reminder("A", "2026-03-31", None)],
            d("2026-01-15"),
            stamp(),
        )
        .unwrap();
        let lines = unfold(&ics);
        assert_eq!(lines.iter().filter(|l| l.starts_with("DTSTART")).count(), 1);
        // Renewed without a gap: no "apply now", the last day says the new one follows.
        let ics = render(
            &[reminder("A", "2028-05-31", Some((d("2028-06-01"), None)))],
            d("2026-01-15"),
            stamp(),
        )
        .unwrap();
        let text = unfold(&ics).join("\n");
        assert!(!text.contains("更新を始める目安の日"));
        assert!(text.contains("2028-06-01 から有効"));
        // With a gap: the days without transmission.
        let gap = Gap {
            from: d("2028-06-01"),
            to: d("2028-06-09"),
            days: 9,
        };
        let ics = render(
            &[reminder(
                "A",
                "2028-05-31",
                Some((d("2028-06-10"), Some(gap))),
            )],
            d("2026-01-15"),
            stamp(),
        )
        .unwrap();
        assert!(
            unfold(&ics)
                .join("\n")
                .contains("2028-06-01 から 2028-06-09 まで（9 日間）伝送できません")
        );
        // Nothing ahead: no calendar.
        assert!(
            render(
                &[reminder("A", "2025-05-31", None)],
                d("2026-01-15"),
                stamp()
            )
            .is_none()
        );
    }

    #[test]
    fn text_is_escaped_and_hostile_names_stay_one_value() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(text("x\r\nBEGIN:VEVENT"), "x<U+000D>\\nBEGIN:VEVENT");
        assert_eq!(text("\u{1b}]0;t\u{7}"), "<U+001B>]0\\;t<U+0007>");
        let ics = render(
            &[reminder(
                "evil\r\nEND:VEVENT\r\nBEGIN:VEVENT",
                "2028-05-31",
                None,
            )],
            d("2026-01-15"),
            stamp(),
        )
        .unwrap();
        let lines = unfold(&ics);
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
        assert_eq!(lines.iter().filter(|l| *l == "END:VEVENT").count(), 2);
        // A line feed in the name is no line break in the summary.
        assert!(
            lines.contains(
                &"SUMMARY:電子証明書の有効期間の終了日（evil<U+000D><U+000A>END:VEVENT<U+000D><U+000A>BEGIN:VEVENT）"
                    .to_string()
            ),
            "{lines:#?}"
        );
    }

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let mut out = String::new();
        let content = format!("SUMMARY:{}", "あ".repeat(60));
        line(&mut out, &content);
        let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.iter().all(|l| l.len() <= 75));
        assert_eq!(physical[0].len(), 8 + 3 * 22); // 74: a 23rd "あ" would make 77
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        let joined: String = physical
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(joined, content);
        let mut ascii = String::new();
        line(&mut ascii, &"x".repeat(150));
        let p: Vec<&str> = ascii.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(p.iter().map(|l| l.len()).collect::<Vec<_>>(), [75, 75, 2]);
    }
}
