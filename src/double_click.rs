//! For people who double-click certcheck.exe: check the store, say the result
//! in plain Japanese, say where the guide is, and keep the window open.

use std::io::BufRead;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::{cmd, guide, output};

/// True when started from Explorer: the console has no other process (a
/// shell would be one). `CERTCHECK_DOUBLE_CLICK=1` forces it, for tests.
pub fn launched_from_explorer() -> bool {
    if std::env::var("CERTCHECK_DOUBLE_CLICK").as_deref() == Ok("1") {
        return true;
    }
    #[cfg(windows)]
    {
        let mut pids = [0u32; 4];
        // SAFETY: the buffer and its length match.
        let n = unsafe {
            windows_sys::Win32::System::Console::GetConsoleProcessList(
                pids.as_mut_ptr(),
                pids.len() as u32,
            )
        };
        n == 1
    }
    #[cfg(not(windows))]
    {
        false
    }
}

pub fn run() -> ExitCode {
    // The window is ours: if writing to it fails there is no one to tell.
    let say = |s: &str| drop(output::emit(s));
    say("certcheck: 電子証明書のインストールを確認します。\n\n");
    let code = match Cli::try_parse_from(["certcheck", "doctor", "--lang", "ja"]) {
        Ok(Cli {
            command: Command::Doctor(args),
        }) => cmd::doctor::run(&args)
            .unwrap_or_else(|e| crate::report_error(&e, certcheck_core::findings::Lang::Ja)),
        _ => 2,
    };
    match guide::cached() {
        Ok(index) => say(&format!(
            "\n手順のガイド: {}\n（このファイルをダブルクリックすると、ブラウザで開きます）\n",
            index.display()
        )),
        Err(_) => say("\n手順のガイドは、この certcheck には入っていません。\n"),
    }
    say("\nEnter キーを押すと、この画面を閉じます。\n");
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    ExitCode::from(code as u8)
}
