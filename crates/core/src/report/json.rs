//! The stable JSON document. Fields may be added; none are renamed.

use serde_json::{Value, json};

use super::Outcome;
use crate::findings::{Finding, Lang};

/// One finding as JSON.
pub fn finding(f: &Finding, lang: Lang) -> Value {
    let def = f.definition();
    json!({
        "code": f.code,
        "severity": f.severity.as_str(),
        "title": def.title(lang),
        "message": f.message(lang),
        "guide": def.guide(),
    })
}

/// The whole document.
pub fn document(o: &Outcome<'_>, lang: Lang) -> Value {
    let verdict = o.verdict();
    let mut doc = serde_json::Map::new();
    doc.insert("certcheck_version".into(), json!(env!("CARGO_PKG_VERSION")));
    doc.insert("command".into(), json!(o.command));
    doc.insert(
        "at".into(),
        json!(o.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    );
    doc.insert("verdict".into(), json!(verdict.as_str()));
    doc.insert("exit_code".into(), json!(verdict.exit_code()));
    if let Some(file) = o.file {
        doc.insert(
            "password".into(),
            serde_json::to_value(file.password).unwrap_or(Value::Null),
        );
        doc.insert(
            "file".into(),
            serde_json::to_value(&file.file).unwrap_or(Value::Null),
        );
        doc.insert(
            "protection".into(),
            serde_json::to_value(&file.protection).unwrap_or(Value::Null),
        );
        doc.insert(
            "certificates".into(),
            serde_json::to_value(&file.certificates).unwrap_or(Value::Null),
        );
        doc.insert(
            "chain".into(),
            serde_json::to_value(&file.chain).unwrap_or(Value::Null),
        );
        doc.insert(
            "validity".into(),
            serde_json::to_value(&file.validity).unwrap_or(Value::Null),
        );
    }
    for (k, v) in &o.extra_json {
        doc.insert((*k).into(), v.clone());
    }
    doc.insert(
        "findings".into(),
        Value::Array(o.findings.iter().map(|f| finding(f, lang)).collect()),
    );
    Value::Object(doc)
}
