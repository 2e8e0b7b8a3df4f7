//! certcheck: checks the client certificate (電子証明書) used for long-term-care
//! insurance claims. The logic lives in crates/core and crates/store; this
//! binary parses arguments, does the I/O and prints.

mod cli;
mod cmd;
mod desktop_report;
mod double_click;
mod environment;
mod guide;
mod output;
mod password;
mod usage;

use std::process::ExitCode;

use certcheck_core::findings::{EXIT_USAGE, Lang};
use clap::Parser;
use clap::error::ErrorKind;

use crate::cli::{Cli, Command};
use crate::usage::UsageError;

fn main() -> ExitCode {
    // Double-clicked in Explorer, or files dropped on it: our console is ours
    // alone, and the arguments are nothing but the dropped files' paths.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if let Some(files) = double_click::started_by_explorer(&args) {
        return double_click::run(files);
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
                _ => EXIT_USAGE,
            };
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    let result = match &cli.command {
        Command::Check(a) => cmd::check::run(a),
        Command::Renewal(a) => cmd::renewal::run(a),
        Command::Explain(a) => cmd::explain::run(a),
        Command::Store(a) => cmd::store::run(a),
        Command::Doctor(a) => cmd::doctor::run(a),
        Command::Guide(a) => cmd::guide_cmd::run(a),
        Command::Generate { dir } => cmd::generate::run(dir),
        Command::Report(cli::ReportCommand::View { file, lang }) => cmd::report::view(file, *lang),
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            let lang = output::lang(None);
            match e.downcast_ref::<UsageError>() {
                Some(u) => {
                    let (first, second) = if lang == Lang::En {
                        (&u.en, &u.ja)
                    } else {
                        (&u.ja, &u.en)
                    };
                    eprintln!("certcheck: {first}\n  ({second})");
                    ExitCode::from(EXIT_USAGE as u8)
                }
                None => {
                    eprintln!("certcheck: エラー / error: {e:#}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
