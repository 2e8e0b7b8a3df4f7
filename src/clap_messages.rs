//! clap's parse errors in the catalog's style, Japanese and English, instead
//! of clap's English-only text. Nothing the user typed as a value is
//! repeated: a password typed in place of a name, or after `--password=`,
//! must never be shown. Option and command names are shown (visibly).

use certcheck_report::visible;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::usage::UsageError;

/// The text of a context value, or None.
fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An option's name as given, without any `=value` after it.
fn option_name(arg: &str) -> String {
    let name = arg.split_once('=').map_or(arg, |(n, _)| n);
    // `--password-env <VAR>`: clap's own placeholder, keep it.
    visible(name).into_owned()
}

/// The user's message for a clap error (not help or version).
pub fn usage_error(e: &clap::Error) -> UsageError {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let suggested = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .map(|s| visible(&s).into_owned());
    let tip = |ja: &mut String, en: &mut String| {
        if let Some(s) = &suggested {
            ja.push_str(&format!("{s} のことですか？"));
            en.push_str(&format!(" Did you mean {s}?"));
        }
    };
    let (mut ja, mut en) = match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            let name = option_name(&arg);
            (
                format!("{name} というオプションはありません。"),
                format!("there is no option {name}."),
            )
        }
        ErrorKind::UnknownArgument => (
            // A stray word may be a password typed on the command line: not repeated.
            "余分な引数があります（内容は表示しません）。パスワードはコマンドラインに書かず、--password-stdin などで渡してください。".to_string(),
            "an unexpected argument was given (not shown here). Never put a password on the command line; use --password-stdin or another password option.".to_string(),
        ),
        ErrorKind::InvalidSubcommand => {
            let cmd = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let cmd = visible(&cmd).into_owned();
            (
                format!("{cmd} というコマンドはありません。"),
                format!("there is no command {cmd}."),
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => (
            "コマンドを指定してください（check、renewal、explain、store、doctor、guide、report）。".to_string(),
            "give a command (check, renewal, explain, store, doctor, guide, report).".to_string(),
        ),
        ErrorKind::MissingRequiredArgument => {
            let what = visible(&arg).into_owned();
            (
                format!("{what} を指定してください。"),
                format!("{what} is required."),
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let name = option_name(&arg);
            let valid = context(e, ContextKind::ValidValue);
            let value_missing = e
                .get(ContextKind::InvalidValue)
                .is_some_and(|v| matches!(v, ContextValue::String(s) if s.is_empty()));
            match (valid, value_missing) {
                (_, true) => (
                    format!("{name} の値を指定してください。"),
                    format!("{name} needs a value."),
                ),
                (Some(valid), _) => (
                    format!("{name} の値が正しくありません。使える値: {valid}。"),
                    format!("invalid value for {name}; possible values: {valid}."),
                ),
                (None, _) => (
                    format!("{name} の値が正しくありません。"),
                    format!("invalid value for {name}."),
                ),
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg)
                .map(|p| option_name(&p))
                .unwrap_or_default();
            let name = option_name(&arg);
            (
                format!("{name} と {prior} は一緒に使えません。どちらか 1 つにしてください。"),
                format!("{name} cannot be used with {prior}; choose one."),
            )
        }
        ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues
        | ErrorKind::NoEquals => {
            let name = option_name(&arg);
            (
                format!("{name} の値の数が正しくありません。"),
                format!("wrong number of values for {name}."),
            )
        }
        ErrorKind::InvalidUtf8 => (
            "引数を文字として読めません。".to_string(),
            "an argument is not valid text.".to_string(),
        ),
        _ => (
            "引数が正しくありません。".to_string(),
            "the arguments are not valid.".to_string(),
        ),
    };
    tip(&mut ja, &mut en);
    ja.push_str(" 使い方: certcheck --help");
    en.push_str(" Usage: certcheck --help");
    UsageError::new(ja, en)
}
