//! The guide's file checker: builds crates/wasm with scripts/build-wasm.sh (the
//! one recipe shared with CI) and writes it into the built guide as
//! `certcheck-wasm.js`, a script holding the module as base64 (file:// pages
//! may not fetch() files, but may load scripts).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use base64::Engine as _;

use crate::windows::BuildError;

/// The file `checker.js` loads, next to the guide's index.html.
pub const SCRIPT_FILE: &str = "certcheck-wasm.js";

/// Builds the module and returns its path.
pub fn build() -> Result<PathBuf, BuildError> {
    crate::windows::run_build_script("scripts/build-wasm.sh", None, "the WebAssembly build tools")
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
