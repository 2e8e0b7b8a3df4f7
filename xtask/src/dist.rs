//! `cargo xtask dist`: the guide, a release build that embeds it, and the
//! shell completions and man page, into target/dist.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Result, bail};

pub fn run(_args: &[String]) -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    crate::book::run(&[])?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    if !Command::new(&cargo)
        .current_dir(&root)
        .args(["build", "--release", "-p", "certcheck"])
        .status()?
        .success()
    {
        bail!("the release build failed");
    }
    let dist = root.join("target/dist");
    let bin = root.join("target/release/certcheck");
    std::fs::create_dir_all(&dist)?;
    if !Command::new(&bin)
        .arg("generate")
        .arg(dist.join("completions"))
        .status()?
        .success()
    {
        bail!("certcheck generate failed");
    }
    std::fs::copy(&bin, dist.join("certcheck"))?;
    println!("dist: {}", dist.display());
    Ok(())
}
