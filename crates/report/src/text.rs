//! The plain-text report, Japanese first. Plain words; the next step on top.
//! Every value that could come from a file or a certificate passes
//! [`visible`]. With colour, a finding's heading is red for an error and
//! yellow for a warning, written as it is printed.

use std::fmt::{Display, Write};

use anstyle::{AnsiColor, Style};
use chrono::{DateTime, Utc};

use crate::document::{
    CandidateEntry, CertEntry, Document, FileSection, OfficeEntry, Subject, ValidityEntry,
};
use crate::safe_text::visible;
use certcheck_core::findings::{Lang, Severity, Verdict};
use certcheck_core::policy::{self, Status};
use certcheck_core::{PasswordOutcome, Role};

/// Picks the Japanese or the English text.
fn t<'a>(lang: Lang, ja: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Ok => t(lang, "問題なし", "OK"),
        Verdict::Attention => t(lang, "要注意", "Attention"),
        Verdict::Problem => t(lang, "問題あり", "Problem"),
    }
}

pub fn status_label(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::NotYetValid => t(lang, "有効期間の開始前", "not yet valid"),
        Status::Valid => t(lang, "有効", "valid"),
        Status::RenewalOpen => t(
            lang,
            "有効（更新の手続きができます）",
            "valid, renewal open",
        ),
        Status::Expired => t(lang, "期限切れ", "expired"),
    }
}

fn severity_label(s: Severity, lang: Lang) -> &'static str {
    s.label(lang)
}

/// Yes, no or unknown.
pub fn yes_no(b: Option<bool>, lang: Lang) -> &'static str {
    match b {
        Some(true) => t(lang, "はい", "yes"),
        Some(false) => t(lang, "いいえ", "no"),
        None => t(lang, "不明", "unknown"),
    }
}

/// Where a certificate is: a store's name, or a file in words.
pub fn location(loc: &str, lang: Lang) -> String {
    if matches!(lang, Lang::Ja) && loc == certcheck_core::Location::File.to_string() {
        "ファイル".into()
    } else {
        loc.to_string()
    }
}

/// An instant in Japan time, or `-` when the document does not say.
fn jst(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "-".into(), policy::jst_text)
}

/// A number, or `-` when the document does not say.
fn num(n: Option<impl Display>) -> String {
    n.map_or_else(|| "-".into(), |n| n.to_string())
}

/// The colour of a finding's heading: errors red, warnings yellow.
fn heading_style(s: Option<Severity>) -> Style {
    match s {
        Some(Severity::Error) => AnsiColor::Red.on_default(),
        Some(Severity::Warning) => AnsiColor::Yellow.on_default(),
        _ => Style::new(),
    }
}

/// Renders the report. `guide_base` prefixes guide links (e.g. a local
/// path); `colour` writes terminal colours (the caller decides whether the
/// terminal wants them).
pub fn render(doc: &Document, lang: Lang, guide_base: &str, colour: bool) -> String {
    let mut s = String::new();
    let verdict = doc.verdict.unwrap_or(Verdict::Ok);
    let files = doc.subject.files();
    let _ = writeln!(
        s,
        "certcheck {} — {}",
        env!("CARGO_PKG_VERSION"),
        t(lang, "電子証明書の確認", "client certificate check")
    );
    let _ = writeln!(s, "{}: {}", t(lang, "確認日時", "Checked at"), jst(doc.at));
    for f in files {
        let _ = writeln!(
            s,
            "{}: {} ({} {})",
            t(lang, "ファイル", "File"),
            visible(&f.file.path),
            num(f.file.bytes),
            t(lang, "バイト", "bytes")
        );
    }
    let _ = writeln!(
        s,
        "{}: {} ({} {})",
        t(lang, "判定", "Verdict"),
        verdict_label(verdict, lang),
        t(lang, "終了コード", "exit code"),
        verdict.exit_code()
    );

    if let Some(top) = doc.findings.first() {
        let _ = writeln!(s, "\n■ {}", t(lang, "次にすること", "Next step"));
        let _ = writeln!(s, "  {}", visible(&top.message));
    }

    for f in files {
        if files.len() > 1 {
            let _ = writeln!(
                s,
                "\n■ {}: {}",
                t(lang, "ファイル", "File"),
                visible(&f.file.path)
            );
        } else {
            let _ = writeln!(s, "\n■ {}", t(lang, "ファイルの確認", "File check"));
        }
        file_sections(&mut s, f, lang);
    }
    if let Subject::Renewal { validity } = &doc.subject {
        renewal_section(&mut s, validity, doc.at, lang);
    }
    if let Some(store) = &doc.store {
        store_section(&mut s, &store.candidates, lang);
    }
    // `check` shows its one certificate's validity above already.
    if let Some(rows) = &doc.offices
        && !rows.is_empty()
        && doc.command != Some(crate::document::Command::Check)
    {
        offices_section(&mut s, rows, lang);
    }

    let _ = writeln!(s, "\n■ {}", t(lang, "確認結果", "Findings"));
    if doc.findings.is_empty() {
        let _ = writeln!(s, "  {}", t(lang, "なし", "none"));
    }
    for f in &doc.findings {
        let heading = format!(
            "  [{}] {} — {}",
            f.severity.map_or("-", |v| severity_label(v, lang)),
            visible(&f.title),
            visible(&f.code)
        );
        if colour {
            let style = heading_style(f.severity);
            let _ = writeln!(s, "{}{heading}{}", style.render(), style.render_reset());
        } else {
            let _ = writeln!(s, "{heading}");
        }
        let _ = writeln!(s, "      {}", visible(&f.message));
        if let Some(details) = &f.details {
            let _ = writeln!(
                s,
                "      {}: {}",
                t(lang, "詳細", "Details"),
                visible(details)
            );
        }
        let _ = writeln!(
            s,
            "      {}: {guide_base}{}",
            t(lang, "ガイド", "Guide"),
            visible(&f.guide)
        );
    }
    s
}

fn file_sections(s: &mut String, f: &FileSection, lang: Lang) {
    let pw = match f.password.unwrap_or(PasswordOutcome::Unknown) {
        PasswordOutcome::Correct => t(lang, "正しい", "correct"),
        PasswordOutcome::Wrong => t(lang, "違う", "wrong"),
        PasswordOutcome::NotNeeded => t(lang, "不要", "not needed"),
        PasswordOutcome::Unknown => t(lang, "不明", "unknown"),
    };
    let _ = writeln!(s, "  {}: {pw}", t(lang, "パスワード", "Password"));

    if let Some(v) = &f.validity {
        let _ = writeln!(
            s,
            "\n■ {}",
            t(lang, "有効期限（日本時間）", "Validity (Japan time)")
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            t(lang, "状態", "Status"),
            status_label(v.status, lang)
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            t(lang, "有効期間の終了日", "Last day of validity"),
            v.last_day
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            t(lang, "更新を始める目安の日", "Renewal opens"),
            v.renewal_opens
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            t(lang, "終了日までの日数", "Days left"),
            v.days_left
        );
    }

    if !f.certificates.is_empty() {
        let _ = writeln!(s, "\n■ {}", t(lang, "証明書", "Certificates"));
    }
    for c in &f.certificates {
        certificate(s, c, lang);
    }

    if let Some(p) = &f.protection {
        let _ = writeln!(s, "\n■ {}", t(lang, "ファイルの保護", "Protection"));
        match &p.mac {
            Some(m) => {
                let _ = writeln!(
                    s,
                    "  MAC: {}, {} {}",
                    visible(&m.digest),
                    num(m.iterations),
                    t(lang, "回", "iterations")
                );
            }
            None => {
                let _ = writeln!(s, "  MAC: {}", t(lang, "なし", "none"));
            }
        }
        for (name, scheme) in [
            (t(lang, "証明書", "Certificates"), &p.certificates),
            (t(lang, "秘密鍵", "Key"), &p.key),
        ] {
            if let Some(sc) = scheme {
                match sc.iterations {
                    Some(n) => {
                        let _ = writeln!(
                            s,
                            "  {name}: {}, {n} {}",
                            visible(&sc.scheme),
                            t(lang, "回", "iterations")
                        );
                    }
                    None => {
                        let _ = writeln!(s, "  {name}: {}", visible(&sc.scheme));
                    }
                }
            }
        }
        let _ = writeln!(
            s,
            "  {}: {}",
            t(lang, "形式", "Encoding"),
            visible(&p.encoding)
        );
    }
}

fn certificate(s: &mut String, c: &CertEntry, lang: Lang) {
    let role = match c.role.unwrap_or(Role::Other) {
        Role::Client => t(lang, "請求用（クライアント）証明書", "client certificate"),
        Role::Ca => t(lang, "発行元（CA）証明書", "CA certificate"),
        Role::Other => t(lang, "その他の証明書", "other certificate"),
    };
    let _ = writeln!(s, "  [{role}]");
    let _ = writeln!(
        s,
        "    {}: {}",
        t(lang, "発行先", "Subject"),
        visible(&c.summary.subject)
    );
    let _ = writeln!(
        s,
        "    {}: {}",
        t(lang, "発行者", "Issuer"),
        visible(&c.summary.issuer)
    );
    let _ = writeln!(
        s,
        "    {}: {}",
        t(lang, "シリアル番号", "Serial"),
        visible(&c.summary.serial)
    );
    let _ = writeln!(
        s,
        "    {}: {}",
        t(lang, "拇印 (SHA-1)", "Thumbprint (SHA-1)"),
        visible(&c.summary.sha1)
    );
    let _ = writeln!(s, "    SHA-256: {}", visible(&c.summary.sha256));
    let _ = writeln!(
        s,
        "    {}: {} 〜 {}",
        t(lang, "有効期間", "Valid"),
        jst(c.summary.not_before),
        jst(c.summary.not_after)
    );
    let key = if c.has_private_key == Some(true) {
        t(lang, "あり（証明書と一致）", "present, matches")
    } else {
        t(lang, "なし", "none")
    };
    let _ = writeln!(s, "    {}: {key}", t(lang, "秘密鍵", "Private key"));
}

/// A titled block of lines, each made visible.
fn section(s: &mut String, title: &str, lines: &[String]) {
    let _ = writeln!(s, "\n■ {title}");
    for line in lines {
        let _ = writeln!(s, "  {}", visible(line));
    }
}

fn renewal_section(s: &mut String, v: &ValidityEntry, at: Option<DateTime<Utc>>, lang: Lang) {
    let day = at.map_or_else(|| "-".into(), |at| policy::jst_date(at).to_string());
    let status = status_label(v.status, lang);
    let lines = match lang {
        Lang::Ja => [
            format!("有効期間の終了日: {}", v.last_day),
            format!(
                "更新を始める目安の日: {}（終了日の 3 か月前）",
                v.renewal_opens
            ),
            format!("{day} 時点: {status}、終了日まで {} 日", v.days_left),
        ],
        Lang::En => [
            format!("Last day of validity: {}", v.last_day),
            format!(
                "Renewal opens: {} (3 months before the last day)",
                v.renewal_opens
            ),
            format!("On {day}: {status}, {} days to the last day", v.days_left),
        ],
    };
    section(
        s,
        t(
            lang,
            "更新の時期（日本時間）",
            "Renewal window (Japan time)",
        ),
        &lines,
    );
}

fn store_section(s: &mut String, candidates: &[CandidateEntry], lang: Lang) {
    let mut lines = Vec::new();
    if candidates.is_empty() {
        lines.push(
            t(
                lang,
                "該当する証明書はありません",
                "no matching certificate",
            )
            .to_string(),
        );
    }
    for c in candidates {
        let yn = |b| yes_no(b, lang);
        let (last_day, status) = match &c.validity {
            Some(v) => (v.last_day.to_string(), status_label(v.status, lang)),
            None => ("-".to_string(), "-"),
        };
        lines.push(format!("[{}] {}", c.location, c.summary.subject));
        match lang {
            Lang::Ja => {
                lines.push(format!("  発行者: {}", c.summary.issuer));
                lines.push(format!("  拇印 (SHA-1): {}", c.summary.sha1));
                lines.push(format!("  有効期間の終了日: {last_day}（{status}）"));
                lines.push(format!(
                    "  秘密鍵: {} / 確認なしで使える: {} / ルート証明書を信頼: {} / 信頼関係の確認: {}",
                    yn(c.has_private_key),
                    yn(c.key_usable_silently),
                    yn(c.root_trusted),
                    yn(c.chain_builds)
                ));
            }
            Lang::En => {
                lines.push(format!("  Issuer: {}", c.summary.issuer));
                lines.push(format!("  Thumbprint (SHA-1): {}", c.summary.sha1));
                lines.push(format!("  Last day: {last_day} ({status})"));
                lines.push(format!(
                    "  private key: {} / usable silently: {} / root trusted: {} / chain builds: {}",
                    yn(c.has_private_key),
                    yn(c.key_usable_silently),
                    yn(c.root_trusted),
                    yn(c.chain_builds)
                ));
            }
        }
    }
    section(
        s,
        t(
            lang,
            "証明書ストア（Windows）",
            "Certificate store (Windows)",
        ),
        &lines,
    );
}

fn offices_section(s: &mut String, rows: &[OfficeEntry], lang: Lang) {
    let mut lines = Vec::new();
    for r in rows {
        let status = status_label(r.status, lang);
        let place = location(&r.location, lang);
        let key = yes_no(r.key_usable, lang);
        let root = yes_no(r.root_trusted, lang);
        lines.push(r.name.clone());
        match lang {
            Lang::Ja => {
                lines.push(format!(
                    "  状態: {status} / 有効期間の終了日: {} / 更新を始める目安の日: {} / 終了日までの日数: {}",
                    r.last_day, r.renewal_opens, r.days_left
                ));
                lines.push(format!(
                    "  場所: {place} / 秘密鍵を確認なしで使える: {key} / ルート証明書を信頼: {root}"
                ));
            }
            Lang::En => {
                lines.push(format!(
                    "  status: {status} / last day: {} / renewal opens: {} / days left: {}",
                    r.last_day, r.renewal_opens, r.days_left
                ));
                lines.push(format!(
                    "  where: {place} / key usable without a prompt: {key} / root trusted: {root}"
                ));
            }
        }
        if let (Some(first), Some(last)) = (r.next_first_day, r.next_last_day) {
            lines.push(match lang {
                Lang::Ja => format!("  更新した証明書: {first} から有効（終了日 {last}）"),
                Lang::En => format!("  renewed certificate: valid from {first} (last day {last})"),
            });
        }
    }
    section(
        s,
        t(
            lang,
            "事業所ごとの状態（終了日の近い順）",
            "Offices (soonest last day first)",
        ),
        &lines,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::FindingEntry;

    fn finding(code: &str, severity: Severity) -> FindingEntry {
        FindingEntry {
            code: code.into(),
            severity: Some(severity),
            title: "t".into(),
            message: "m".into(),
            guide: "g".into(),
            details: None,
        }
    }

    #[test]
    fn colour_is_written_on_finding_headings_only_when_asked() {
        let doc = Document {
            verdict: Some(Verdict::Problem),
            findings: vec![
                finding("a.error", Severity::Error),
                finding("b.warning", Severity::Warning),
                finding("c.info", Severity::Info),
            ],
            ..Document::default()
        };
        let plain = render(&doc, Lang::En, "", false);
        assert!(!plain.contains('\u{1b}'), "{plain}");
        let coloured = render(&doc, Lang::En, "", true);
        assert!(coloured.contains("\n\u{1b}[31m  [problem] t — a.error\u{1b}[0m\n"));
        assert!(coloured.contains("\n\u{1b}[33m  [attention] t — b.warning\u{1b}[0m\n"));
        assert!(
            coloured.contains("\n  [information] t — c.info\n"),
            "{coloured}"
        );
        // Nothing but the headings differs.
        assert_eq!(
            coloured
                .replace("\u{1b}[31m", "")
                .replace("\u{1b}[33m", "")
                .replace("\u{1b}[0m", ""),
            plain
        );
    }
}
