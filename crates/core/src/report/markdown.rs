//! The helpdesk report as Markdown, rendered from the JSON document so that a
//! received `.json` report can be shown the same way (`certcheck report view`).
//! It holds what a helpdesk needs and nothing secret: no password, no key, no
//! file content. Every value from the document is untrusted (a received
//! report may be forged): it passes [`safe_text::visible`] and, in a report
//! file, Markdown escaping, so it can neither move the terminal's cursor nor
//! become a link, an image or HTML.

use std::fmt::Write;

use serde_json::Value;

use super::safe_text;
use crate::findings::Lang;

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

fn text_of(v: &Value, style: Style) -> String {
    let s = match v {
        Value::Null => "-".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    };
    let shown = safe_text::visible(&s);
    match style {
        Style::File => escape_markdown(&shown),
        Style::Terminal => shown.into_owned(),
    }
}

/// Table cells: pipes would break the table (line breaks are already shown as `\x0a`).
fn cell_as(v: &Value, style: Style) -> String {
    let s = text_of(v, style);
    match style {
        Style::File => s,
        Style::Terminal => s.replace('|', "\\|"),
    }
}

/// A finding code as a code span. Backslash escapes do not work inside code
/// spans, so only a plain code (letters, digits, `.` and `_`) goes into one;
/// anything else a forged report puts there is shown as escaped text.
fn code_cell(v: &Value, style: Style) -> String {
    match v.as_str() {
        Some(code)
            if !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') =>
        {
            format!("`{code}`")
        }
        _ => cell_as(v, style),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("-")
}

/// Renders a certcheck JSON document as Markdown for a report file.
pub fn render(doc: &Value, lang: Lang) -> String {
    render_as(doc, lang, Style::File)
}

/// Renders a certcheck JSON document as Markdown to show on a terminal.
pub fn render_for_terminal(doc: &Value, lang: Lang) -> String {
    render_as(doc, lang, Style::Terminal)
}

fn render_as(doc: &Value, lang: Lang, style: Style) -> String {
    let cell = |v: &Value| cell_as(v, style);
    let mut s = String::new();
    let _ = writeln!(s, "# certcheck {}\n", t(lang, "診断レポート", "report"));
    let _ = writeln!(
        s,
        "| {} | {} |\n|---|---|",
        t(lang, "項目", "item"),
        t(lang, "値", "value")
    );
    let _ = writeln!(s, "| certcheck | {} |", cell(&doc["certcheck_version"]));
    let _ = writeln!(
        s,
        "| {} | {} |",
        t(lang, "コマンド", "command"),
        cell(&doc["command"])
    );
    if let Some(env) = doc.get("environment") {
        let _ = writeln!(s, "| OS | {} |", cell(&env["os"]));
        let _ = writeln!(
            s,
            "| {} | {} |",
            t(lang, "パソコンの時刻", "machine time"),
            cell(&env["local_time"])
        );
        let _ = writeln!(
            s,
            "| {} | {} |",
            t(lang, "タイムゾーン", "time zone"),
            cell(&env["time_zone"])
        );
    }
    let _ = writeln!(
        s,
        "| {} | {} |",
        t(lang, "判定の基準日時 (UTC)", "judged at (UTC)"),
        cell(&doc["at"])
    );
    let _ = writeln!(
        s,
        "| {} | {} ({} {}) |",
        t(lang, "判定", "verdict"),
        cell(&doc["verdict"]),
        t(lang, "終了コード", "exit code"),
        cell(&doc["exit_code"])
    );

    let findings = doc["findings"].as_array().cloned().unwrap_or_default();
    if let Some(first) = findings.first() {
        let _ = writeln!(
            s,
            "\n## {}\n\n{}",
            t(lang, "次にすること", "Next step"),
            match style {
                Style::File => escape_paragraph(&safe_text::visible(str_of(first, "message"))),
                Style::Terminal => text_of(&first["message"], style),
            }
        );
    }
    let _ = writeln!(s, "\n## {}\n", t(lang, "確認結果", "Findings"));
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} |\n|---|---|---|---|",
        t(lang, "重要度", "severity"),
        t(lang, "コード", "code"),
        t(lang, "内容", "message"),
        t(lang, "ガイド", "guide")
    );
    for f in &findings {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cell(&f["severity"]),
            code_cell(&f["code"], style),
            cell(&f["message"]),
            cell(&f["guide"])
        );
    }

    let files: Vec<Value> = match doc.get("files").and_then(Value::as_array) {
        Some(files) => files.clone(),
        None if doc.get("file").is_some() => vec![doc.clone()],
        None => Vec::new(),
    };
    for f in &files {
        file_section(&mut s, f, lang, style);
    }
    if let Some(store) = doc.get("store") {
        store_section(&mut s, store, lang, style);
    }
    s
}

/// A two-column "item | value" row.
fn row(s: &mut String, label: &str, value: impl std::fmt::Display) {
    let _ = writeln!(s, "| {label} | {value} |");
}

/// A table whose columns are (Japanese title, English title, JSON key).
fn table(s: &mut String, lang: Lang, style: Style, columns: &[(&str, &str, &str)], rows: &[Value]) {
    let titles: Vec<&str> = columns.iter().map(|(ja, en, _)| t(lang, ja, en)).collect();
    let _ = writeln!(
        s,
        "| {} |\n|{}",
        titles.join(" | "),
        "---|".repeat(columns.len())
    );
    for r in rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|(_, _, key)| cell_as(&r[*key], style))
            .collect();
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
}

fn file_section(s: &mut String, f: &Value, lang: Lang, style: Style) {
    let cell = |v: &Value| cell_as(v, style);
    let file = &f["file"];
    let _ = writeln!(
        s,
        "\n## {}: {}\n",
        t(lang, "ファイル", "File"),
        cell(&file["path"])
    );
    let _ = writeln!(
        s,
        "| {} | {} |\n|---|---|",
        t(lang, "項目", "item"),
        t(lang, "値", "value")
    );
    row(
        s,
        t(lang, "大きさ（バイト）", "bytes"),
        cell(&file["bytes"]),
    );
    row(s, "SHA-256", cell(&file["sha256"]));
    row(s, t(lang, "パスワード", "password"), cell(&f["password"]));
    if let Some(v) = f.get("validity").filter(|v| !v.is_null()) {
        row(s, t(lang, "状態", "status"), cell(&v["status"]));
        row(
            s,
            t(lang, "有効期間の最終日", "last day"),
            cell(&v["last_day"]),
        );
        row(
            s,
            t(lang, "更新できる最初の日", "renewal opens"),
            cell(&v["renewal_opens"]),
        );
        row(s, t(lang, "残り日数", "days left"), cell(&v["days_left"]));
    }
    if let Some(p) = f.get("protection").filter(|p| !p.is_null()) {
        let scheme = |v: &Value, a: &str, b: &str| match v {
            Value::Null => "-".to_string(),
            v => format!("{} / {}", cell(&v[a]), cell(&v[b])),
        };
        row(s, "MAC", scheme(&p["mac"], "digest", "iterations"));
        row(
            s,
            t(lang, "証明書の保護", "certificates"),
            scheme(&p["certificates"], "scheme", "iterations"),
        );
        row(
            s,
            t(lang, "秘密鍵の保護", "key"),
            scheme(&p["key"], "scheme", "iterations"),
        );
        row(s, t(lang, "形式", "encoding"), cell(&p["encoding"]));
    }
    let certs = f["certificates"].as_array().cloned().unwrap_or_default();
    if !certs.is_empty() {
        let _ = writeln!(s, "\n### {}\n", t(lang, "証明書", "Certificates"));
        table(s, lang, style, &CERT_COLUMNS, &certs);
    }
}

const CERT_COLUMNS: [(&str, &str, &str); 8] = [
    ("役割", "role", "role"),
    ("発行先", "subject", "subject"),
    ("発行者", "issuer", "issuer"),
    ("拇印 (SHA-1)", "SHA-1", "sha1"),
    ("SHA-256", "SHA-256", "sha256"),
    ("開始", "not before", "not_before"),
    ("終了", "not after", "not_after"),
    ("秘密鍵", "key", "has_private_key"),
];

const STORE_COLUMNS: [(&str, &str, &str); 9] = [
    ("場所", "location", "location"),
    ("発行先", "subject", "subject"),
    ("発行者", "issuer", "issuer"),
    ("拇印 (SHA-1)", "SHA-1", "sha1"),
    ("開始", "not before", "not_before"),
    ("終了", "not after", "not_after"),
    ("秘密鍵", "key", "has_private_key"),
    (
        "確認なしで鍵を使える",
        "key usable silently",
        "key_usable_silently",
    ),
    ("ルート信頼", "root trusted", "root_trusted"),
];

fn store_section(s: &mut String, store: &Value, lang: Lang, style: Style) {
    let _ = writeln!(
        s,
        "\n## {}\n",
        t(
            lang,
            "証明書ストア（Windows）",
            "Certificate store (Windows)"
        )
    );
    let cands = store["candidates"].as_array().cloned().unwrap_or_default();
    if cands.is_empty() {
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
    table(s, lang, style, &STORE_COLUMNS, &cands);
}

/// What the HTML report may load: nothing from anywhere. Inline style and
/// data: images only, so even markup that slipped through fetches nothing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The Markdown (from [`render`], escaped) as one self-contained HTML page:
/// inline CSS, no script, no links, prints well.
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
        let plain = code_cell(&Value::from("doctor.file_installed"), Style::File);
        assert_eq!(plain, "`doctor.file_installed`");
        let forged = code_cell(&Value::from("x`](https://e.example)"), Style::File);
        assert!(!forged.starts_with('`'), "{forged}");
        assert!(forged.contains(r"\`") && forged.contains(r"\]"), "{forged}");
    }
}
