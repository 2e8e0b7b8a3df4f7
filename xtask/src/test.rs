//! `cargo xtask test`: every test suite: lint, Rust, the guide's checker
//! (the WebAssembly module and its size budget), browser, Wine (which builds
//! the Windows zip and tests the certcheck.exe inside it).
//!
//! Under CI (`CERTCHECK_CI=1`, set by .ci/run) a suite that cannot run (no
//! Chromium, no Wine) fails instead of skipping; elsewhere it skips loudly.

use std::process::Command;

use anyhow::{Result, bail};

fn cargo(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo).args(args).status()?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// tests/outside.rs runs ical.js and markdown-it from tests/parsers/:
/// installs them (`npm ci`) when npm is there and they are not. Without npm
/// those tests skip loudly (and fail under CERTCHECK_CI=1).
fn prepare_parsers() -> Result<()> {
    let dir = crate::book::workspace_root().join("tests").join("parsers");
    let has_npm = Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if dir.join("node_modules").exists() || !has_npm {
        return Ok(());
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .status()?;
    if !status.success() {
        bail!("npm ci in tests/parsers failed ({status})");
    }
    Ok(())
}

pub fn run(args: &[String]) -> Result<()> {
    let only = |name: &str| args.is_empty() || args.iter().any(|a| a == name);
    let mut failed = Vec::new();
    let mut step = |name: &str, f: &dyn Fn() -> Result<()>| {
        if !only(name) {
            return;
        }
        println!("\n==== xtask test: {name} ====");
        let started = std::time::Instant::now();
        let result = f();
        // Wall time per suite, for keeping CI's time in view.
        let took = started.elapsed().as_secs();
        if let Err(e) = result {
            eprintln!("==== {name} FAILED after {took} s: {e:#}");
            failed.push(name.to_string());
        } else {
            println!("==== {name} passed in {took} s");
        }
    };
    step("lint", &|| {
        cargo(&["fmt", "--all", "--", "--check"])?;
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
    });
    step("rust", &|| {
        prepare_parsers()?;
        cargo(&["test", "--workspace"])
    });
    // The guide's checker (crates/wasm) runs the same code as the CLI; only
    // its one-thread paths (cfg(target_arch = "wasm32")) need the target, so
    // build the module as the guide ships it, and hold it to its size budget.
    step("wasm", &|| crate::wasm::script().map(|_| ()));
    step("browser", &|| crate::browser::run(&[]));
    step("wine", &|| crate::wine::run(&[]));
    if failed.is_empty() {
        println!("\n==== xtask test: all suites passed ====");
        Ok(())
    } else {
        bail!("failed suites: {}", failed.join(", "))
    }
}
