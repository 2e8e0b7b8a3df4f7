//! Choosing the language and printing an outcome.

use std::io::Write;

use anyhow::Result;
use certcheck_core::findings::Lang;
use certcheck_core::report::{Outcome, json, text};

use crate::cli::{Format, LangArg, OutputArgs};

/// The language: the flag, else the environment's locale, else Japanese.
pub fn lang(flag: Option<LangArg>) -> Lang {
    match flag {
        Some(LangArg::Ja) => Lang::Ja,
        Some(LangArg::En) => Lang::En,
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .map(|v| Lang::from_locale(&v))
            .unwrap_or_default(),
    }
}

/// Prints the outcome and returns the exit status.
pub fn print(o: &Outcome<'_>, out: &OutputArgs) -> Result<i32> {
    if out.quiet {
        return Ok(o.verdict().exit_code());
    }
    let lang = lang(out.lang);
    let mut stdout = std::io::stdout().lock();
    match out.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &json::document(o, lang))?;
            writeln!(stdout)?;
        }
        Format::Csv => {
            return Err(crate::usage::UsageError::new(
                "--format csv は check、store、doctor で使えます（事業所ごとの一覧）。",
                "--format csv is for check, store and doctor (one row per office).",
            )
            .into());
        }
        Format::Text => {
            let rendered = text::render(o, lang, "");
            if colour_wanted() {
                write!(stdout, "{}", colourise(&rendered))?
            } else {
                write!(stdout, "{rendered}")?
            }
        }
    }
    stdout.flush()?;
    Ok(o.verdict().exit_code())
}

/// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
fn colour_wanted() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Colours the severity tags of findings: red errors, yellow warnings.
fn colourise(text: &str) -> String {
    text.lines()
        .map(|line| {
            let t = line.trim_start();
            if t.starts_with("[エラー]") || t.starts_with("[error]") {
                format!("\x1b[31m{line}\x1b[0m\n")
            } else if t.starts_with("[注意]") || t.starts_with("[warning]") {
                format!("\x1b[33m{line}\x1b[0m\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}
