//! `certcheck store`: the Windows certificate store, read-only.

use anyhow::Result;
use certcheck_core::cert::Thumbprint;
use certcheck_core::findings;
use certcheck_core::relations::CertFacts;
use certcheck_core::report::{Outcome, TextSection, text};
use certcheck_store::{Query, StoreReport};

use super::offices;
use crate::cli::StoreArgs;
use crate::usage::UsageError;

/// Adds the store's result to an outcome: JSON member, text section, findings.
pub fn add_to_outcome(store: &StoreReport, outcome: &mut Outcome<'_>) {
    outcome.extra_json.push((
        "store",
        serde_json::to_value(store).unwrap_or(serde_json::Value::Null),
    ));
    let mut sec = TextSection {
        title_ja: "証明書ストア（Windows）".into(),
        title_en: "Certificate store (Windows)".into(),
        ..TextSection::default()
    };
    if store.candidates.is_empty() {
        sec.lines_ja.push("該当する証明書はありません".into());
        sec.lines_en.push("no matching certificate".into());
    }
    for c in &store.candidates {
        let yn = |b: Option<bool>, ja: bool| match (b, ja) {
            (Some(true), true) => "はい",
            (Some(false), true) => "いいえ",
            (None, true) => "不明",
            (Some(true), false) => "yes",
            (Some(false), false) => "no",
            (None, false) => "unknown",
        };
        sec.lines_ja.push(format!("[{}] {}", c.location, c.subject));
        sec.lines_ja.push(format!("  発行者: {}", c.issuer));
        sec.lines_ja.push(format!("  拇印 (SHA-1): {}", c.sha1));
        sec.lines_ja.push(format!(
            "  有効期間の最終日: {}（{}）",
            c.validity.last_day,
            text::status_label(c.validity.status, findings::Lang::Ja)
        ));
        sec.lines_ja.push(format!(
            "  秘密鍵: {} / 確認なしで使える: {} / ルート証明書を信頼: {} / 信頼関係の確認: {}",
            yn(Some(c.has_private_key), true),
            yn(c.key_usable_silently, true),
            yn(c.root_trusted, true),
            yn(c.chain_builds, true)
        ));
        sec.lines_en.push(format!("[{}] {}", c.location, c.subject));
        sec.lines_en.push(format!("  Issuer: {}", c.issuer));
        sec.lines_en
            .push(format!("  Thumbprint (SHA-1): {}", c.sha1));
        sec.lines_en.push(format!(
            "  Last day: {} ({})",
            c.validity.last_day,
            text::status_label(c.validity.status, findings::Lang::En)
        ));
        sec.lines_en.push(format!(
            "  private key: {} / usable silently: {} / root trusted: {} / chain builds: {}",
            yn(Some(c.has_private_key), false),
            yn(c.key_usable_silently, false),
            yn(c.root_trusted, false),
            yn(c.chain_builds, false)
        ));
    }
    outcome.extra_text.push(sec);
    outcome.findings.extend(store.findings.iter().cloned());
}

pub fn run(args: &StoreArgs) -> Result<i32> {
    let at = super::at(args.judge.at.as_deref())?;
    let mut thumbprints = Vec::new();
    for t in &args.thumbprint {
        thumbprints.push(t.parse::<Thumbprint>().map_err(|_| {
            UsageError::new(
                format!("拇印 {t:?} は SHA-1 の 40 桁の 16 進数ではありません。"),
                format!("thumbprint {t:?} is not 40 hexadecimal digits (SHA-1)."),
            )
        })?);
    }
    let file_report = match &args.file {
        Some(path) => {
            let report =
                super::check::check_file(path, &args.password, at, args.judge.max_iterations)?;
            match report.client().map(|c| c.sha1) {
                Some(t) => thumbprints.push(t),
                None => {
                    // Without the file's certificate there is nothing to look for: report the file.
                    let mut outcome = Outcome {
                        command: "store",
                        at,
                        files: vec![&report],
                        extra_json: Vec::new(),
                        extra_text: Vec::new(),
                        findings: report.findings.clone(),
                    };
                    offices::add_to_outcome(&[], &mut outcome, false);
                    if let Some(path) = &args.ics {
                        super::calendar::write(path, &[], at)?;
                    }
                    return offices::print(&outcome, &[], &args.output);
                }
            }
            Some(report)
        }
        None => None,
    };
    let store = certcheck_store::inspect(
        &Query {
            thumbprints,
            issuer_contains: args.issuer_contains.clone(),
        },
        at,
    );
    let mut outcome = Outcome {
        command: "store",
        at,
        files: Vec::new(),
        extra_json: Vec::new(),
        extra_text: Vec::new(),
        findings: Vec::new(),
    };
    add_to_outcome(&store, &mut outcome);
    if let Some(r) = &file_report {
        // The file's own problems (expired, ...) matter too, but keep the report about the store.
        outcome.findings.extend(
            r.findings
                .iter()
                .filter(|f| f.severity > findings::Severity::Info)
                .cloned(),
        );
    }
    findings::sort_by_priority(&mut outcome.findings);
    offices::add_to_outcome(&store.offices, &mut outcome, true);
    if let Some(path) = &args.ics {
        let mut certs: Vec<CertFacts> = file_report.iter().filter_map(CertFacts::of_file).collect();
        certs.extend(store.candidates.iter().map(|c| c.facts()));
        super::calendar::write(path, &certs, at)?;
    }
    offices::print(&outcome, &store.offices, &args.output)
}
