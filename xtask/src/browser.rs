//! `cargo xtask browser-test`: builds the guide, then runs the Node tests in
//! tests/browser/ against it in Debian's chromium, from file://.
//!
//! Missing chromium or Node is a loud skip, and a failure when
//! CERTCHECK_CI=1 (a skip under CI must not pass for a test run).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::book;

const CHROMIUM: &str = "/usr/bin/chromium";

pub fn run(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask browser-test");
    }
    let ci = std::env::var("CERTCHECK_CI").is_ok_and(|v| v == "1");
    let chromium = std::env::var("CERTCHECK_CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string());
    let missing = [
        ("chromium", chromium.as_str()),
        ("node", "node"),
        ("npm", "npm"),
    ]
    .into_iter()
    .filter(|(_, cmd)| !runs(cmd))
    .map(|(name, _)| name)
    .collect::<Vec<_>>();
    if !missing.is_empty() {
        let msg = format!(
            "browser tests SKIPPED: {} not found (apt-get install -y chromium nodejs npm)",
            missing.join(", ")
        );
        eprintln!(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! {msg}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
        );
        if ci {
            bail!("{msg}; CERTCHECK_CI=1 makes this a failure");
        }
        return Ok(());
    }

    let out = book::default_out();
    let report = book::build(&out)?;
    println!(
        "guide built: {} ({} pages, {:.1} KiB)",
        out.display(),
        report.pages,
        report.bytes as f64 / 1024.0
    );

    // The checker tests compare the page's document with the CLI's. Built as
    // the Rust suite builds it (`cargo test --workspace`): `build -p certcheck`
    // unifies other features and recompiled 28 crates after that suite.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(&cargo)
        .current_dir(book::workspace_root())
        .args(["test", "--workspace", "--no-run", "--quiet"])
        .status()
        .context("building certcheck for the checker tests")?;
    if !built.success() {
        bail!("cargo test --workspace --no-run failed ({built})");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| book::workspace_root().join("target"));

    let dir = book::workspace_root().join("tests").join("browser");
    // playwright-core drives chromium; axe-core and vnu-jar (the Nu HTML
    // checker, run with the system's java) audit the pages.
    if ["playwright-core", "axe-core", "vnu-jar"]
        .iter()
        .any(|p| !dir.join("node_modules").join(p).exists())
    {
        // No install scripts (tests/browser/.npmrc too): vnu-jar's would fetch a Java.
        npm(&dir, &["ci", "--ignore-scripts", "--no-audit", "--no-fund"])?;
    }
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1", "tests/"])
        .current_dir(&dir)
        .env("CERTCHECK_BOOK_DIR", &out)
        .env("CERTCHECK_CHROMIUM", &chromium)
        .env("CERTCHECK_BIN", target.join("debug").join("certcheck"))
        .env(
            "CERTCHECK_VECTORS",
            book::workspace_root().join("tests/data/renewal-vectors.json"),
        )
        .status()
        .context("running node --test")?;
    if !status.success() {
        bail!("browser tests failed ({status})");
    }
    Ok(())
}

fn runs(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn npm(dir: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new("npm")
        .args(args)
        .current_dir(dir)
        .status()
        .context("running npm")?;
    if !status.success() {
        bail!("npm {} failed ({status})", args.join(" "));
    }
    Ok(())
}
