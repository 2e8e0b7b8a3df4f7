//! Choosing the language and printing. Nothing here panics on a write
//! error: a closed pipe (`certcheck … | head`) ends output quietly, any other
//! failure (a full disk) becomes an [`IoFailure`] (exit status 74).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use certcheck_core::findings::Lang;
use certcheck_report::{Document, render_csv, render_json, render_text};

use crate::cli::{Format, LangArg, OutputArgs};
use crate::io_failure::IoFailure;

/// The language: the flag, else the environment's locale, else Japanese.
pub fn lang(flag: Option<LangArg>) -> Lang {
    match flag {
        Some(LangArg::Ja) => Lang::Ja,
        Some(LangArg::En) => Lang::En,
        None => env_lang(),
    }
}

/// The environment's language (LC_ALL, LC_MESSAGES, LANG), else Japanese.
pub fn env_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .map(|v| Lang::from_locale(&v))
        .unwrap_or_default()
}

/// Set once standard output's reader has gone: nothing more is written.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to standard output.
pub fn emit(text: &str) -> Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(IoFailure::new("結果を出力できません", "cannot write the output", &e).into()),
    }
}

/// Writes a line to standard error; a failure there has nowhere to be told.
pub fn warn(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Prints the document in the format asked for and returns the exit status.
pub fn print(doc: &Document, out: &OutputArgs) -> Result<i32> {
    if out.quiet {
        return Ok(doc.exit_status());
    }
    let lang = lang(out.lang);
    match out.format {
        Format::Json => emit(&render_json(doc))?,
        Format::Csv => match &doc.offices {
            Some(rows) => emit(&render_csv(rows, lang))?,
            None => {
                return Err(crate::usage::UsageError::new(
                    "--format csv は check、store、doctor で使えます（事業所ごとの一覧）。",
                    "--format csv is for check, store and doctor (one row per office).",
                )
                .into());
            }
        },
        Format::Text => emit(&render_text(doc, lang, "", colour_wanted()))?,
    }
    Ok(doc.exit_status())
}

/// Colour only on a terminal that can show it: never when NO_COLOR is set
/// (no-color.org) or TERM is `dumb`. Windows' console shows ANSI sequences
/// raw until virtual-terminal processing is switched on, so it is switched
/// on here (anstyle-query, for standard output and error; left on), and
/// without it there is no colour. What a console then shows is tested on
/// certcheck.exe under Wine (xtask/src/wine/console.rs).
fn colour_wanted() -> bool {
    use std::io::IsTerminal;
    colour_decision(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
        anstyle_query::windows::enable_ansi_colors,
    )
}

/// The decision itself. `enable_ansi` switches the terminal to ANSI
/// sequences: Some(true) done, Some(false) it could not be (an old Windows
/// console), None nothing to switch (every other system). It is called only
/// when colour is otherwise wanted.
fn colour_decision(
    terminal: bool,
    no_color: bool,
    term_dumb: bool,
    enable_ansi: impl FnOnce() -> Option<bool>,
) -> bool {
    terminal && !no_color && !term_dumb && enable_ansi().unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::colour_decision;

    #[test]
    fn colour_needs_a_terminal_that_shows_ansi_and_no_opt_out() {
        // (terminal, NO_COLOR, TERM=dumb, what enabling ANSI says) -> colour
        let cases = [
            ((true, false, false, None), true),
            ((true, false, false, Some(true)), true),
            ((true, false, false, Some(false)), false),
            ((false, false, false, Some(true)), false),
            ((true, true, false, Some(true)), false),
            ((true, false, true, Some(true)), false),
        ];
        for ((terminal, no_color, dumb, vt), want) in cases {
            let mut asked = false;
            let got = colour_decision(terminal, no_color, dumb, || {
                asked = true;
                vt
            });
            assert_eq!(got, want, "{terminal} {no_color} {dumb} {vt:?}");
            // The console is left alone unless colour is otherwise wanted.
            assert_eq!(asked, terminal && !no_color && !dumb);
        }
    }
}
