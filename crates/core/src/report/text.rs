//! The plain-text report, Japanese first. Plain words; the next step on top.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::Outcome;
use super::safe_text::visible;
use crate::check::FileReport;
use crate::findings::{Lang, Severity, Verdict};
use crate::pkcs12::PasswordOutcome;
use crate::policy::{self, Status};
use crate::x509::Role;

struct L {
    lang: Lang,
}

impl L {
    fn t<'a>(&self, ja: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// The JST rendering of an instant.
pub fn jst(t: DateTime<Utc>) -> String {
    t.with_timezone(&policy::jst())
        .format("%Y-%m-%d %H:%M:%S JST")
        .to_string()
}

pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    let l = L { lang };
    match v {
        Verdict::Ok => l.t("問題なし", "OK"),
        Verdict::Attention => l.t("要確認", "Attention"),
        Verdict::Problem => l.t("問題あり", "Problem"),
    }
}

pub fn status_label(s: Status, lang: Lang) -> &'static str {
    let l = L { lang };
    match s {
        Status::NotYetValid => l.t("有効期間の開始前", "not yet valid"),
        Status::Valid => l.t("有効", "valid"),
        Status::RenewalOpen => l.t("有効（更新の手続きができます）", "valid, renewal open"),
        Status::Expired => l.t("期限切れ", "expired"),
    }
}

fn severity_label(s: Severity, lang: Lang) -> &'static str {
    let l = L { lang };
    match s {
        Severity::Error => l.t("エラー", "error"),
        Severity::Warning => l.t("注意", "warning"),
        Severity::Info => l.t("情報", "info"),
    }
}

/// Renders the report. `guide_base` prefixes guide links (e.g. a local path).
pub fn render(o: &Outcome<'_>, lang: Lang, guide_base: &str) -> String {
    let l = L { lang };
    let mut s = String::new();
    let verdict = o.verdict();
    let _ = writeln!(
        s,
        "certcheck {} — {}",
        env!("CARGO_PKG_VERSION"),
        l.t("電子証明書の確認", "client certificate check")
    );
    let _ = writeln!(s, "{}: {}", l.t("確認日時", "Checked at"), jst(o.at));
    for f in &o.files {
        let _ = writeln!(
            s,
            "{}: {} ({} {})",
            l.t("ファイル", "File"),
            visible(&f.file.path),
            f.file.bytes,
            l.t("バイト", "bytes")
        );
    }
    let _ = writeln!(
        s,
        "{}: {} ({} {})",
        l.t("判定", "Verdict"),
        verdict_label(verdict, lang),
        l.t("終了コード", "exit code"),
        verdict.exit_code()
    );

    if let Some(top) = o.findings.first() {
        let _ = writeln!(s, "\n■ {}", l.t("次にすること", "Next step"));
        let _ = writeln!(s, "  {}", visible(&top.message(lang)));
    }

    for f in &o.files {
        if o.files.len() > 1 {
            let _ = writeln!(
                s,
                "\n■ {}: {}",
                l.t("ファイル", "File"),
                visible(&f.file.path)
            );
        } else {
            let _ = writeln!(s, "\n■ {}", l.t("ファイルの確認", "File check"));
        }
        file_sections(&mut s, f, &l);
    }
    for sec in &o.extra_text {
        let _ = writeln!(s, "\n■ {}", l.t(&sec.title_ja, &sec.title_en));
        let lines = if lang == Lang::Ja {
            &sec.lines_ja
        } else {
            &sec.lines_en
        };
        for line in lines {
            let _ = writeln!(s, "  {}", visible(line));
        }
    }

    let _ = writeln!(s, "\n■ {}", l.t("確認結果", "Findings"));
    if o.findings.is_empty() {
        let _ = writeln!(s, "  {}", l.t("なし", "none"));
    }
    for f in &o.findings {
        let def = f.definition();
        let _ = writeln!(
            s,
            "  [{}] {} — {}",
            severity_label(f.severity, lang),
            def.title(lang),
            f.code
        );
        let _ = writeln!(s, "      {}", visible(&f.message(lang)));
        let _ = writeln!(
            s,
            "      {}: {guide_base}{}",
            l.t("ガイド", "Guide"),
            def.guide()
        );
    }
    s
}

fn file_sections(s: &mut String, f: &FileReport, l: &L) {
    let pw = match f.password {
        PasswordOutcome::Correct => l.t("正しい", "correct"),
        PasswordOutcome::Wrong => l.t("違う", "wrong"),
        PasswordOutcome::NotNeeded => l.t("不要", "not needed"),
        PasswordOutcome::Unknown => l.t("不明", "unknown"),
    };
    let _ = writeln!(s, "  {}: {pw}", l.t("パスワード", "Password"));

    if let Some(v) = &f.validity {
        let _ = writeln!(
            s,
            "\n■ {}",
            l.t("有効期限（日本時間）", "Validity (Japan time)")
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            l.t("状態", "Status"),
            status_label(v.status, l.lang)
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            l.t("有効期間の最終日", "Last day of validity"),
            v.last_day
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            l.t("更新できる最初の日", "Renewal opens"),
            v.renewal_opens
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            l.t("最終日までの日数", "Days left"),
            v.days_left
        );
    }

    if !f.certificates.is_empty() {
        let _ = writeln!(s, "\n■ {}", l.t("証明書", "Certificates"));
    }
    for c in &f.certificates {
        let role = match c.role {
            Role::Client => l.t("請求用（クライアント）証明書", "client certificate"),
            Role::Ca => l.t("発行元（CA）証明書", "CA certificate"),
            Role::Other => l.t("その他の証明書", "other certificate"),
        };
        let _ = writeln!(s, "  [{role}]");
        let _ = writeln!(
            s,
            "    {}: {}",
            l.t("発行先", "Subject"),
            visible(&c.subject)
        );
        let _ = writeln!(s, "    {}: {}", l.t("発行者", "Issuer"), visible(&c.issuer));
        let _ = writeln!(
            s,
            "    {}: {}",
            l.t("シリアル番号", "Serial"),
            visible(&c.serial)
        );
        let _ = writeln!(
            s,
            "    {}: {}",
            l.t("拇印 (SHA-1)", "Thumbprint (SHA-1)"),
            c.sha1
        );
        let _ = writeln!(s, "    SHA-256: {}", c.sha256);
        let _ = writeln!(
            s,
            "    {}: {} 〜 {}",
            l.t("有効期間", "Valid"),
            jst(c.not_before),
            jst(c.not_after)
        );
        let key = if c.has_private_key {
            l.t("あり（証明書と一致）", "present, matches")
        } else {
            l.t("なし", "none")
        };
        let _ = writeln!(s, "    {}: {key}", l.t("秘密鍵", "Private key"));
    }

    if let Some(p) = &f.protection {
        let _ = writeln!(s, "\n■ {}", l.t("ファイルの保護", "Protection"));
        match &p.mac {
            Some(m) => {
                let _ = writeln!(
                    s,
                    "  MAC: {}, {} {}",
                    visible(&m.digest),
                    m.iterations,
                    l.t("回", "iterations")
                );
            }
            None => {
                let _ = writeln!(s, "  MAC: {}", l.t("なし", "none"));
            }
        }
        for (name, scheme) in [
            (l.t("証明書", "Certificates"), &p.certificates),
            (l.t("秘密鍵", "Key"), &p.key),
        ] {
            if let Some(sc) = scheme {
                match sc.iterations {
                    Some(n) => {
                        let _ = writeln!(
                            s,
                            "  {name}: {}, {n} {}",
                            visible(&sc.scheme),
                            l.t("回", "iterations")
                        );
                    }
                    None => {
                        let _ = writeln!(s, "  {name}: {}", visible(&sc.scheme));
                    }
                }
            }
        }
        let _ = writeln!(s, "  {}: {}", l.t("形式", "Encoding"), p.encoding);
    }
}
