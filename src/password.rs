//! Getting the password from where the user chose, never from a plain argument.
//! Every source is bounded ([`MAX_PASSWORD_BYTES`]); files saved by Windows
//! (UTF-8 or UTF-16 with a BOM) work; no input at all is "no password given"
//! (64), not a wrong password. Errors never repeat the value given to a
//! password option: a password typed in place of a name must not be shown.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use certcheck_core::findings::Lang;
use certcheck_core::io_reason::IoReason;
use certcheck_core::password_input::{
    self, MAX_PASSWORD_BYTES, MAX_PASSWORD_CHARS, PasswordInputError,
};
use zeroize::Zeroizing;

use crate::bounded_read::{self, SecretFileError};
use crate::cli::PasswordArgs;
use crate::usage::UsageError;

/// How long a password file (it may be a pipe) may take to deliver its line.
const PASSWORD_FILE_TIMEOUT: Duration = Duration::from_secs(10);

/// The password, or None for `--no-password`.
pub fn obtain(args: &PasswordArgs, file_label: &str) -> Result<Option<Zeroizing<String>>> {
    if args.no_password {
        return Ok(None);
    }
    if args.password_stdin {
        let bytes = bounded_read::secret_line(
            &mut std::io::stdin().lock(),
            MAX_PASSWORD_BYTES,
            password_input::first_line_len,
        )
        .map_err(|e| {
            UsageError::new(
                format!("標準入力を読めません（{e}）。"),
                format!("cannot read standard input ({e})."),
            )
        })?;
        let complete = bytes.len() <= MAX_PASSWORD_BYTES;
        return decoded(password_input::first_line(&bytes, complete), Source::Stdin).map(Some);
    }
    if let Some(var) = &args.password_env {
        return match std::env::var_os(var) {
            None => Err(UsageError::new(
                "--password-env に指定した環境変数は設定されていません（指定した名前はここには表示しません）。",
                "the environment variable named with --password-env is not set (the name given is not shown here).",
            )
            .into()),
            Some(v) => match v.into_string() {
                Ok(s) => {
                    let s = Zeroizing::new(s);
                    decoded(password_input::check(&s).map(|()| s), Source::Env).map(Some)
                }
                Err(os) => {
                    drop(Zeroizing::new(os.into_encoded_bytes()));
                    decoded(Err(PasswordInputError::NotText), Source::Env).map(Some)
                }
            },
        };
    }
    if let Some(path) = &args.password_file {
        let bytes = bounded_read::secret_file(
            path,
            MAX_PASSWORD_BYTES,
            password_input::first_line_read,
            PASSWORD_FILE_TIMEOUT,
        )
        .map_err(|e| {
            let (ja, en) = match e {
                SecretFileError::Io(e) => (
                    IoReason::reading(&e).text(Lang::Ja).to_string(),
                    format!("{}: {e}", IoReason::reading(&e).text(Lang::En)),
                ),
                SecretFileError::TimedOut => (
                    format!("{} 秒待っても読めませんでした", PASSWORD_FILE_TIMEOUT.as_secs()),
                    format!("nothing arrived within {} seconds", PASSWORD_FILE_TIMEOUT.as_secs()),
                ),
            };
            UsageError::new(
                format!("--password-file に指定したファイルを読めません（{ja}）。ファイルの場所と名前を確かめてください。"),
                format!("cannot read the file given with --password-file ({en}). Check its location and name."),
            )
        })?;
        let complete = bytes.len() <= MAX_PASSWORD_BYTES;
        return decoded(password_input::first_line(&bytes, complete), Source::File).map(Some);
    }
    if std::io::stdin().is_terminal() {
        let prompt = format!("{file_label} の証明書発行用パスワード / password: ");
        let typed = crate::prompt::password(&prompt).map_err(|e| {
            UsageError::new(
                format!("パスワードを読めません（{e}）。"),
                format!("cannot read the password ({e})."),
            )
        })?;
        return match typed {
            Some(p) => decoded(password_input::check(&p).map(|()| p), Source::Prompt).map(Some),
            None => decoded(Err(PasswordInputError::Empty), Source::Prompt).map(Some),
        };
    }
    Err(UsageError::new(
        "パスワードの入力方法を指定してください（--password-stdin、--password-env 変数名、--password-file パス、--no-password のどれか）。コマンド プロンプトの画面で実行したときは、パスワードを聞かれます。",
        "say how to get the password: --password-stdin, --password-env VAR, --password-file PATH or --no-password (on a terminal certcheck asks).",
    )
    .into())
}

/// Set by the drag-and-drop mode: there an empty line at the prompt is no
/// answer (Enter pressed before typing), since a 証明書発行用パスワード is
/// never empty; elsewhere it is the empty password some files have.
static EMPTY_IS_NOT_GIVEN: AtomicBool = AtomicBool::new(false);

/// Makes an empty typed or piped password count as not given (see above).
pub fn empty_is_not_given() {
    EMPTY_IS_NOT_GIVEN.store(true, Ordering::Relaxed);
}

/// Marks the error of a password that was not given at all (Ctrl-D, an
/// empty line): the drag-and-drop mode tells it in words and goes on with the
/// other files. The usage error under it is what a command line is told.
#[derive(Debug)]
pub struct NotGiven;

impl std::fmt::Display for NotGiven {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no password given")
    }
}

#[derive(Clone, Copy)]
enum Source {
    Stdin,
    Env,
    File,
    Prompt,
}

impl Source {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Source::Stdin => (
                "標準入力（--password-stdin）",
                "standard input (--password-stdin)",
            ),
            Source::Env => ("--password-env の環境変数", "the --password-env variable"),
            Source::File => ("--password-file のファイル", "the --password-file file"),
            Source::Prompt => ("入力", "the prompt"),
        }
    }
}

/// A decoded password, or the usage error that says what was wrong with the input.
fn decoded(
    r: Result<Zeroizing<String>, PasswordInputError>,
    source: Source,
) -> Result<Zeroizing<String>> {
    let (ja_src, en_src) = source.names();
    let typed = matches!(source, Source::Stdin | Source::Prompt);
    let r = r.and_then(|p| {
        if p.is_empty() && typed && EMPTY_IS_NOT_GIVEN.load(Ordering::Relaxed) {
            Err(PasswordInputError::Empty)
        } else {
            Ok(p)
        }
    });
    r.map_err(|e| {
        let not_given = e == PasswordInputError::Empty;
        let (ja, en) = match e {
            // At the prompt (a dropped file, too) the one next step is to type it.
            PasswordInputError::Empty if matches!(source, Source::Prompt) => (
                "パスワードが入力されていません。証明書発行用パスワードを入力してから Enter キーを押してください。".to_string(),
                "no password was typed. Type the certificate issuance password (証明書発行用パスワード), then press Enter.".to_string(),
            ),
            PasswordInputError::Empty => (
                format!("パスワードが入力されていません（{ja_src}が空です）。パスワードを入力するか、パスワードのないファイルなら --no-password を指定してください。"),
                format!("no password was given ({en_src} is empty). Give the password, or --no-password for a file without one."),
            ),
            PasswordInputError::NotText => (
                format!("{ja_src}のパスワードを文字として読めません（UTF-8 または BOM 付き UTF-16 で保存してください）。"),
                format!("the password from {en_src} is not valid text (save it as UTF-8, or UTF-16 with a BOM)."),
            ),
            PasswordInputError::TooLong => (
                format!("{ja_src}のパスワードが長すぎます（{MAX_PASSWORD_CHARS} 文字まで）。パスワードだけを 1 行目に書いてください。"),
                format!("the password from {en_src} is too long (at most {MAX_PASSWORD_CHARS} characters). Put only the password on the first line."),
            ),
        };
        let usage = anyhow::Error::from(UsageError::new(ja, en));
        if not_given {
            usage.context(NotGiven)
        } else {
            usage
        }
    })
}
