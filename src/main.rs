//! certcheck: checks the client certificate (電子証明書) used for long-term-care
//! insurance claims. The logic lives in crates/core and crates/store; this
//! binary parses arguments, does the I/O and prints.

mod atomic;
mod bounded_read;
mod clap_messages;
mod cli;
mod cmd;
mod desktop_report;
mod double_click;
mod environment;
mod exit_status;
mod guide;
mod io_failure;
mod output;
mod password;
mod prompt;
mod usage;

use std::process::ExitCode;

use certcheck_core::findings::Lang;
use certcheck_report::visible;
use clap::Parser;
use clap::error::ErrorKind;

use crate::cli::{Cli, Command};
use crate::io_failure::IoFailure;
use crate::usage::UsageError;

/// The language for a parse error: `--lang` if it was given, else the environment's.
fn lang_from_args() -> Lang {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let given = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "--lang" => args.get(i + 1).map(String::as_str),
        _ => a.strip_prefix("--lang="),
    });
    match given {
        Some("en") => Lang::En,
        Some("ja") => Lang::Ja,
        _ => output::env_lang(),
    }
}

/// Prints a bilingual message, the user's language first, each line made visible.
fn tell(ja: &str, en: &str, lang: Lang) {
    let (first, second) = if lang == Lang::En { (en, ja) } else { (ja, en) };
    let shown = |s: &str| {
        s.lines()
            .map(|l| visible(l).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    output::warn(&format!(
        "certcheck: {}\n  ({})",
        shown(first),
        shown(second)
    ));
}

fn main() -> ExitCode {
    // Double-clicked in Explorer, or files dropped on it: our console is ours
    // alone, and the arguments are nothing but the dropped files' paths.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if let Some(files) = double_click::started_by_explorer(&args) {
        return double_click::run(files);
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            // Help and version go to standard output; a closed pipe is no error.
            return match output::emit(&e.render().to_string()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => ExitCode::from(report_error(&e, lang_from_args()) as u8),
            };
        }
        Err(e) => {
            let u = clap_messages::usage_error(&e);
            tell(&u.ja, &u.en, lang_from_args());
            return ExitCode::from(exit_status::USAGE as u8);
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
        Err(e) => ExitCode::from(report_error(&e, output::lang(None)) as u8),
    }
}

/// Tells the user what went wrong and returns the exit status: 64 for a usage
/// error, 74 for an I/O failure or anything else (never 2, which is about the
/// certificate).
pub fn report_error(e: &anyhow::Error, lang: Lang) -> i32 {
    if let Some(u) = e.downcast_ref::<UsageError>() {
        tell(&u.ja, &u.en, lang);
        return exit_status::USAGE;
    }
    if let Some(f) = e.downcast_ref::<IoFailure>() {
        tell(&f.ja, &f.en, lang);
        return exit_status::IO;
    }
    let text = format!("{e:#}");
    tell(&format!("エラー: {text}"), &format!("error: {text}"), lang);
    exit_status::IO
}
