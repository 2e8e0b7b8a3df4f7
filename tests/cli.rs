//! The CLI contract: usage errors, password sources, languages, time zones,
//! `renewal`, `explain` and `store` off Windows.

use crate::support;

use support::*;

fn current() -> String {
    path_str(&sample("current-aes.p12")).to_string()
}

#[test]
fn usage_errors_exit_64() {
    let f = current();
    for args in [
        vec!["check"],
        vec!["check", &f, "--no-such-flag"],
        vec!["check", &f, "--password", "x"],
        vec!["check", &f, "--password-stdin", "--no-password"],
        vec!["check", &f, "--at", "tomorrow", "--no-password"],
        vec!["renewal", "31/05/2028"],
        vec!["explain", "no.such_code"],
        vec!["store", "--thumbprint", "12AB"],
        vec!["frobnicate"],
    ] {
        let run = certcheck(&args, &[], None);
        assert_eq!(run.code, 64, "{args:?}\n{}{}", run.stdout, run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} said nothing");
    }
}

#[test]
fn without_a_terminal_and_without_a_password_option_it_says_how() {
    let run = certcheck(&["check", &current()], &[], None);
    assert_eq!(run.code, 64);
    assert!(
        run.stderr.contains("--password-stdin") && run.stderr.contains("パスワード"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_password_variable_is_a_usage_error() {
    let run = certcheck(
        &[
            "check",
            &current(),
            "--password-env",
            "CERTCHECK_TEST_UNSET_VAR",
        ],
        &[],
        None,
    );
    assert_eq!(run.code, 64);
    // The option is named, its value never (it may be a password typed by mistake).
    assert!(run.stderr.contains("--password-env"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("CERTCHECK_TEST_UNSET_VAR"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_password_source_works() {
    let dir = tempfile::tempdir().unwrap();
    let pwfile = dir.path().join("pw.txt");
    std::fs::write(&pwfile, format!("{PASSWORD}\r\n")).unwrap();
    let f = current();
    let common = ["--at", "2026-12-01", "--format", "json"];
    let runs = [
        certcheck(
            &[&["check", &f, "--password-stdin"], &common[..]].concat(),
            &[],
            Some(&format!("{PASSWORD}\n")),
        ),
        certcheck(
            &[&["check", &f, "--password-env", "P"], &common[..]].concat(),
            &[("P", PASSWORD)],
            None,
        ),
        certcheck(
            &[
                &["check", &f, "--password-file", path_str(&pwfile)],
                &common[..],
            ]
            .concat(),
            &[],
            None,
        ),
    ];
    for run in runs {
        assert_eq!(run.json()["password"], "correct", "{}", run.stdout);
        assert_eq!(run.code, 0);
    }
    let wrong = certcheck(
        &[&["check", &f, "--password-stdin"], &common[..]].concat(),
        &[],
        Some("Kaigo-Sample-2025\n"),
    );
    assert_eq!(wrong.code, 2);
    assert_eq!(wrong.json()["password"], "wrong");
    assert_eq!(wrong.codes(), ["password.wrong"]);
    let none = certcheck(
        &[&["check", &f, "--no-password"], &common[..]].concat(),
        &[],
        None,
    );
    assert_eq!(none.codes(), ["password.needed"]);
}

#[test]
fn a_missing_file_needs_no_password_and_says_unreadable() {
    let run = certcheck(
        &["check", "/nonexistent/証明書.p12", "--format", "json"],
        &[],
        None,
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.codes(), ["file.unreadable"]);
    let dir = certcheck(&["check", "/", "--format", "json"], &[], None);
    assert_eq!(dir.codes(), ["file.unreadable"]);
}

#[test]
fn japanese_by_default_english_on_request_or_from_the_locale() {
    let f = current();
    let args = ["check", &f, "--password-env", "P", "--at", "2026-12-01"];
    let ja = certcheck(&args, &[("P", PASSWORD)], None);
    assert!(
        ja.stdout.contains("判定: 問題なし") && ja.stdout.contains("有効期間の終了日: 2028-05-31"),
        "{}",
        ja.stdout
    );
    let en = certcheck(
        &[&args[..], &["--lang", "en"]].concat(),
        &[("P", PASSWORD)],
        None,
    );
    assert!(
        en.stdout.contains("Verdict: OK") && en.stdout.contains("Last day of validity: 2028-05-31"),
        "{}",
        en.stdout
    );
    let env_en = certcheck(&args, &[("P", PASSWORD), ("LANG", "en_US.UTF-8")], None);
    assert!(env_en.stdout.contains("Verdict: OK"));
    let env_c = certcheck(&args, &[("P", PASSWORD), ("LANG", "C.UTF-8")], None);
    assert!(
        env_c.stdout.contains("判定: 問題なし"),
        "C locale falls back to Japanese"
    );
    let forced_ja = certcheck(
        &[&args[..], &["--lang", "ja"]].concat(),
        &[("P", PASSWORD), ("LC_ALL", "en_US.UTF-8")],
        None,
    );
    assert!(forced_ja.stdout.contains("判定"));
}

#[test]
fn the_renewal_boundary_is_japan_midnight_whatever_the_machine_zone() {
    // renewal-window: last day 2027-01-31, renewal opens 2026-10-31 00:00 JST = 2026-10-30T15:00Z.
    let f = path_str(&sample("renewal-window-aes.p12")).to_string();
    for tz in [
        "UTC",
        "Asia/Tokyo",
        "America/Los_Angeles",
        "Pacific/Kiritimati",
    ] {
        let status_at = |at: &str| {
            let run = certcheck(
                &[
                    "check",
                    &f,
                    "--password-env",
                    "P",
                    "--at",
                    at,
                    "--format",
                    "json",
                ],
                &[("P", PASSWORD), ("TZ", tz)],
                None,
            );
            run.json()["validity"]["status"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(status_at("2026-10-30T14:59:59Z"), "valid", "{tz}");
        assert_eq!(status_at("2026-10-30T15:00:00Z"), "renewal_open", "{tz}");
        assert_eq!(status_at("2026-10-31"), "renewal_open", "{tz}");
        assert_eq!(
            status_at("2027-01-31T23:59:59+09:00"),
            "renewal_open",
            "{tz}"
        );
        assert_eq!(status_at("2027-02-01"), "expired", "{tz}");
    }
}

#[test]
fn renewal_prints_the_window() {
    let run = certcheck(
        &[
            "renewal",
            "2028-05-31",
            "--at",
            "2028-02-29",
            "--format",
            "json",
        ],
        &[],
        None,
    );
    let d = run.json();
    assert_eq!(d["validity"]["renewal_opens"], "2028-02-29");
    assert_eq!(d["validity"]["status"], "renewal_open");
    assert_eq!(d["validity"]["days_left"], 92);
    assert_eq!(run.code, 1);
    let text = certcheck(&["renewal", "2027-11-30", "--at", "2027-01-01"], &[], None);
    assert!(text.stdout.contains("2027-08-30"), "{}", text.stdout);
    assert_eq!(text.code, 0);
}

#[test]
fn explain_knows_every_code_and_lists_them_for_an_unknown_one() {
    let run = certcheck(&["explain", "password.wrong"], &[], None);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("パスワードが違います")
            && run.stdout.contains("troubleshooting.html#password-wrong")
    );
    let en = certcheck(&["explain", "p12.damaged", "--lang", "en"], &[], None);
    assert!(en.stdout.contains("The file is damaged"));
    let unknown = certcheck(&["explain", "password.typo"], &[], None);
    assert_eq!(unknown.code, 64);
    assert!(unknown.stderr.contains("password.wrong") && unknown.stderr.contains("cert.expired"));
}

/// The FAQ answers "my certificate has expired, how do I renew it?" with the
/// renewal steps; an older sheet's "no renewal, new application, about a
/// month" was wrong and must not come back in any explanation.
#[test]
fn explain_says_an_expired_certificate_is_renewed_with_the_same_steps() {
    let ja = certcheck(&["explain", "cert.expired"], &[], None);
    assert_eq!(ja.code, 0);
    for must in ["伝送できません", "同じ手順", "すぐに申請", "国保連合会"] {
        assert!(ja.stdout.contains(must), "{must}: {}", ja.stdout);
    }
    let en = certcheck(&["explain", "cert.expired", "--lang", "en"], &[], None);
    for must in ["nothing can be transmitted", "same steps", "Apply now"] {
        assert!(en.stdout.contains(must), "{must}: {}", en.stdout);
    }
    const WRONG: &[&str] = &[
        "新規",
        "か月",
        "更新できず",
        "更新できません",
        "month",
        "new application",
        "cannot be renewed",
    ];
    for code in certcheck_core::findings::Code::ALL {
        for lang in ["ja", "en"] {
            let run = certcheck(&["explain", code.as_str(), "--lang", lang], &[], None);
            for wrong in WRONG {
                // "3 か月前" / "3 months before" (when renewal opens) are right.
                let text = run
                    .stdout
                    .replace("3 か月前", "")
                    .replace("3 months before", "");
                assert!(
                    !text.contains(wrong),
                    "{code} ({lang}) says {wrong:?}: {}",
                    run.stdout
                );
            }
        }
    }
}

#[cfg(not(windows))]
#[test]
fn store_says_plainly_that_it_needs_windows() {
    let run = certcheck(&["store", "--format", "json"], &[], None);
    assert_eq!(run.codes(), ["store.unsupported_platform"]);
    assert_eq!(run.code, 1);
    let text = certcheck(&["store"], &[], None);
    assert!(text.stdout.contains("Windows"), "{}", text.stdout);
}

#[test]
fn help_and_version_exit_0() {
    assert_eq!(certcheck(&["--help"], &[], None).code, 0);
    let v = certcheck(&["--version"], &[], None);
    assert_eq!(v.code, 0);
    assert!(v.stdout.contains(env!("CARGO_PKG_VERSION")));
}

/// Double-click mode (forced) with `files` dropped, in a home of its own.
fn double_click(home: &std::path::Path, files: &[&str], input: &str) -> Run {
    certcheck(
        files,
        &[
            ("CERTCHECK_DOUBLE_CLICK", "1"),
            ("XDG_CACHE_HOME", path_str(&home.join("cache"))),
            ("HOME", path_str(home)),
        ],
        Some(input),
    )
}

/// The report the output says it saved, checked to be in `dir`.
fn saved_report(run: &Run, dir: &std::path::Path) -> std::path::PathBuf {
    let line = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("報告書を保存しました: "))
        .unwrap_or_else(|| panic!("no report saved:\n{}", run.stdout));
    let path = std::path::PathBuf::from(line.trim());
    assert_eq!(path.parent(), Some(dir), "{}", run.stdout);
    assert!(path.is_file(), "{} is not on disk", path.display());
    path
}

#[test]
fn double_click_mode_runs_doctor_in_japanese_offers_a_report_and_waits_for_enter() {
    let home = tempfile::tempdir().unwrap();
    let desktop = home.path().join("Desktop");
    std::fs::create_dir(&desktop).unwrap();
    let run = double_click(home.path(), &[], "\n\n");
    assert!(
        run.stdout.contains("判定") && run.stdout.contains("Enter キーを押すと"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("手順のガイド"), "{}", run.stdout);
    let report = saved_report(&run, &desktop);
    let name = report.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("certcheck-確認結果-20") && name.ends_with(".html"),
        "{name}"
    );
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("<!DOCTYPE html>")
    );
}

#[test]
fn dropped_files_are_checked_with_the_password_from_stdin_and_reports_never_overwrite() {
    let home = tempfile::tempdir().unwrap();
    let desktop = home.path().join("Desktop");
    std::fs::create_dir(&desktop).unwrap();
    let file = sample("current-aes.p12");
    let input = format!("{PASSWORD}\n\n\n");
    let first = double_click(home.path(), &[path_str(&file)], &input);
    assert!(
        first.stdout.contains("証明書発行用パスワード"),
        "{}",
        first.stdout
    );
    assert!(first.stdout.contains("判定"), "{}", first.stdout);
    assert!(!first.stdout.contains("password.wrong"), "{}", first.stdout);
    assert!(!first.stdout.contains(PASSWORD) && !first.stderr.contains(PASSWORD));
    let first_report = saved_report(&first, &desktop);
    let first_text = std::fs::read_to_string(&first_report).unwrap();
    assert!(first_text.contains("current-aes.p12") && !first_text.contains(PASSWORD));

    let second = double_click(home.path(), &[path_str(&file)], &input);
    let second_report = saved_report(&second, &desktop);
    assert_ne!(first_report, second_report);
    assert!(second_report.to_str().unwrap().ends_with(" (2).html"));
    assert_eq!(std::fs::read_to_string(&first_report).unwrap(), first_text);

    // Two files go to doctor together; "n" saves nothing.
    let other = sample("expired-aes.p12");
    let both = double_click(
        home.path(),
        &[path_str(&file), path_str(&other)],
        &format!("{PASSWORD}\n{PASSWORD}\nn\n\n"),
    );
    assert!(
        both.stdout.contains("current-aes.p12") && both.stdout.contains("expired-aes.p12"),
        "{}",
        both.stdout
    );
    assert!(
        both.stdout.contains("報告書は保存しませんでした"),
        "{}",
        both.stdout
    );
    assert_eq!(std::fs::read_dir(&desktop).unwrap().count(), 2);
}

#[test]
fn a_typed_command_line_is_never_taken_for_dropped_files() {
    let home = tempfile::tempdir().unwrap();
    let run = double_click(home.path(), &["renewal", "2028-05-31"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Enter キーを押すと"), "{}", run.stdout);
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let dir = tempfile::tempdir().unwrap();
    let run = certcheck(&["generate", path_str(dir.path())], &[], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in [
        "certcheck.bash",
        "_certcheck",
        "certcheck.fish",
        "_certcheck.ps1",
        "certcheck.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert!(
            text.contains("doctor") || f == "certcheck.1",
            "{f} lacks the doctor subcommand"
        );
    }
    let man = std::fs::read_to_string(dir.path().join("certcheck.1")).unwrap();
    assert!(man.contains("check") && man.contains("renewal"));
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let piped = certcheck(
        &[
            "check",
            path_str(&sample("expired-aes.p12")),
            "--password-env",
            "P",
        ],
        &[("P", PASSWORD)],
        None,
    );
    assert!(
        !piped.stdout.contains('\u{1b}'),
        "escape codes in piped output"
    );
    // util-linux `script` gives the binary a real terminal.
    let on_tty = |no_color: bool| {
        let mut cmd = std::process::Command::new("script");
        let line = format!(
            "{} check {} --password-env P",
            env!("CARGO_BIN_EXE_certcheck"),
            path_str(&sample("expired-aes.p12"))
        );
        cmd.args(["-qc", &line, "/dev/null"])
            .env("P", PASSWORD)
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&cmd.output().expect("script(1) from util-linux").stdout)
            .into_owned()
    };
    assert!(
        on_tty(false).contains("\u{1b}[31m"),
        "no colour on a terminal"
    );
    assert!(!on_tty(true).contains('\u{1b}'), "colour despite NO_COLOR");
}
