//! The guide's file checker: builds crates/wasm with scripts/build-wasm.sh (the
//! one recipe shared with CI) and writes it into the built guide as
//! `certcheck-wasm.js`, a script holding the module as base64 (file:// pages
//! may not fetch() files, but may load scripts).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use base64::Engine as _;

use crate::windows::{BuildError, root};

/// The file `checker.js` loads, next to the guide's index.html.
pub const SCRIPT_FILE: &str = "certcheck-wasm.js";

/// Builds the module and returns its path.
pub fn build() -> Result<PathBuf, BuildError> {
    let script = root().join("scripts/build-wasm.sh");
    let out = Command::new("sh")
        .arg(&script)
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", script.display()))
        .map_err(BuildError::Failed)?;
    match out.status.code() {
        Some(0) => {}
        Some(3) => {
            return Err(BuildError::ToolsMissing(
                "the WebAssembly build tools (see above)".into(),
            ));
        }
        _ => {
            return Err(BuildError::Failed(anyhow::anyhow!(
                "{} failed: {}",
                script.display(),
                out.status
            )));
        }
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let wasm = PathBuf::from(stdout.lines().last().unwrap_or_default().trim());
    if !wasm.is_file() {
        return Err(BuildError::Failed(anyhow::anyhow!(
            "the build printed {wasm:?}, which is not a file"
        )));
    }
    Ok(wasm)
}

/// Builds the module into the guide at `book_out`. Without the tools the guide
/// goes without the checker, said loudly; under CERTCHECK_CI=1 that fails.
/// Returns the module's size in bytes, if embedded.
pub fn embed_into(book_out: &Path) -> Result<Option<u64>> {
    match build() {
        Ok(wasm) => {
            let bytes =
                std::fs::read(&wasm).with_context(|| format!("reading {}", wasm.display()))?;
            let script = format!(
                "// certcheck's file check as WebAssembly (crates/wasm), for checker.js. Made by `cargo xtask book`.\nwindow.certcheckWasm = \"{}\";\n",
                base64::engine::general_purpose::STANDARD.encode(&bytes)
            );
            let dest = book_out.join(SCRIPT_FILE);
            std::fs::write(&dest, script).with_context(|| format!("writing {}", dest.display()))?;
            Ok(Some(bytes.len() as u64))
        }
        Err(BuildError::ToolsMissing(what)) => {
            let msg = format!(
                "the guide is built WITHOUT the file checker: {what} missing (apt-get install rustc-web cargo-web rust-web-src lld-16, or rustup target add wasm32-unknown-unknown and WASM_RUSTUP=1)"
            );
            eprintln!(
                "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! {msg}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            );
            if std::env::var("CERTCHECK_CI").is_ok_and(|v| v == "1") {
                bail!("{msg}; CERTCHECK_CI=1 makes this a failure");
            }
            Ok(None)
        }
        Err(BuildError::Failed(e)) => Err(e.context("building the guide's file checker")),
    }
}
