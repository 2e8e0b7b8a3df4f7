//! The helpdesk report as Markdown (a .md file, and `certcheck report view`
//! on a terminal) and as HTML (a .html file), rendered from the document, so
//! that a received `.json` report read back is shown the same way.
//! It holds what a helpdesk needs and nothing secret: no password, no key, no
//! file content. Every value from the document is untrusted (a received
//! report may be forged): it passes [`safe_text::visible`] and then the one
//! escaper of its target: Markdown escaping in a .md file (so no previewer,
//! even one that links bare domains, makes a link, an image or HTML of it),
//! HTML escaping in the .html file, which is written directly (no Markdown
//! step in between that could make a link of a domain name).

use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::document::{CandidateEntry, Document, FileSection};
use crate::safe_text;
use certcheck_catalog::escape_html;
use certcheck_core::findings::Lang;

fn t<'a>(lang: Lang, ja: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Ja { ja } else { en }
}

/// Where the report goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// A .md report: rendered by a Markdown viewer, so escaped.
    File,
    /// A terminal (`report view`): shown as it is, so only made visible.
    Terminal,
    /// A .html report: HTML, escaped as HTML.
    Html,
}

/// Backslash-escapes what could start markup: links and images (`[`, `!`),
/// HTML (`<`, `&`), emphasis and code, table pipes, and every part of an
/// autolink that previews find without a scheme (markdown-it's linkify): a
/// dot before a domain label (a letter follows) or inside an IPv4 address
/// (a version such as 0.1.0 stays as it is), the `@` of an address, the `:`
/// of a scheme and the `//` of a schema-less link.
/// An escaped character is text of its own to a Markdown parser, so no
/// domain, address or URL is left whole for the linkifier to find.
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        let next = s[i + c.len_utf8()..].chars().next();
        let label_dot = c == '.'
            && next
                .is_some_and(|n| n.is_alphabetic() || (n.is_ascii_digit() && in_dotted_quad(s, i)));
        let scheme = c == ':' && next == Some('/');
        let slashes = c == '/' && next == Some('/');
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '&' | '|' | '~' | '@' | '#'
        ) || label_dot
            || scheme
            || slashes
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the byte `at` is in a run of digits and dots with three dots or
/// more (`10.0.0.1`), which a linkifier may take for an IPv4 address.
fn in_dotted_quad(s: &str, at: usize) -> bool {
    let part = |c: char| c.is_ascii_digit() || c == '.';
    let start = s[..at].rfind(|c| !part(c)).map_or(0, |i| i + 1);
    let end = s[at..].find(|c| !part(c)).map_or(s.len(), |i| at + i);
    s[start..end].matches('.').count() >= 3
}

/// [`escape_markdown`] for text that starts a paragraph: it must not start
/// a list or a setext heading underline either.
fn escape_paragraph(s: &str) -> String {
    let mut out = escape_markdown(s);
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else if let Some(p) = out.find(|c: char| !c.is_ascii_digit())
        && p > 0
        && out[p..].starts_with(['.', ')'])
    {
        out.insert(p, '\\');
    }
    out
}

/// Table cells and values: every string from the document is untrusted.
#[derive(Clone, Copy)]
struct Cells {
    style: Style,
}

impl Cells {
    /// A value as shown: visible, and escaped in a file.
    fn text(self, s: &str) -> String {
        let shown = safe_text::visible(s);
        match self.style {
            Style::File => escape_markdown(&shown),
            // Pipes would break the table (line breaks are already shown as `\x0a`).
            Style::Terminal => shown.replace('|', "\\|"),
            Style::Html => escape_html(&shown),
        }
    }

    /// Our own words (labels): escaped for HTML only; they hold no markup.
    fn ours(self, s: &str) -> String {
        match self.style {
            Style::Html => escape_html(s),
            Style::File | Style::Terminal => s.to_string(),
        }
    }

    /// A value the document may not have: `-` then.
    fn opt(self, v: Option<impl std::fmt::Display>) -> String {
        v.map_or_else(|| "-".into(), |v| self.text(&v.to_string()))
    }

    /// An enum by its name in the JSON (`renewal_open`, `client`, ...).
    fn name(self, v: Option<&impl serde::Serialize>) -> String {
        let name = v.and_then(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(s)) => Some(s),
            _ => None,
        });
        self.opt(name)
    }

    /// An instant as the JSON has it.
    fn instant(self, t: Option<DateTime<Utc>>) -> String {
        self.opt(t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)))
    }

    /// A finding code as a code span. Backslash escapes do not work inside
    /// code spans, so only a plain code (letters, digits, `.` and `_`) goes
    /// into one; anything else a forged report puts there is shown as
    /// escaped text.
    fn code(self, code: &str) -> String {
        if !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        {
            match self.style {
                Style::Html => format!("<code>{code}</code>"),
                Style::File | Style::Terminal => format!("`{code}`"),
            }
        } else {
            self.text(code)
        }
    }
}

/// Renders a certcheck document as Markdown for a report file.
pub fn render(doc: &Document, lang: Lang) -> String {
    render_as(doc, lang, Style::File)
}

/// Renders a certcheck document as Markdown to show on a terminal.
pub fn render_for_terminal(doc: &Document, lang: Lang) -> String {
    render_as(doc, lang, Style::Terminal)
}

/// The page being written: headings, tables and paragraphs as Markdown or
/// HTML. Values reach it already escaped by [`Cells`].
struct Page {
    c: Cells,
    out: String,
    table_open: bool,
}

impl Page {
    fn new(style: Style) -> Self {
        Page {
            c: Cells { style },
            out: String::new(),
            table_open: false,
        }
    }

    fn html(&self) -> bool {
        self.c.style == Style::Html
    }

    /// Ends an open table (a Markdown table ends at the next blank line).
    fn close_table(&mut self) {
        if self.table_open && self.html() {
            self.out.push_str("</tbody>\n</table>\n");
        }
        self.table_open = false;
    }

    /// A heading: our label, then an escaped value if any (`ファイル: path`).
    fn heading(&mut self, level: usize, label: &str, value: Option<String>) {
        self.close_table();
        let label = self.c.ours(label);
        let text = match value {
            Some(v) => format!("{label}: {v}"),
            None => label,
        };
        if self.html() {
            let _ = writeln!(self.out, "<h{level}>{text}</h{level}>");
        } else {
            let before = if level == 1 { "" } else { "\n" };
            let _ = writeln!(self.out, "{before}{} {text}\n", "#".repeat(level));
        }
    }

    /// A paragraph of escaped text.
    fn paragraph(&mut self, text: &str) {
        self.close_table();
        if self.html() {
            let _ = writeln!(self.out, "<p>{text}</p>");
        } else {
            let _ = writeln!(self.out, "{text}");
        }
    }

    /// Starts a table with (Japanese title, English title) columns.
    fn table(&mut self, lang: Lang, columns: &[(&str, &str)]) {
        self.close_table();
        let titles: Vec<String> = columns
            .iter()
            .map(|(ja, en)| self.c.ours(t(lang, ja, en)))
            .collect();
        if self.html() {
            let _ = writeln!(
                self.out,
                "<table>\n<thead>\n<tr><th>{}</th></tr>\n</thead>\n<tbody>",
                titles.join("</th><th>")
            );
        } else {
            let _ = writeln!(
                self.out,
                "| {} |\n|{}",
                titles.join(" | "),
                "---|".repeat(columns.len())
            );
        }
        self.table_open = true;
    }

    /// A row of escaped cells.
    fn row(&mut self, cells: &[String]) {
        if self.html() {
            let _ = writeln!(self.out, "<tr><td>{}</td></tr>", cells.join("</td><td>"));
        } else {
            let _ = writeln!(self.out, "| {} |", cells.join(" | "));
        }
    }

    /// A two-column "item | value" row: our label, an escaped value.
    fn pair(&mut self, label: &str, value: String) {
        let label = self.c.ours(label);
        self.row(&[label, value]);
    }

    fn finish(mut self) -> String {
        self.close_table();
        self.out
    }
}

const ITEM_COLUMNS: [(&str, &str); 2] = [("項目", "item"), ("値", "value")];

fn render_as(doc: &Document, lang: Lang, style: Style) -> String {
    let mut p = Page::new(style);
    let c = p.c;
    p.heading(
        1,
        &format!("certcheck {}", t(lang, "診断レポート", "report")),
        None,
    );
    p.table(lang, &ITEM_COLUMNS);
    p.pair("certcheck", c.opt(doc.certcheck_version.as_ref()));
    p.pair(t(lang, "コマンド", "command"), c.name(doc.command.as_ref()));
    if let Some(env) = &doc.environment {
        p.pair("OS", c.text(&env.os));
        p.pair(
            t(lang, "パソコンの時刻", "machine time"),
            c.text(&env.local_time),
        );
        p.pair(t(lang, "タイムゾーン", "time zone"), c.text(&env.time_zone));
    }
    p.pair(
        t(lang, "判定の基準日時 (UTC)", "judged at (UTC)"),
        c.instant(doc.at),
    );
    p.pair(
        t(lang, "判定", "verdict"),
        format!(
            "{} ({} {})",
            c.name(doc.verdict.as_ref()),
            c.ours(t(lang, "終了コード", "exit code")),
            c.opt(doc.exit_code)
        ),
    );

    if let Some(first) = doc.findings.first() {
        p.heading(2, t(lang, "次にすること", "Next step"), None);
        let shown = safe_text::visible(&first.message);
        p.paragraph(&match style {
            Style::File => escape_paragraph(&shown),
            Style::Terminal => shown.into_owned(),
            Style::Html => escape_html(&shown),
        });
    }
    p.heading(2, t(lang, "確認結果", "Findings"), None);
    p.table(lang, &FINDING_COLUMNS);
    for f in &doc.findings {
        let message = match &f.details {
            Some(d) => format!(
                "{} {}: {}",
                c.text(&f.message),
                t(lang, "詳細", "Details"),
                c.text(d)
            ),
            None => c.text(&f.message),
        };
        p.row(&[
            f.severity
                .map_or_else(|| c.opt(None::<String>), |v| c.text(v.label(lang))),
            c.code(&f.code),
            message,
            c.text(&f.guide),
        ]);
    }

    for f in doc.subject.files() {
        file_section(&mut p, f, lang);
    }
    if let Some(store) = &doc.store {
        store_section(&mut p, &store.candidates, lang);
    }
    p.finish()
}

fn file_section(p: &mut Page, f: &FileSection, lang: Lang) {
    let c = p.c;
    p.heading(2, t(lang, "ファイル", "File"), Some(c.text(&f.file.path)));
    p.table(lang, &ITEM_COLUMNS);
    p.pair(t(lang, "大きさ（バイト）", "bytes"), c.opt(f.file.bytes));
    p.pair("SHA-256", c.opt(f.file.sha256.as_ref()));
    p.pair(
        t(lang, "パスワード", "password"),
        c.name(f.password.as_ref()),
    );
    if let Some(v) = &f.validity {
        p.pair(t(lang, "状態", "status"), c.name(Some(&v.status)));
        p.pair(
            t(lang, "有効期間の終了日", "last day"),
            c.text(&v.last_day.to_string()),
        );
        p.pair(
            t(lang, "更新を始める目安の日", "renewal opens"),
            c.text(&v.renewal_opens.to_string()),
        );
        p.pair(
            t(lang, "残り日数", "days left"),
            c.text(&v.days_left.to_string()),
        );
    }
    if let Some(pr) = &f.protection {
        let pair = |a: String, b: String| format!("{a} / {b}");
        p.pair(
            "MAC",
            pr.mac.as_ref().map_or_else(
                || "-".into(),
                |m| pair(c.text(&m.digest), c.opt(m.iterations)),
            ),
        );
        for (label, scheme) in [
            (t(lang, "証明書の保護", "certificates"), &pr.certificates),
            (t(lang, "秘密鍵の保護", "key"), &pr.key),
        ] {
            p.pair(
                label,
                scheme.as_ref().map_or_else(
                    || "-".into(),
                    |sc| pair(c.text(&sc.scheme), c.opt(sc.iterations)),
                ),
            );
        }
        p.pair(t(lang, "形式", "encoding"), c.text(&pr.encoding));
    }
    if !f.certificates.is_empty() {
        p.heading(3, t(lang, "証明書", "Certificates"), None);
        p.table(lang, &CERT_COLUMNS);
        for e in &f.certificates {
            p.row(&[
                c.name(e.role.as_ref()),
                c.text(&e.summary.subject),
                c.text(&e.summary.issuer),
                c.text(&e.summary.sha1),
                c.text(&e.summary.sha256),
                c.instant(e.summary.not_before),
                c.instant(e.summary.not_after),
                c.opt(e.has_private_key),
            ]);
        }
    }
}

const FINDING_COLUMNS: [(&str, &str); 4] = [
    ("重さ", "severity"),
    ("コード", "code"),
    ("内容", "message"),
    ("ガイド", "guide"),
];

const CERT_COLUMNS: [(&str, &str); 8] = [
    ("役割", "role"),
    ("発行先", "subject"),
    ("発行者", "issuer"),
    ("拇印 (SHA-1)", "SHA-1"),
    ("SHA-256", "SHA-256"),
    ("開始", "not before"),
    ("終了", "not after"),
    ("秘密鍵", "key"),
];

const STORE_COLUMNS: [(&str, &str); 9] = [
    ("場所", "location"),
    ("発行先", "subject"),
    ("発行者", "issuer"),
    ("拇印 (SHA-1)", "SHA-1"),
    ("開始", "not before"),
    ("終了", "not after"),
    ("秘密鍵", "key"),
    ("確認なしで鍵を使える", "key usable silently"),
    ("ルート信頼", "root trusted"),
];

fn store_section(p: &mut Page, candidates: &[CandidateEntry], lang: Lang) {
    let c = p.c;
    p.heading(
        2,
        t(
            lang,
            "証明書ストア（Windows）",
            "Certificate store (Windows)",
        ),
        None,
    );
    if candidates.is_empty() {
        p.paragraph(&c.ours(t(
            lang,
            "該当する証明書はありません。",
            "No matching certificate.",
        )));
        return;
    }
    p.table(lang, &STORE_COLUMNS);
    for e in candidates {
        p.row(&[
            c.text(&e.location),
            c.text(&e.summary.subject),
            c.text(&e.summary.issuer),
            c.text(&e.summary.sha1),
            c.instant(e.summary.not_before),
            c.instant(e.summary.not_after),
            c.opt(e.has_private_key),
            c.opt(e.key_usable_silently),
            c.opt(e.root_trusted),
        ]);
    }
}

/// What the HTML report may load: nothing from anywhere. Inline style and
/// data: images only, so even markup that slipped through fetches nothing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The report as one self-contained HTML page, written directly (every value
/// through one HTML escaper): inline CSS, no script, no links, prints well.
pub fn to_html(doc: &Document, lang: Lang) -> String {
    let body = render_as(doc, lang, Style::Html);
    let lang_attr = if lang == Lang::Ja { "ja" } else { "en" };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_attr}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n<title>certcheck report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

const CSS: &str = "body{font-family:\"Yu Gothic\",\"Meiryo\",\"Hiragino Sans\",\"Noto Sans CJK JP\",sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.6}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top;word-break:break-all}
th{background:#eef2f7}
code{font-family:Consolas,monospace}
h1{font-size:1.5rem;border-bottom:2px solid #1a1a1a}
h2{font-size:1.2rem;margin-top:1.5rem}
@media print{body{margin:0;max-width:none}th{background:#ddd}a{color:inherit;text-decoration:none}}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_values_stays_text() {
        assert_eq!(
            escape_markdown("[更新はこちら](https://x.example) ![](https://y)"),
            "\\[更新はこちら\\](https\\:\\//x\\.example) \\!\\[\\](https\\:\\//y)"
        );
        assert_eq!(escape_markdown("<script>a|b"), "\\<script\\>a\\|b");
        assert_eq!(escape_markdown("www.example.com"), "www\\.example\\.com");
        assert_eq!(
            escape_markdown("renew.example.com/login a@b.jp //x http://localhost 10.0.0.1"),
            "renew\\.example\\.com/login a\\@b\\.jp \\//x http\\:\\//localhost 10\\.0\\.0\\.1"
        );
        assert_eq!(escape_paragraph("- x"), "\\- x");
        assert_eq!(escape_paragraph("12. x"), "12\\. x");
        assert_eq!(
            escape_markdown("2026-05-31T01:02:03Z 0.1.0 1. x."),
            "2026-05-31T01:02:03Z 0.1.0 1. x."
        );
    }

    #[test]
    fn codes_are_code_spans_without_escapes() {
        let file = Cells { style: Style::File };
        let plain = file.code("doctor.file_installed");
        assert_eq!(plain, "`doctor.file_installed`");
        let forged = file.code("x`](https://e.example)");
        assert!(!forged.starts_with('`'), "{forged}");
        assert!(forged.contains(r"\`") && forged.contains(r"\]"), "{forged}");
    }
}
