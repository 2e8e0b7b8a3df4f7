//! For people who double-click certcheck.exe, or drop certificate files on
//! it: run doctor (over the dropped files too), say the result in plain
//! Japanese, offer to save a report on the Desktop, say where the guide is,
//! and keep the window open.

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::{cmd, desktop_report, exit_status, guide, output};

/// How often 「保存しますか」 is asked before an unclear answer counts as no.
const ASKS: usize = 3;

/// True when started from Explorer: the console has no other process (a
/// shell would be one). `CERTCHECK_DOUBLE_CLICK=1` forces it, for tests.
// Unsafe: GetConsoleProcessList through FFI; no safe API counts the
// processes sharing the console.
#[allow(unsafe_code)]
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

/// The files to check when certcheck was double-clicked (none) or had files
/// dropped on it (their paths, the only arguments); None for a normal run.
/// Explorer passes full paths, so anything else (a subcommand, a flag) is a
/// command line typed by someone.
pub fn started_by_explorer(args: &[OsString]) -> Option<Vec<OsString>> {
    let dropped = args.iter().all(|a| {
        let p = Path::new(a);
        !a.to_string_lossy().starts_with('-') && (p.is_absolute() || p.exists())
    });
    (dropped && launched_from_explorer()).then(|| args.to_vec())
}

/// The window is ours: if writing to it fails there is no one to tell.
fn say(text: &str) {
    drop(output::emit(text));
}

fn ask(question: &str) -> Option<String> {
    say(question);
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    // A console echoes the Enter key; piped input does not.
    if !std::io::stdin().is_terminal() {
        say("\n");
    }
    match read {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_string()),
    }
}

pub fn run(files: Vec<OsString>) -> ExitCode {
    let mut argv: Vec<OsString> = ["certcheck", "doctor", "--lang", "ja"]
        .map(OsString::from)
        .to_vec();
    if files.is_empty() {
        say("certcheck: 電子証明書のインストールを確認します。\n\n");
    } else {
        say("certcheck: 証明書ファイルと、このパソコンへのインストールを確認します。\n");
        say(
            "証明書発行用パスワードを聞かれたら、入力して Enter キーを押してください（入力した文字は画面に表示されません）。\n\n",
        );
        crate::password::empty_is_not_given();
        // Without a console (tests, Wine) the password comes as lines on stdin.
        if !std::io::stdin().is_terminal() {
            argv.push("--password-stdin".into());
        }
        argv.push("--".into());
        argv.extend(files);
    }
    let mut not_saved = false;
    let code = match Cli::try_parse_from(argv) {
        Ok(Cli {
            command: Command::Doctor(args),
        }) => cmd::doctor::run_then(&args, Some(&unanswered), |doc| {
            not_saved = !offer_report(doc);
            Ok(())
        })
        .unwrap_or_else(|e| crate::report_error(&e, certcheck_core::findings::Lang::Ja)),
        Ok(_) => 2,
        Err(e) => {
            let _ = e.print();
            2
        }
    };
    // The zip's 「ガイド」 folder beside certcheck.exe is where people look;
    // the cached copy (under a hidden folder) only when that is missing.
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("ガイド").join("index.html")))
        .filter(|index| index.is_file());
    match beside.ok_or(()).or_else(|()| guide::cached().map_err(drop)) {
        Ok(index) => say(&format!(
            "\n手順のガイド: {}\n（このファイルをダブルクリックすると、ブラウザで開きます）\n",
            index.display()
        )),
        Err(()) => say(
            "\n手順のガイドは、certcheck.exe と同じフォルダーの「ガイド」フォルダーにある index.html をダブルクリックすると開きます。見つからないときは、相談先（この certcheck を用意した担当者など）に伝えてください。\n",
        ),
    }
    // A report that could not be saved is an I/O failure, as the README says.
    let code = if not_saved { exit_status::IO } else { code };
    say("\nEnter キーを押すと、この画面を閉じます。\n");
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    ExitCode::from(code as u8)
}

/// A dropped file whose password prompt got no answer (Ctrl-D, or Enter
/// alone): said in words, and the other files are still checked.
fn unanswered(path: &Path) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    say(&format!(
        "\n{}: 証明書発行用パスワードが入力されなかったため、このファイルは確認していません。\n\
         確認するには、もう一度ファイルをドロップし、証明書発行用パスワードを入力して Enter キーを押してください。\
         やめるときは、このウィンドウを閉じてください。\n",
        certcheck_report::visible(&name)
    ));
}

/// A yes or a no to 「保存しますか」 in the forms people type: half- or
/// full-width, any case, in Japanese; Enter alone is yes. None: unclear.
fn yes_or_no(answer: &str) -> Option<bool> {
    match certcheck_core::nfkc(answer).trim().to_lowercase().as_str() {
        "" | "y" | "yes" | "はい" => Some(true),
        "n" | "no" | "いいえ" => Some(false),
        _ => None,
    }
}

/// Asks whether to save the result on the Desktop (Enter = yes) and does it.
/// False when the report should have been saved and could not be.
fn offer_report(doc: &certcheck_report::Document) -> bool {
    let Some(dir) = desktop_report::desktop() else {
        say("\nデスクトップの場所が分からないため、報告書は保存できません。\n");
        return false;
    };
    say("\nこの結果を報告書（HTML ファイル）としてデスクトップに保存しますか？\n");
    let mut save = false;
    for _ in 0..ASKS {
        let answer = ask("保存する: そのまま Enter キー / 保存しない: n と入力して Enter キー > ");
        // No answer at all (input closed) is not a yes.
        let Some(answer) = answer else { break };
        match yes_or_no(&answer) {
            Some(yes) => {
                save = yes;
                break;
            }
            None => say(
                "「はい」なら Enter キーだけを、「いいえ」なら n を入力して Enter キーを押してください。\n",
            ),
        }
    }
    if !save {
        say("報告書は保存しませんでした。\n");
        return true;
    }
    match desktop_report::save(&dir, doc, chrono::Utc::now()) {
        Ok(path) => {
            say(&format!("報告書を保存しました: {}\n", path.display()));
            say(
                "相談先（この certcheck を用意した担当者など）に相談するときは、このファイルをメールに添付して送ってください（パスワードや秘密鍵は入っていません）。\n",
            );
            true
        }
        Err(e) => {
            say(&format!("報告書を保存できませんでした: {e:#}\n"));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::yes_or_no;

    #[test]
    fn yes_and_no_in_the_forms_people_type() {
        for yes in [
            "",
            " ",
            "y",
            "Y",
            "yes",
            "YES",
            "Yes",
            "ｙ",
            "Ｙ",
            "ｙｅｓ",
            "はい",
            "　はい　",
        ] {
            assert_eq!(yes_or_no(yes), Some(true), "{yes:?}");
        }
        for no in ["n", "N", "no", "NO", "ｎ", "Ｎ", "ｎｏ", "いいえ"] {
            assert_eq!(yes_or_no(no), Some(false), "{no:?}");
        }
        for unclear in ["yy", "x", "保存", "0", "ok"] {
            assert_eq!(yes_or_no(unclear), None, "{unclear:?}");
        }
    }
}
