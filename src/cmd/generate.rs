//! Shell completions and the man page, from the clap definition itself.
//! Like every file certcheck writes, each is created whole and never
//! replaces one already there.

use std::path::Path;

use anyhow::Result;
use certcheck_report::visible;
use clap::CommandFactory;
use clap_complete::{Generator, Shell};

use crate::atomic::{self, CreateError};
use crate::cli::Cli;
use crate::io_failure::IoFailure;
use crate::output;
use crate::usage::UsageError;

fn write(path: &Path, data: &[u8]) -> Result<()> {
    let shown = visible(&path.display().to_string()).into_owned();
    atomic::create_file(path, data).map_err(|e| match e {
        CreateError::Exists => anyhow::Error::from(UsageError::new(
            format!("{shown} はすでにあります。上書きしないので、空のフォルダーを指定してください。"),
            format!("{shown} already exists; certcheck does not overwrite files, choose an empty folder."),
        )),
        CreateError::Io(e) => anyhow::Error::from(IoFailure::new(
            format!("{shown} を書けません"),
            format!("cannot write {shown}"),
            &e,
        )),
    })?;
    output::emit(&format!("{shown}\n"))
}

pub fn run(dir: &Path) -> Result<i32> {
    std::fs::create_dir_all(dir).map_err(|e| {
        IoFailure::new(
            format!(
                "フォルダー {} を作れません",
                visible(&dir.display().to_string())
            ),
            format!("cannot create {}", visible(&dir.display().to_string())),
            &e,
        )
    })?;
    let mut cmd = Cli::command();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "certcheck", &mut buf);
        write(&dir.join(shell.file_name("certcheck")), &buf)?;
    }
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    write(&dir.join("certcheck.1"), &buf)?;
    Ok(0)
}
