//! Shell completions and the man page, from the clap definition itself.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

pub fn run(dir: &Path) -> Result<i32> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut cmd = Cli::command();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
        let path = clap_complete::generate_to(shell, &mut cmd, "certcheck", dir)?;
        println!("{}", path.display());
    }
    let man = dir.join("certcheck.1");
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    std::fs::write(&man, buf).with_context(|| format!("cannot write {}", man.display()))?;
    println!("{}", man.display());
    Ok(0)
}
