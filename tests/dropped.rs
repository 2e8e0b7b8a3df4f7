//! The double-click and drag-and-drop console as a hurried user meets it
//! (issue 22): the forms of yes and no to 「保存しますか」, no password at a
//! dropped file's prompt, a Desktop that cannot be written, an empty HOME,
//! and `guide --export .` in an empty folder.

use crate::support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::*;

/// Double-click mode (forced) in `cwd`, with `files` dropped, HOME as given
/// (None: a home of its own with a Desktop) and `input` typed.
fn dropped(cwd: &Path, home: Option<&str>, files: &[&Path], input: &str) -> Run {
    let own_home = cwd.join("home");
    std::fs::create_dir_all(own_home.join("Desktop")).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certcheck"));
    cmd.args(files)
        .current_dir(cwd)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("XDG_CACHE_HOME")
        .env("TZ", "UTC")
        .env("CERTCHECK_DOUBLE_CLICK", "1")
        .env("HOME", home.unwrap_or(path_str(&own_home)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if home.is_none() {
        cmd.env("XDG_CACHE_HOME", own_home.join("cache"));
    }
    let mut child = cmd.spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    Run::of(child.wait_with_output().unwrap())
}

fn reports_on_desktop(cwd: &Path) -> usize {
    std::fs::read_dir(cwd.join("home/Desktop")).unwrap().count()
}

const ASKED_AGAIN: &str = "「はい」なら Enter キーだけを";

#[test]
fn save_answers_in_the_forms_people_type() {
    for yes in ["", "y", "Y", "yes", "YES", "ｙ", "Ｙ", "ｙｅｓ", "はい"] {
        let cwd = tempfile::tempdir().unwrap();
        let run = dropped(cwd.path(), None, &[], &format!("{yes}\n\n"));
        assert!(
            run.stdout.contains("報告書を保存しました"),
            "{yes:?}:\n{}",
            run.stdout
        );
        assert_eq!(reports_on_desktop(cwd.path()), 1, "{yes:?}");
        assert!(!run.stdout.contains(ASKED_AGAIN), "{yes:?}");
    }
    for no in ["n", "no", "NO", "ｎ", "いいえ"] {
        let cwd = tempfile::tempdir().unwrap();
        let run = dropped(cwd.path(), None, &[], &format!("{no}\n\n"));
        assert!(
            run.stdout.contains("報告書は保存しませんでした"),
            "{no:?}:\n{}",
            run.stdout
        );
        assert_eq!(reports_on_desktop(cwd.path()), 0, "{no:?}");
    }
    // Anything else is asked again; the next clear answer counts.
    let cwd = tempfile::tempdir().unwrap();
    let run = dropped(cwd.path(), None, &[], "ok\nｙｅｓ\n\n");
    assert_eq!(run.stdout.matches(ASKED_AGAIN).count(), 1, "{}", run.stdout);
    assert_eq!(reports_on_desktop(cwd.path()), 1);
    // Three unclear answers, or input closed, are a no.
    for input in ["x\nx\nx\n\n", "x\n", ""] {
        let cwd = tempfile::tempdir().unwrap();
        let run = dropped(cwd.path(), None, &[], input);
        assert!(
            run.stdout.contains("報告書は保存しませんでした"),
            "{input:?}:\n{}",
            run.stdout
        );
        assert_eq!(reports_on_desktop(cwd.path()), 0, "{input:?}");
        assert_eq!(run.code, 1, "{input:?}: {}", run.stderr);
    }
}

/// No flag in what a drag-and-drop user reads.
fn assert_no_flag(run: &Run) {
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains("--"), "a flag shown:\n{text}");
    }
}

#[test]
fn no_password_for_a_dropped_file_is_said_in_words_and_the_others_are_shown() {
    let cwd = tempfile::tempdir().unwrap();
    let (good, other) = (sample("current-aes.p12"), sample("expired-aes.p12"));
    // An empty line for the second file; the first one's result is shown.
    let run = dropped(
        cwd.path(),
        None,
        &[&good, &other],
        &format!("{PASSWORD}\n\nn\n\n"),
    );
    assert_eq!(run.code, 64, "{}\n{}", run.stdout, run.stderr);
    assert_no_flag(&run);
    assert!(
        run.stdout
            .contains("expired-aes.p12: 証明書発行用パスワードが入力されなかったため"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("このウィンドウを閉じて"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("判定") && run.stdout.contains("current-aes.p12"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("報告書は保存しませんでした"),
        "{}",
        run.stdout
    );

    // Input closed at once (Ctrl-D): each file is told about, nothing else.
    let run = dropped(cwd.path(), None, &[&good], "");
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert_no_flag(&run);
    assert!(
        run.stdout
            .contains("current-aes.p12: 証明書発行用パスワードが入力されなかった"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("判定"), "{}", run.stdout);
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_saved_is_exit_74() {
    // /proc/self takes no new file, not even from root (CI runs as root,
    // for whom a read-only folder is writable).
    let cwd = tempfile::tempdir().unwrap();
    let run = dropped(cwd.path(), Some("/proc/self"), &[], "\n\n");
    assert!(
        run.stdout.contains("報告書を保存できませんでした"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 74, "{}\n{}", run.stdout, run.stderr);
}

#[test]
fn an_empty_home_saves_nowhere_relative_and_says_so() {
    let cwd = tempfile::tempdir().unwrap();
    let run = dropped(cwd.path(), Some(""), &[], "\n\n");
    assert!(
        run.stdout.contains("デスクトップの場所が分からない"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 74, "{}", run.stderr);
    // Nothing written where certcheck was started, and no relative path shown.
    let here: Vec<PathBuf> = std::fs::read_dir(cwd.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("home"))
        .collect();
    assert!(here.is_empty(), "written in the current folder: {here:?}");
    if let Some(guide) = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("手順のガイド: "))
    {
        assert!(Path::new(guide.trim()).is_absolute(), "{guide}");
    }
}

#[test]
fn guide_export_dot_into_an_empty_folder_works_and_shows_the_full_path() {
    // A folder of its own around it, so what is left beside it is ours to see.
    let parent = tempfile::tempdir().unwrap();
    let cwd = parent.path().join("empty");
    std::fs::create_dir(&cwd).unwrap();
    let run = Run::of(
        Command::new(env!("CARGO_BIN_EXE_certcheck"))
            .args(["guide", "--export", "."])
            .current_dir(&cwd)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .output()
            .unwrap(),
    );
    if run.stderr.contains("cargo xtask book") {
        certcheck_testkit::outside::missing("guide --export .", "the embedded guide");
        return;
    }
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(cwd.join("index.html").is_file());
    let index = cwd.canonicalize().unwrap().join("index.html");
    assert_eq!(run.stdout.trim(), path_str(&index));
    let beside: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["empty"], "left beside it");
}
