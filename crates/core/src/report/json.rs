//! The stable JSON document. Fields may be added; none are renamed.

use serde_json::{Value, json};

use super::Outcome;
use crate::check::FileReport;
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
    doc.insert("at".into(), json!(crate::cert::rfc3339(o.at)));
    doc.insert("verdict".into(), json!(verdict.as_str()));
    doc.insert("exit_code".into(), json!(verdict.exit_code()));
    // `check` puts its one file's members at the top level (the stable contract);
    // commands over several files list them under "files".
    match (o.command, o.files.as_slice()) {
        ("check" | "store", [file]) => {
            if let Value::Object(m) = file_members(file) {
                doc.extend(m);
            }
        }
        (_, files) if !files.is_empty() || o.command == "doctor" => {
            doc.insert(
                "files".into(),
                Value::Array(files.iter().map(|f| file_members(f)).collect()),
            );
        }
        _ => {}
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

/// A file report's members: password, file, protection, certificates, chain, validity.
pub fn file_members(file: &FileReport) -> Value {
    json!({
        "password": file.password,
        "file": file.file,
        "protection": file.protection,
        "certificates": file.certificates,
        "chain": file.chain,
        "validity": file.validity,
    })
}
