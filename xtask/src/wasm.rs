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
    crate::windows::run_build_script(
        "scripts/build-wasm.sh",
        None,
        &[],
        "the WebAssembly build tools",
    )
}

/// The environment variable that hands the checker script to certcheck's
/// build.rs, which then embeds it in the guide inside the binary.
pub const SCRIPT_ENV: &str = "CERTCHECK_GUIDE_CHECKER";

/// The checker script, built once: the module as base64 in
/// target/wasm/certcheck-wasm.js.
pub struct Script {
    pub path: PathBuf,
    /// The module's size in bytes (the script is a third larger).
    pub module_bytes: u64,
}

/// Builds the module and writes the checker script. Without the tools there is
/// no checker, said loudly; under CERTCHECK_CI=1 that fails.
pub fn script() -> Result<Option<Script>> {
    match build() {
        Ok(wasm) => {
            let bytes =
                std::fs::read(&wasm).with_context(|| format!("reading {}", wasm.display()))?;
            check_budget(&wasm, bytes.len() as u64)?;
            let script = format!(
                "// certcheck's file check as WebAssembly (crates/wasm), for checker.js. Made by `cargo xtask book`.\nwindow.certcheckWasm = \"{}\";\n",
                base64::engine::general_purpose::STANDARD.encode(&bytes)
            );
            let path = crate::windows::root().join("target/wasm").join(SCRIPT_FILE);
            write_if_changed(&path, script.as_bytes())?;
            Ok(Some(Script {
                path,
                module_bytes: bytes.len() as u64,
            }))
        }
        Err(BuildError::ToolsMissing(what)) => {
            let msg = format!(
                "the guide is built WITHOUT the file checker: {what} missing (apt-get install rustc-web cargo-web rust-web-src lld-16 binaryen, or rustup target add wasm32-unknown-unknown and WASM_RUSTUP=1)"
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

/// The most the module may weigh. It is embedded in every copy of the guide
/// as base64 (a third more), which loads from local disk: one verifier for the
/// CLI and the page (RustCrypto's curves, issue 21) matters more than bytes,
/// so the budget went from 700 KiB to 1.5 MiB. Growth past this is a decision
/// to make, not to drift into: `scripts/wasm-size.py` shows where the bytes go.
pub const MODULE_BUDGET: u64 = 1536 * 1024;

fn check_budget(wasm: &Path, bytes: u64) -> Result<()> {
    // A module wasm-opt did not shrink (binaryen missing, allowed off CI) is
    // a tenth larger; the budget is for what ships.
    if bytes > MODULE_BUDGET && wasm.to_string_lossy().ends_with(".opt.wasm") {
        bail!(
            "the guide's checker module is {:.0} KiB, over its budget of {} KiB (scripts/wasm-size.py {} shows where the bytes go)",
            bytes as f64 / 1024.0,
            MODULE_BUDGET / 1024,
            wasm.display()
        );
    }
    Ok(())
}

/// Keeps the file's time when nothing changed, so build.rs (which watches the
/// file) does not re-render the guide for an identical module.
fn write_if_changed(path: &Path, content: &[u8]) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    std::fs::write(path, content).with_context(|| format!("writing {}", path.display()))
}

/// Builds the module into the guide at `book_out`. Returns the module's size
/// in bytes, if embedded.
pub fn embed_into(book_out: &Path) -> Result<Option<u64>> {
    let Some(script) = script()? else {
        return Ok(None);
    };
    let dest = book_out.join(SCRIPT_FILE);
    std::fs::copy(&script.path, &dest).with_context(|| format!("writing {}", dest.display()))?;
    Ok(Some(script.module_bytes))
}
