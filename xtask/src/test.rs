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
    step("rust", &|| cargo(&["test", "--workspace"]));
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
