//! Getting the password from where the user chose, never from a plain argument.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::cli::PasswordArgs;
use crate::usage::UsageError;

/// The password, or None for `--no-password`.
pub fn obtain(args: &PasswordArgs, file_label: &str) -> Result<Option<Zeroizing<String>>> {
    if args.no_password {
        return Ok(None);
    }
    if args.password_stdin {
        // Room up front: a growing String would leave unwiped copies behind.
        let mut line = Zeroizing::new(String::with_capacity(1024));
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("標準入力を読めません / cannot read standard input")?;
        return Ok(Some(strip_newline(line)));
    }
    if let Some(var) = &args.password_env {
        return match std::env::var(var) {
            Ok(v) => Ok(Some(Zeroizing::new(v))),
            Err(_) => Err(UsageError::new(
                format!("環境変数 {var} が設定されていません。"),
                format!("environment variable {var} is not set."),
            )
            .into()),
        };
    }
    if let Some(path) = &args.password_file {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
            UsageError::new(
                format!("パスワードファイル {} を読めません: {e}", path.display()),
                format!("cannot read the password file {}: {e}", path.display()),
            )
        })?);
        let first = text.lines().next().unwrap_or("");
        return Ok(Some(Zeroizing::new(first.to_string())));
    }
    if std::io::stdin().is_terminal() {
        let prompt = format!("{file_label} の証明書発行用パスワード / password: ");
        let p = rpassword::prompt_password(prompt)
            .context("パスワードを読めません / cannot read the password")?;
        return Ok(Some(Zeroizing::new(p)));
    }
    Err(UsageError::new(
        "パスワードの入力方法を指定してください（--password-stdin、--password-env 変数名、--password-file パス、--no-password のどれか）。画面から実行すると入力を求められます。",
        "say how to get the password: --password-stdin, --password-env VAR, --password-file PATH or --no-password (on a terminal certcheck asks).",
    )
    .into())
}

fn strip_newline(mut s: Zeroizing<String>) -> Zeroizing<String> {
    while s.ends_with('\n') || s.ends_with('\r') {
        s.pop();
    }
    s
}
