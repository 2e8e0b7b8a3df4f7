//! The one sanitizer every printer applies to untrusted strings (subjects,
//! issuers, file names, fields of a received report) before they reach a
//! terminal, a report, a spreadsheet or a calendar. Control characters would
//! move the cursor, retitle the window or clear the screen; line breaks would
//! forge lines such as 「判定: 問題なし」 or rows and events; bidi controls
//! reorder what is shown. Each such character is shown visibly instead: on a
//! terminal and in reports `\x1b`, `\x0a`, `<U+202E>` ([`visible`]); in CSV
//! and iCalendar files every one as `<U+XXXX>` ([`code_points`]).

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that change how text around them is shown, not what it says.
fn is_hidden_format(c: char) -> bool {
    matches!(c,
        '\u{061c}'                      // Arabic letter mark
        | '\u{180e}'                    // Mongolian vowel separator
        | '\u{200b}'..='\u{200f}'       // zero-width space/joiners, LRM, RLM
        | '\u{2028}' | '\u{2029}'       // line and paragraph separators
        | '\u{202a}'..='\u{202e}'       // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'       // bidi isolates
        | '\u{206a}'..='\u{206f}'       // deprecated format controls
        | '\u{feff}'                    // BOM / zero-width no-break space
        | '\u{fff9}'..='\u{fffb}'       // interlinear annotations
    )
}

/// Whether `c` is shown as its code point instead of itself.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_hidden_format(c)
}

/// `s` with every control and invisible format character shown visibly:
/// C0 controls and DEL as `\x1b`, the others as `<U+202E>`.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, |out, c| {
        if (c as u32) < 0x20 || c == '\u{7f}' {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "<U+{:04X}>", c as u32);
        }
    })
}

/// `s` with every control and invisible format character as `<U+XXXX>`.
pub fn code_points(s: &str) -> Cow<'_, str> {
    escape(s, |out, c| {
        let _ = write!(out, "<U+{:04X}>", c as u32);
    })
}

fn escape(s: &str, shown: impl Fn(&mut String, char)) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            shown(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_visible() {
        assert_eq!(visible("普通の名前 (fictional)"), "普通の名前 (fictional)");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("a\x1b]0;x\x07b\r\n判定: 問題なし\0"),
            "a\\x1b]0;x\\x07b\\x0d\\x0a判定: 問題なし\\x00"
        );
        assert_eq!(visible("x\u{202e}gpj.exe"), "x<U+202E>gpj.exe");
        assert_eq!(
            visible("\u{2066}\u{2069}\u{85}\u{7f}"),
            "<U+2066><U+2069><U+0085>\\x7f"
        );
        assert_eq!(visible("\u{200e}tab\there"), "<U+200E>tab\\x09here");
        assert_eq!(code_points("a\u{1b}[2J\u{202e}b"), "a<U+001B>[2J<U+202E>b");
    }
}
