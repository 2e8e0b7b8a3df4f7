//! Writing reports (`doctor --report`) and showing received ones (`report view`).

use std::path::Path;

use anyhow::Result;
use certcheck_core::findings::Lang;
use certcheck_report::{Document, Environment, visible};
use certcheck_report::{
    MAX_REPORT_BYTES, MAX_REPORT_VALUES, ReportError, parse_json_report, render_html, render_json,
    render_markdown, render_markdown_for_terminal,
};

use crate::atomic::{self, CreateError};
use crate::cli::LangArg;
use crate::io_failure::IoFailure;
use crate::usage::UsageError;
use crate::{bounded_read, output};

/// Writes the document, with the machine's environment, as .json, .md or
/// .html by the path's extension. Never overwrites: a report must not
/// replace a file the user has.
pub fn write(path: &Path, doc: &Document, environment: Environment, lang: Lang) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let doc = Document {
        environment: Some(environment),
        ..doc.clone()
    };
    let shown = visible(&path.display().to_string()).into_owned();
    let text = match ext.as_str() {
        "json" => render_json(&doc),
        "md" => render_markdown(&doc, lang),
        "html" | "htm" => render_html(&doc, lang),
        _ => {
            return Err(UsageError::new(
                format!("レポートの拡張子は .json、.md、.html のどれかにしてください: {shown}"),
                format!("the report's extension must be .json, .md or .html: {shown}"),
            )
            .into());
        }
    };
    atomic::create_file(path, text.as_bytes()).map_err(|e| match e {
        CreateError::Exists => anyhow::Error::from(UsageError::new(
            format!("{shown} はすでにあります。上書きしないので、別の名前を指定してください。"),
            format!(
                "{shown} already exists; certcheck does not overwrite files, choose another name."
            ),
        )),
        CreateError::Io(e) => anyhow::Error::from(IoFailure::new(
            format!("レポート {shown} を書けません"),
            format!("cannot write the report {shown}"),
            &e,
        )),
    })
}

/// Writes a new file atomically; refuses (usage error, 64) when the path
/// exists: certcheck never replaces a file the user has.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let shown = visible(&path.display().to_string()).into_owned();
    atomic::create_file(path, bytes).map_err(|e| match e {
        CreateError::Exists => anyhow::Error::from(UsageError::new(
            format!("{shown} はすでにあります。上書きしないので、別の名前を指定してください。"),
            format!(
                "{shown} already exists; certcheck does not overwrite files, choose another name."
            ),
        )),
        CreateError::Io(e) => anyhow::Error::from(IoFailure::new(
            format!("{shown} を書けません"),
            format!("cannot write {shown}"),
            &e,
        )),
    })
}

/// `certcheck report view FILE.json`.
pub fn view(path: &Path, lang: Option<LangArg>) -> Result<i32> {
    let lang = output::lang(lang);
    let shown = visible(&path.display().to_string()).into_owned();
    let (bytes, len) = bounded_read::regular_file(path, MAX_REPORT_BYTES).map_err(|e| {
        UsageError::new(
            format!("{shown} を読めません（{e}）。"),
            format!("cannot read {shown} ({e})."),
        )
    })?;
    if len > MAX_REPORT_BYTES {
        return Err(UsageError::new(
            format!("{shown} は大きすぎます（{len} バイト、上限 {MAX_REPORT_BYTES} バイト）。certcheck のレポートではありません。"),
            format!("{shown} is too large ({len} bytes, limit {MAX_REPORT_BYTES}); it is not a certcheck report."),
        )
        .into());
    }
    let doc = parse_json_report(&bytes).map_err(|e| {
        let (ja, en) = match &e {
            ReportError::NotText => ("文字として読めません".to_string(), e.to_string()),
            ReportError::NotJson(why) => (
                format!("JSON ではありません: {}", visible(why)),
                e.to_string(),
            ),
            ReportError::NotCertcheck => (
                "verdict と findings がありません".to_string(),
                e.to_string(),
            ),
            ReportError::NotDocument(why) => (
                format!("項目の形が certcheck のものと違います: {}", visible(why)),
                e.to_string(),
            ),
            ReportError::TooManyValues => (
                format!("値が多すぎます。certcheck のレポートは {MAX_REPORT_VALUES} 個までです"),
                e.to_string(),
            ),
        };
        UsageError::new(
            format!("{shown} は certcheck の JSON レポートではありません（{ja}）。"),
            format!("{shown} is not a certcheck JSON report ({}).", visible(&en)),
        )
    })?;
    output::emit(&render_markdown_for_terminal(&doc, lang))?;
    Ok(0)
}
