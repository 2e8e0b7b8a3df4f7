//! Writing reports (`doctor --report`) and showing received ones (`report view`).

use std::path::Path;

use anyhow::{Context, Result};
use certcheck_core::findings::Lang;
use certcheck_core::report::{Outcome, json, markdown};

use crate::cli::LangArg;
use crate::output;
use crate::usage::UsageError;

/// Writes the outcome as .json, .md or .html by the path's extension.
/// Never overwrites: a report must not replace a file the user has.
pub fn write(
    path: &Path,
    outcome: &Outcome<'_>,
    environment: serde_json::Value,
    lang: Lang,
) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let mut doc = json::document(outcome, lang);
    if let Some(m) = doc.as_object_mut() {
        m.insert("environment".into(), environment);
    }
    let text = match ext.as_str() {
        "json" => serde_json::to_string_pretty(&doc)? + "\n",
        "md" => markdown::render(&doc, lang),
        "html" | "htm" => markdown::to_html(&markdown::render(&doc, lang), lang),
        _ => {
            return Err(UsageError::new(
                format!(
                    "レポートの拡張子は .json、.md、.html のどれかにしてください: {}",
                    path.display()
                ),
                format!(
                    "the report's extension must be .json, .md or .html: {}",
                    path.display()
                ),
            )
            .into());
        }
    };
    create_new(path, text.as_bytes())
}

/// Writes a new file; refuses (usage error, 64) when the path exists: certcheck
/// never replaces a file the user has.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::Error::from(UsageError::new(
                format!("{} はすでにあります。上書きしないので、別の名前を指定してください。", path.display()),
                format!("{} already exists; certcheck does not overwrite files, choose another name.", path.display()),
            ))
        } else {
            anyhow::Error::from(e).context(format!("cannot write {}", path.display()))
        }
    })?;
    std::io::Write::write_all(&mut file, bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// `certcheck report view FILE.json`.
pub fn view(path: &Path, lang: Option<LangArg>) -> Result<i32> {
    let lang = output::lang(lang);
    let text = std::fs::read_to_string(path).map_err(|e| {
        UsageError::new(
            format!("{} を読めません: {e}", path.display()),
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        UsageError::new(
            format!(
                "{} は certcheck の JSON レポートではありません（{e}）。",
                path.display()
            ),
            format!("{} is not a certcheck JSON report ({e}).", path.display()),
        )
    })?;
    if doc.get("verdict").is_none() || doc.get("findings").is_none() {
        return Err(UsageError::new(
            format!("{} は certcheck の JSON レポートではありません（verdict と findings がありません）。", path.display()),
            format!("{} is not a certcheck JSON report (no verdict and findings).", path.display()),
        )
        .into());
    }
    print!("{}", markdown::render(&doc, lang));
    Ok(0)
}
