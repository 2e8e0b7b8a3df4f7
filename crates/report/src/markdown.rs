//! The helpdesk report as Markdown, rendered from the document, so that a
//! received `.json` report read back is shown the same way (`certcheck report view`).
//! It holds what a helpdesk needs and nothing secret: no password, no key, no
//! file content. Every value from the document is untrusted (a received
//! report may be forged): it passes [`safe_text::visible`] and, in a report
//! file, Markdown escaping, so it can neither move the terminal's cursor nor
//! become a link, an image or HTML.

use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::document::{CandidateEntry, Document, FileSection};
use crate::safe_text;
use certcheck_core::findings::Lang;

fn t<'a>(lang: Lang, ja: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Ja { ja } else { en }
}

/// Where the Markdown goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// A .md or .html report: rendered by a Markdown viewer, so escaped.
    File,
    /// A terminal (`report view`): shown as it is, so only made visible.
    Terminal,
}

/// Backslash-escapes what could start markup: links and images (`[`, `!`),
/// HTML and autolinks (`<`, `&`, `:` of a scheme, `@` of an address, the dot
/// after `www`), emphasis and code, and table pipes.
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        let rest = &s.as_bytes()[i..];
        let www_dot = c == '.' && i >= 3 && s.as_bytes()[i - 3..i].eq_ignore_ascii_case(b"www");
        let scheme = c == ':' && rest.starts_with(b"://");
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '&' | '|' | '~' | '@' | '#'
        ) || www_dot
            || scheme
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
            format!("`{code}`")
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

fn render_as(doc: &Document, lang: Lang, style: Style) -> String {
    let c = Cells { style };
    let mut s = String::new();
    let _ = writeln!(s, "# certcheck {}\n", t(lang, "診断レポート", "report"));
    let _ = writeln!(
        s,
        "| {} | {} |\n|---|---|",
        t(lang, "項目", "item"),
        t(lang, "値", "value")
    );
    row(&mut s, "certcheck", c.opt(doc.certcheck_version.as_ref()));
    row(
        &mut s,
        t(lang, "コマンド", "command"),
        c.name(doc.command.as_ref()),
    );
    if let Some(env) = &doc.environment {
        row(&mut s, "OS", c.text(&env.os));
        row(
            &mut s,
            t(lang, "パソコンの時刻", "machine time"),
            c.text(&env.local_time),
        );
        row(
            &mut s,
            t(lang, "タイムゾーン", "time zone"),
            c.text(&env.time_zone),
        );
    }
    row(
        &mut s,
        t(lang, "判定の基準日時 (UTC)", "judged at (UTC)"),
        c.instant(doc.at),
    );
    let _ = writeln!(
        s,
        "| {} | {} ({} {}) |",
        t(lang, "判定", "verdict"),
        c.name(doc.verdict.as_ref()),
        t(lang, "終了コード", "exit code"),
        c.opt(doc.exit_code)
    );

    if let Some(first) = doc.findings.first() {
        let _ = writeln!(
            s,
            "\n## {}\n\n{}",
            t(lang, "次にすること", "Next step"),
            match style {
                Style::File => escape_paragraph(&safe_text::visible(&first.message)),
                Style::Terminal => safe_text::visible(&first.message).into_owned(),
            }
        );
    }
    let _ = writeln!(s, "\n## {}\n", t(lang, "確認結果", "Findings"));
    let rows: Vec<Vec<String>> = doc
        .findings
        .iter()
        .map(|f| {
            vec![
                f.severity
                    .map_or_else(|| c.opt(None::<String>), |v| c.text(v.label(lang))),
                c.code(&f.code),
                match &f.details {
                    Some(d) => format!(
                        "{} {}: {}",
                        c.text(&f.message),
                        t(lang, "詳細", "Details"),
                        c.text(d)
                    ),
                    None => c.text(&f.message),
                },
                c.text(&f.guide),
            ]
        })
        .collect();
    table(&mut s, lang, &FINDING_COLUMNS, &rows);

    for f in doc.subject.files() {
        file_section(&mut s, f, lang, c);
    }
    if let Some(store) = &doc.store {
        store_section(&mut s, &store.candidates, lang, c);
    }
    s
}

/// A two-column "item | value" row.
fn row(s: &mut String, label: &str, value: impl std::fmt::Display) {
    let _ = writeln!(s, "| {label} | {value} |");
}

/// A table with (Japanese title, English title) columns and rows of cells.
fn table(s: &mut String, lang: Lang, columns: &[(&str, &str)], rows: &[Vec<String>]) {
    let titles: Vec<&str> = columns.iter().map(|(ja, en)| t(lang, ja, en)).collect();
    let _ = writeln!(
        s,
        "| {} |\n|{}",
        titles.join(" | "),
        "---|".repeat(columns.len())
    );
    for r in rows {
        let _ = writeln!(s, "| {} |", r.join(" | "));
    }
}

fn file_section(s: &mut String, f: &FileSection, lang: Lang, c: Cells) {
    let _ = writeln!(
        s,
        "\n## {}: {}\n",
        t(lang, "ファイル", "File"),
        c.text(&f.file.path)
    );
    let _ = writeln!(
        s,
        "| {} | {} |\n|---|---|",
        t(lang, "項目", "item"),
        t(lang, "値", "value")
    );
    row(s, t(lang, "大きさ（バイト）", "bytes"), c.opt(f.file.bytes));
    row(s, "SHA-256", c.opt(f.file.sha256.as_ref()));
    row(
        s,
        t(lang, "パスワード", "password"),
        c.name(f.password.as_ref()),
    );
    if let Some(v) = &f.validity {
        row(s, t(lang, "状態", "status"), c.name(Some(&v.status)));
        row(
            s,
            t(lang, "有効期間の終了日", "last day"),
            c.text(&v.last_day.to_string()),
        );
        row(
            s,
            t(lang, "更新を始める目安の日", "renewal opens"),
            c.text(&v.renewal_opens.to_string()),
        );
        row(
            s,
            t(lang, "残り日数", "days left"),
            c.text(&v.days_left.to_string()),
        );
    }
    if let Some(p) = &f.protection {
        let pair = |a: String, b: String| format!("{a} / {b}");
        row(
            s,
            "MAC",
            p.mac.as_ref().map_or_else(
                || "-".into(),
                |m| pair(c.text(&m.digest), c.opt(m.iterations)),
            ),
        );
        for (label, scheme) in [
            (t(lang, "証明書の保護", "certificates"), &p.certificates),
            (t(lang, "秘密鍵の保護", "key"), &p.key),
        ] {
            row(
                s,
                label,
                scheme.as_ref().map_or_else(
                    || "-".into(),
                    |sc| pair(c.text(&sc.scheme), c.opt(sc.iterations)),
                ),
            );
        }
        row(s, t(lang, "形式", "encoding"), c.text(&p.encoding));
    }
    if !f.certificates.is_empty() {
        let _ = writeln!(s, "\n### {}\n", t(lang, "証明書", "Certificates"));
        let rows: Vec<Vec<String>> = f
            .certificates
            .iter()
            .map(|e| {
                vec![
                    c.name(e.role.as_ref()),
                    c.text(&e.subject),
                    c.text(&e.issuer),
                    c.text(&e.sha1),
                    c.text(&e.sha256),
                    c.instant(e.not_before),
                    c.instant(e.not_after),
                    c.opt(e.has_private_key),
                ]
            })
            .collect();
        table(s, lang, &CERT_COLUMNS, &rows);
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

fn store_section(s: &mut String, candidates: &[CandidateEntry], lang: Lang, c: Cells) {
    let _ = writeln!(
        s,
        "\n## {}\n",
        t(
            lang,
            "証明書ストア（Windows）",
            "Certificate store (Windows)"
        )
    );
    if candidates.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            t(
                lang,
                "該当する証明書はありません。",
                "No matching certificate."
            )
        );
        return;
    }
    let rows: Vec<Vec<String>> = candidates
        .iter()
        .map(|e| {
            vec![
                c.text(&e.location),
                c.text(&e.subject),
                c.text(&e.issuer),
                c.text(&e.sha1),
                c.instant(e.not_before),
                c.instant(e.not_after),
                c.opt(e.has_private_key),
                c.opt(e.key_usable_silently),
                c.opt(e.root_trusted),
            ]
        })
        .collect();
    table(s, lang, &STORE_COLUMNS, &rows);
}

/// What the HTML report may load: nothing from anywhere. Inline style and
/// data: images only, so even markup that slipped through fetches nothing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The Markdown (from [`render`], escaped) as one self-contained HTML page:
/// inline CSS, no script, no links, prints well.
#[cfg(feature = "html")]
pub fn to_html(markdown: &str, lang: Lang) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    // Raw HTML in values (subjects, paths) must not become markup.
    options.render.r#unsafe = false;
    options.render.escape = true;
    let body = comrak::markdown_to_html(markdown, &options);
    let lang_attr = if lang == Lang::Ja { "ja" } else { "en" };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_attr}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n<title>certcheck report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

#[cfg(feature = "html")]
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
            "\\[更新はこちら\\](https\\://x.example) \\!\\[\\](https\\://y)"
        );
        assert_eq!(escape_markdown("<script>a|b"), "\\<script\\>a\\|b");
        assert_eq!(escape_markdown("www.example.com"), "www\\.example.com");
        assert_eq!(escape_paragraph("- x"), "\\- x");
        assert_eq!(escape_paragraph("12. x"), "12\\. x");
        assert_eq!(
            escape_markdown("2026-05-31T01:02:03Z 0.1.0"),
            "2026-05-31T01:02:03Z 0.1.0"
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
