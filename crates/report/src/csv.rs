//! The offices' table as CSV that Excel and LibreOffice Calc open correctly
//! with Japanese.
//!
//! UTF-8 with a byte order mark (without it Excel on Japanese Windows reads
//! Shift_JIS and garbles the text), CRLF line ends, RFC 4180 quoting: every
//! text cell is quoted (quotes doubled), so a `;` or a tab in a name cannot
//! split it in Calc, whose import splits on `,`, `;` and tab by default;
//! numbers and dates are not.
//! Strings from certificates are hostile: a cell that would start with
//! `=`, `+`, `-`, `@` (or their full-width forms), a tab or a carriage
//! return is a formula to a spreadsheet (CSV injection), and a name that a
//! spreadsheet would read as a number or a date (`0012345678` loses its
//! zeros) is not text any more; such a cell gets a leading apostrophe and
//! shows as text, apostrophe included (LibreOffice Calc keeps it; tests/outside.rs).
//! Control characters are shown as `<U+XXXX>` (the one sanitizer,
//! [`crate::safe_text`]).

use certcheck_core::findings::Lang;
use certcheck_core::nfkc;

use crate::document::OfficeEntry;
use crate::safe_text::code_points;
use crate::text::{location, status_label, yes_no};

/// The byte order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// The whole CSV document: BOM, a header row, one row per office.
pub fn render(rows: &[OfficeEntry], lang: Lang) -> String {
    let header: &[&str] = match lang {
        Lang::Ja => &[
            "事業所",
            "状態",
            "有効期間の終了日",
            "更新を始める目安の日",
            "終了日までの日数",
            "ストア",
            "秘密鍵を確認なしで使える",
            "ルート証明書を信頼",
            "次の証明書の開始日",
            "次の証明書の終了日",
            "証明書の数",
            "拇印 (SHA-1)",
            "発行先",
        ],
        Lang::En => &[
            "office",
            "status",
            "last day",
            "renewal opens",
            "days left",
            "store",
            "key usable without a prompt",
            "root trusted",
            "next certificate starts",
            "next certificate's last day",
            "certificates",
            "thumbprint (SHA-1)",
            "subject",
        ],
    };
    let mut out = String::from(BOM);
    line(&mut out, header.iter().map(|h| Cell::Text(h.to_string())));
    for r in rows {
        let date = |d: Option<chrono::NaiveDate>| {
            Cell::Value(d.map(|d| d.to_string()).unwrap_or_default())
        };
        line(
            &mut out,
            [
                Cell::Text(untrusted(&r.name)),
                Cell::Text(status_label(r.status, lang).to_string()),
                Cell::Value(r.last_day.to_string()),
                Cell::Value(r.renewal_opens.to_string()),
                Cell::Value(r.days_left.to_string()),
                Cell::Text(location(&r.location, lang)),
                Cell::Text(yes_no(r.key_usable, lang).to_string()),
                Cell::Text(yes_no(r.root_trusted, lang).to_string()),
                date(r.next_first_day),
                date(r.next_last_day),
                Cell::Value(r.certificates.to_string()),
                Cell::Text(r.sha1.to_string()),
                Cell::Text(untrusted(&r.subject)),
            ],
        );
    }
    out
}

/// A cell as written: text is always quoted, a number or a date (ours,
/// never from a certificate) is left for the spreadsheet to read as one.
enum Cell {
    Text(String),
    Value(String),
}

fn line(out: &mut String, cells: impl IntoIterator<Item = Cell>) {
    let cells: Vec<String> = cells
        .into_iter()
        .map(|c| match c {
            Cell::Text(t) => format!("\"{}\"", t.replace('"', "\"\"")),
            Cell::Value(v) => v,
        })
        .collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// A string from a certificate: never a formula, never a number or a date,
/// never a control character.
pub fn untrusted(s: &str) -> String {
    let shown = code_points(s);
    if starts_a_formula(s) || reads_as_a_number(s) {
        format!("'{shown}")
    } else {
        shown.into_owned()
    }
}

/// Starts with what makes a spreadsheet cell a formula, full-width forms
/// (`＝`, which a Japanese IME types) included.
fn starts_a_formula(s: &str) -> bool {
    nfkc(s).starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Only digits and what numbers, dates, times, percentages and amounts are
/// written with, full-width forms included: a spreadsheet would turn it
/// into a number (`0012345678` → 12345678) or a date (`1/2`).
fn reads_as_a_number(s: &str) -> bool {
    let mut digits = false;
    for c in nfkc(s).chars() {
        match c {
            '0'..='9' => digits = true,
            '.' | ',' | '/' | ':' | '%' | '+' | '-' | '(' | ')' | '$' | '¥' | ' ' | 'e' | 'E' => {}
            _ => return false,
        }
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;
    use certcheck_core::policy::{Status, parse_date};

    fn row(name: &str) -> OfficeEntry {
        OfficeEntry {
            name: name.into(),
            subject: format!("C=JP, CN={name}"),
            status: Status::RenewalOpen,
            last_day: parse_date("2027-01-31").unwrap(),
            renewal_opens: parse_date("2026-10-31").unwrap(),
            days_left: -3,
            location: certcheck_core::Location::PERSONAL.to_string(),
            key_usable: Some(true),
            root_trusted: None,
            sha1: "AB".repeat(20),
            next_first_day: None,
            next_last_day: None,
            certificates: 1,
        }
    }

    #[test]
    fn bom_crlf_and_quoting() {
        let csv = render(&[row("事業所番号 0000000001 \"A\", B")], Lang::Ja);
        assert!(csv.starts_with("\u{feff}\"事業所\",\"状態\","));
        assert!(csv.ends_with("\r\n"));
        assert_eq!(csv.matches("\r\n").count(), 2);
        assert!(!csv.replace("\r\n", "").contains('\n'));
        let body = csv.split("\r\n").nth(1).unwrap();
        assert!(
            body.starts_with("\"事業所番号 0000000001 \"\"A\"\", B\",\"有効（更新の手続きができます）\",2027-01-31,2026-10-31,-3,\"CurrentUser\\MY\",\"はい\",\"不明\",,,1,\""),
            "{body}"
        );
    }

    #[test]
    fn formulas_and_control_characters_are_defused() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-1+2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "＝1+1",
            "＋1",
            "0012345678",
            "０１２",
            "1/2",
            "1,234.5",
        ] {
            let cell = untrusted(bad);
            assert!(cell.starts_with('\''), "{bad:?} -> {cell:?}");
        }
        assert_eq!(untrusted("a\u{1b}[2Jb"), "a<U+001B>[2Jb");
        assert_eq!(untrusted("x\u{202e}y"), "x<U+202E>y");
        assert_eq!(untrusted("事業所"), "事業所");
        assert_eq!(untrusted("0012345678 事業所"), "0012345678 事業所");
        let csv = render(&[row("=1+1")], Lang::En);
        assert!(csv.contains("\r\n\"'=1+1\","), "{csv}");
        // A semicolon or a tab stays inside its quoted cell.
        let csv = render(&[row("a;b")], Lang::En);
        assert!(csv.contains("\r\n\"a;b\","), "{csv}");
        // A line break inside a name never starts a new row.
        let csv = render(&[row("a\r\nb")], Lang::En);
        assert_eq!(csv.matches("\r\n").count(), 2);
    }
}
