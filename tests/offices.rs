//! The offices' table as CSV (`--format csv`) and the reminders calendar
//! (`--ics`) of check, doctor and store, through the binary.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::*;

fn s(name: &str) -> String {
    path_str(&sample(name)).to_string()
}

fn run(args: &[&str]) -> Run {
    certcheck(args, &[("P", PASSWORD)], None)
}

/// Unfolds an iCalendar file into content lines, checking the physical form.
fn ics_lines(path: &Path) -> Vec<String> {
    let raw = std::fs::read(path).unwrap();
    let text = String::from_utf8(raw).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "bare CR or LF"
    );
    let mut lines: Vec<String> = Vec::new();
    for l in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
        match l.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap().push_str(rest),
            None => lines.push(l.to_string()),
        }
    }
    lines
}

/// The calendar as the independent parser (python `icalendar`) reads it;
/// None (a loud skip, or a failure under CERTCHECK_CI=1) when it is missing.
fn parsed_independently(path: &Path) -> Option<serde_json::Value> {
    let script = root().join("tests/support/check_ics.py");
    let out = Command::new("python3").arg(&script).arg(path).output();
    let ci = std::env::var("CERTCHECK_CI").is_ok_and(|v| v == "1");
    match out {
        Ok(o) if o.status.success() => Some(serde_json::from_slice(&o.stdout).unwrap()),
        Ok(o) if o.status.code() == Some(3) || o.status.code().is_none() => {
            assert!(!ci, "CERTCHECK_CI=1: python icalendar is missing");
            eprintln!("SKIPPED: python3 -m pip install icalendar to check the .ics independently");
            None
        }
        Ok(o) => panic!(
            "icalendar rejects {}: {}",
            path.display(),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => {
            assert!(!ci, "CERTCHECK_CI=1: python3 is missing: {e}");
            eprintln!("SKIPPED: no python3 ({e})");
            None
        }
    }
}

fn ymd(date: &str) -> String {
    date.replace('-', "")
}

#[test]
fn check_writes_both_days_of_a_current_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("予定.ics");
    let file = s("current-aes.p12");
    let args = [
        "check",
        &file,
        "--password-env",
        "P",
        "--at",
        "2026-12-01",
        "--format",
        "json",
    ];
    let plain = run(&args);
    let v = plain.json()["validity"].clone();
    let (last, opens) = (
        v["last_day"].as_str().unwrap(),
        v["renewal_opens"].as_str().unwrap(),
    );

    let with = run(&[&args[..], &["--ics", path_str(&ics)]].concat());
    assert_eq!(with.code, plain.code, "{}", with.stderr);
    let lines = ics_lines(&ics);
    assert_eq!(lines[0], "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    for want in [
        format!("DTSTART;VALUE=DATE:{}", ymd(opens)),
        format!("DTSTART;VALUE=DATE:{}", ymd(last)),
        "TRIGGER:-P7D".to_string(),
    ] {
        assert!(lines.contains(&want), "{want} missing:\n{lines:#?}");
    }
    let all = lines.join("\n");
    assert!(all.contains("事業所番号 0000000000 サンプル介護サービス（架空）"));
    assert!(all.contains("電子請求受付システム"));
    assert!(!all.contains(PASSWORD));

    if let Some(cal) = parsed_independently(&ics) {
        assert_eq!(cal["version"], "2.0");
        let events = cal["events"].as_array().unwrap();
        assert_eq!(events.len(), 2);
        let starts: Vec<&str> = events
            .iter()
            .map(|e| e["start"].as_str().unwrap())
            .collect();
        assert_eq!(starts, [opens, last]);
        for e in events {
            assert_eq!(e["all_day"], true, "{e}");
            assert_eq!(e["dtstamp_utc"], true);
            assert_eq!(e["alarms"][0]["action"], "DISPLAY");
            assert_eq!(e["alarms"][0]["trigger_seconds"], -7.0 * 86400.0);
            assert!(
                e["summary"]
                    .as_str()
                    .unwrap()
                    .contains("サンプル介護サービス（架空）")
            );
        }
        // The description comes back with its commas and line breaks intact.
        assert!(events[0]["description"].as_str().unwrap().contains('\n'));
        assert!(
            events[0]["description"]
                .as_str()
                .unwrap()
                .contains("「証明書」→「証明書の発行申請をする」")
        );
    }

    // Never overwritten: a second run is refused and leaves the file as it was.
    let before = std::fs::read(&ics).unwrap();
    let again = run(&[&args[..], &["--ics", path_str(&ics)]].concat());
    assert_eq!(again.code, 64, "{}", again.stderr);
    assert!(again.stderr.contains("上書きしない"), "{}", again.stderr);
    assert_eq!(std::fs::read(&ics).unwrap(), before);
}

#[test]
fn doctor_reminds_of_the_renewed_certificate_and_not_to_renew_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("reminders.ics");
    let (old, new) = (s("renewal-window-aes.p12"), s("renewed-future-aes.p12"));
    let r = run(&[
        "doctor",
        &old,
        &new,
        "--password-env",
        "P",
        "--at",
        "2026-12-01",
        "--format",
        "json",
        "--ics",
        path_str(&ics),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = r.json()["files"].clone();
    let day = |i: usize, k: &str| files[i]["validity"][k].as_str().unwrap().to_string();
    let (old_last, new_opens, new_last) = (
        day(0, "last_day"),
        day(1, "renewal_opens"),
        day(1, "last_day"),
    );
    let lines = ics_lines(&ics);
    let starts: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
        .collect();
    // The old one's renewal opened before 2026-12-01 and is done anyway: its last day only.
    assert_eq!(starts, [ymd(&old_last), ymd(&new_opens), ymd(&new_last)]);
    let all = lines.join("\n");
    assert!(all.contains("古い電子証明書"), "{all}");
    let new_first = files[1]["certificates"][0]["not_before"].as_str().unwrap();
    assert!(new_first.starts_with("2027-01-31T15:00:00Z"), "{new_first}");
    assert!(
        all.contains("更新した証明書は 2027-02-01 から有効です"),
        "{all}"
    );
    if let Some(cal) = parsed_independently(&ics) {
        assert_eq!(cal["events"].as_array().unwrap().len(), 3);
    }
}

#[test]
fn nothing_ahead_writes_no_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("none.ics");
    let r = run(&[
        "check",
        &s("expired-aes.p12"),
        "--password-env",
        "P",
        "--at",
        "2026-12-01",
        "--ics",
        path_str(&ics),
    ]);
    assert_eq!(r.code, 2);
    assert!(!ics.exists());
    assert!(r.stderr.contains("作りませんでした"), "{}", r.stderr);
}

/// Reads the CSV after checking its form: RFC 4180 fields, quoted ones unquoted.
fn csv_rows(out: &str) -> Vec<Vec<String>> {
    let body = out
        .strip_prefix('\u{feff}')
        .expect("a byte order mark for Excel");
    assert!(body.ends_with("\r\n"));
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = body.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("LF without CR"),
            (false, c) => cell.push(c),
        }
    }
    assert!(!quoted && row.is_empty() && cell.is_empty());
    rows
}

#[test]
fn csv_of_check_and_doctor() {
    let r = run(&[
        "check",
        &s("renewal-window-aes.p12"),
        "--password-env",
        "P",
        "--at",
        "2026-12-01",
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 1);
    let rows = csv_rows(&r.stdout);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[0][..5],
        [
            "事業所",
            "状態",
            "有効期間の終了日",
            "更新を始める目安の日",
            "終了日までの日数"
        ]
    );
    assert_eq!(
        rows[1][0],
        "事業所番号 0000000000 サンプル介護サービス（架空）"
    );
    assert_eq!(rows[1][1], "有効（更新の手続きができます）");
    assert_eq!(rows[1][2..5], ["2027-01-31", "2026-10-31", "61"]);
    assert_eq!(rows[1][5], "ファイル");

    let r = run(&[
        "doctor",
        &s("renewal-window-aes.p12"),
        &s("renewed-future-aes.p12"),
        "--password-env",
        "P",
        "--at",
        "2026-12-01",
        "--format",
        "csv",
        "--lang",
        "en",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = csv_rows(&r.stdout);
    // One office, its current certificate, and the renewed one after it.
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][0], "office");
    let h = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    assert_eq!(rows[1][h("last day")], "2027-01-31");
    assert_eq!(rows[1][h("next certificate starts")], "2027-02-01");
    assert_eq!(rows[1][h("next certificate's last day")], "2030-01-31");
    assert_eq!(rows[1][h("certificates")], "2");
    assert_eq!(rows[1][h("store")], "file");
}

#[test]
fn the_table_in_json_and_where_csv_does_not_apply() {
    let r = run(&[
        "doctor",
        &s("renewal-window-aes.p12"),
        "--password-env",
        "P",
        "--at",
        "2026-12-01",
        "--format",
        "json",
    ]);
    let offices = r.json()["offices"].clone();
    assert_eq!(offices.as_array().unwrap().len(), 1);
    assert_eq!(offices[0]["status"], "renewal_open");
    assert_eq!(offices[0]["last_day"], "2027-01-31");
    assert_eq!(offices[0]["location"], "file");

    let r = run(&["renewal", "2028-05-31", "--format", "csv"]);
    assert_eq!(r.code, 64, "{}", r.stderr);
    // Off Windows the store has no offices: the header alone, and the store's verdict.
    let r = run(&["store", "--format", "csv"]);
    assert_eq!(csv_rows(&r.stdout).len(), 1);
    assert_eq!(r.code, 1);
}
