//! The store scenarios: how each prefix is filled, how certcheck is asked,
//! and what it must answer. All judged at 2026-01-15 (JST), when "current"
//! is valid, "renewed" starts later (2028-06-01) and "expired" has ended.

use serde_json::Value;
use std::collections::HashMap;

pub const AT: &str = "2026-01-15";
pub const PASSWORD_ENV: &str = "CERTCHECK_TEST_PASSWORD";
pub const PASSWORD: &str = "test-pass";

#[derive(Clone, Copy)]
pub enum Loc {
    User,
    Machine,
}

impl Loc {
    pub fn arg(self) -> &'static str {
        match self {
            Loc::User => "user",
            Loc::Machine => "machine",
        }
    }
}

/// One step of filling the stores (see tests/wine/storefill.c).
#[derive(Clone, Copy)]
pub enum Fill {
    /// Import `<name>.p12` into MY at the location, with or without its key.
    Pfx(&'static str, Loc, bool),
    /// Add the fictional root to Root at the location.
    Root(Loc),
}

/// The generated certificates: their directory and SHA-1 thumbprints by name.
pub struct Fixtures {
    pub dir: std::path::PathBuf,
    pub sha1: HashMap<String, String>,
}

impl Fixtures {
    pub fn sha1(&self, name: &str) -> &str {
        self.sha1
            .get(name)
            .map(String::as_str)
            .unwrap_or("(no such fixture)")
    }
}

pub struct Scenario {
    pub name: &'static str,
    pub fill: &'static [Fill],
    /// The command and its arguments; `--at AT --format json` follow.
    pub args: fn(&Fixtures) -> Vec<String>,
    pub exit: i32,
    /// The finding codes, sorted: all of them, or (for `check --store`, whose
    /// file findings belong to the core's tests) at least these.
    pub codes: &'static [&'static str],
    pub exact: bool,
    pub check: fn(&Value, &Fixtures) -> Result<(), String>,
    /// Also run the Japanese text output and expect this in it.
    pub text_ja: Option<&'static str>,
    /// Also run with `--format csv` and judge what it printed (BOM included).
    pub csv: Option<Judge>,
    /// Also run with `--ics` and judge the calendar file it wrote.
    pub ics: Option<Judge>,
}

/// Judges a printed or written text: Err says what is wrong.
pub type Judge = fn(&str, &Fixtures) -> Result<(), String>;

use Fill::{Pfx, Root};
use Loc::{Machine, User};

fn store(_: &Fixtures) -> Vec<String> {
    vec!["store".into()]
}

fn file(fx: &Fixtures, name: &str) -> String {
    super::prefix::windows_path(&fx.dir.join(format!("{name}.p12")))
}

pub fn all() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "installed",
            fill: &[Pfx("current", User, true), Root(User)],
            args: store,
            exit: 0,
            codes: &["store.installed"],
            check: |v, fx| {
                let c = only_candidate(v)?;
                expect(c, "sha1", fx.sha1("current"))?;
                expect(c, "location", "CurrentUser\\MY")?;
                expect(c, "has_private_key", true)?;
                expect(c, "key_usable_silently", true)?;
                expect(c, "root_trusted", true)?;
                expect(c, "root_location", "CurrentUser\\Root")?;
                expect(c, "chain_builds", true)?;
                expect(&c["validity"], "status", "valid")
            },
            exact: true,
            text_ja: Some("正しくインストールされています"),
            csv: None,
            ics: None,
        },
        Scenario {
            name: "no_private_key",
            fill: &[Pfx("current", User, false), Root(User)],
            args: store,
            exit: 2,
            codes: &["store.no_private_key"],
            check: |v, _| {
                let c = only_candidate(v)?;
                expect(c, "has_private_key", false)?;
                expect(c, "key_usable_silently", Value::Null)?;
                expect(c, "root_trusted", true)
            },
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "root_missing",
            fill: &[Pfx("current", User, true)],
            args: store,
            exit: 2,
            codes: &["store.root_missing"],
            check: |v, _| {
                let c = only_candidate(v)?;
                expect(c, "has_private_key", true)?;
                expect(c, "root_trusted", false)?;
                expect(c, "root_location", Value::Null)
            },
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "local_machine_only",
            fill: &[Pfx("current", Machine, true), Root(Machine)],
            args: store,
            exit: 2,
            codes: &["store.in_local_machine"],
            check: |v, fx| {
                let c = only_candidate(v)?;
                expect(c, "sha1", fx.sha1("current"))?;
                expect(c, "location", "LocalMachine\\MY")
            },
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "root_in_local_machine",
            fill: &[Pfx("current", User, true), Root(Machine)],
            args: store,
            exit: 0,
            codes: &["store.installed"],
            check: |v, _| expect(only_candidate(v)?, "root_location", "LocalMachine\\Root"),
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "empty",
            fill: &[],
            args: store,
            exit: 2,
            codes: &["store.not_installed"],
            check: |v, _| candidates(v, 0).map(drop),
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "selected_by_file",
            // "other" would make it two valid certificates; --file picks one.
            fill: &[
                Pfx("current", User, true),
                Pfx("other", User, true),
                Root(User),
            ],
            args: |fx| {
                vec![
                    "store".into(),
                    "--file".into(),
                    file(fx, "current"),
                    "--password-env".into(),
                    PASSWORD_ENV.into(),
                ]
            },
            exit: 0,
            codes: &["store.installed"],
            check: |v, fx| expect(only_candidate(v)?, "sha1", fx.sha1("current")),
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            // An agent's PC: one certificate per office is not "several valid".
            name: "two_offices",
            fill: &[
                Pfx("current", User, true),
                Pfx("other", User, true),
                Root(User),
            ],
            args: store,
            exit: 0,
            codes: &["store.installed", "store.installed"],
            check: |v, fx| {
                candidates(v, 2)?;
                let rows = offices(v, 2)?;
                // Soonest last day first: office 0002 ends 2027-01-31.
                expect(&rows[0], "sha1", fx.sha1("other"))?;
                expect(&rows[0], "last_day", "2027-01-31")?;
                expect(&rows[0], "renewal_opens", "2026-10-31")?;
                expect(&rows[0], "key_usable", true)?;
                expect(&rows[0], "root_trusted", true)?;
                expect(&rows[1], "sha1", fx.sha1("current"))?;
                expect(&rows[1], "last_day", "2028-05-31")
            },
            exact: true,
            text_ja: Some("事業所ごとの状態"),
            csv: Some(|csv, _| {
                let rows = csv_rows(csv)?;
                if rows.len() != 3 {
                    return Err(format!(
                        "{} CSV lines, expected a header and 2 offices",
                        rows.len()
                    ));
                }
                // Text cells are quoted (RFC 4180), numbers and dates are not (issue 22).
                if !rows[1].starts_with(r#""事業所番号 0000000002 Kaigo Office 0002 (fictional)","有効",2027-01-31,2026-10-31,381,"CurrentUser\MY","はい","はい","#) {
                    return Err(format!("first office row is {:?}", rows[1]));
                }
                if !rows[2].starts_with(r#""事業所番号 0000000001 Kaigo Office 0001 (fictional)","有効",2028-05-31,2028-02-29,"#) {
                    return Err(format!("second office row is {:?}", rows[2]));
                }
                Ok(())
            }),
            ics: None,
        },
        Scenario {
            name: "several_valid_one_office",
            fill: &[
                Pfx("current", User, true),
                Pfx("current2", User, true),
                Root(User),
            ],
            args: store,
            exit: 1,
            codes: &["store.installed", "store.installed", "store.several_valid"],
            check: |v, fx| {
                candidates(v, 2)?;
                let rows = offices(v, 1)?;
                expect(&rows[0], "certificates", 2)?;
                // The one valid longest is what the office transmits with.
                expect(&rows[0], "sha1", fx.sha1("current2"))
            },
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "thumbprint_not_installed",
            fill: &[Pfx("current", User, true), Root(User)],
            args: |fx| {
                vec![
                    "store".into(),
                    "--thumbprint".into(),
                    fx.sha1("renewed").into(),
                ]
            },
            exit: 2,
            codes: &["store.not_installed"],
            check: |v, _| candidates(v, 0).map(drop),
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "old_and_renewed",
            fill: &[
                Pfx("current", User, true),
                Pfx("renewed", User, true),
                Root(User),
            ],
            args: store,
            exit: 0,
            codes: &[
                "doctor.renewal_continuous",
                "store.installed",
                "store.renewed_waiting",
            ],
            check: |v, fx| {
                let list = candidates(v, 2)?;
                let renewed = list
                    .iter()
                    .find(|c| c["sha1"] == fx.sha1("renewed"))
                    .ok_or("the renewed certificate is not among the candidates")?;
                expect(&renewed["validity"], "status", "not_yet_valid")?;
                expect(renewed, "key_usable_silently", true)
            },
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            // Office 0001 renewed (expired, current and renewed certificates)
            // beside office 0002: every relation stays within its office.
            name: "offices_old_and_renewed_beside_another",
            fill: &[
                Pfx("expired", User, true),
                Pfx("current", User, true),
                Pfx("renewed", User, true),
                Pfx("other", User, true),
                Root(User),
            ],
            args: store,
            exit: 0,
            codes: &[
                "doctor.renewal_continuous",
                "store.expired_leftover",
                "store.installed",
                "store.installed",
                "store.renewed_waiting",
            ],
            check: |v, fx| {
                candidates(v, 4)?;
                let rows = offices(v, 2)?;
                expect(&rows[0], "sha1", fx.sha1("other"))?;
                expect(&rows[0], "certificates", 1)?;
                expect(&rows[0], "next_first_day", Value::Null)?;
                expect(&rows[1], "sha1", fx.sha1("current"))?;
                expect(&rows[1], "status", "valid")?;
                expect(&rows[1], "certificates", 3)?;
                expect(&rows[1], "next_first_day", "2028-06-01")?;
                expect(&rows[1], "next_last_day", "2031-05-31")
            },
            exact: true,
            text_ja: Some("更新した証明書: 2028-06-01 から有効（終了日 2031-05-31）"),
            csv: Some(|csv, _| {
                let rows = csv_rows(csv)?;
                if rows.len() != 3 || !rows[2].contains(",2028-06-01,2031-05-31,3,") {
                    return Err(format!("CSV rows {rows:?}"));
                }
                Ok(())
            }),
            ics: Some(|ics, fx| {
                let lines = unfold_ics(ics)?;
                let starts: Vec<&str> = lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
                    .collect();
                // Office 0002: renewal opens and last day. Office 0001: the current
                // one's last day only (renewed already), the renewed one's two days.
                // The expired one: nothing.
                let want = ["20261031", "20270131", "20280531", "20310228", "20310531"];
                if starts != want {
                    return Err(format!("events on {starts:?}, expected {want:?}"));
                }
                let text = lines.join("\n");
                for need in [
                    "SUMMARY:電子証明書の更新を始める目安の日（事業所番号 0000000002 Kaigo Office 0002 (fictional)）",
                    "SUMMARY:電子証明書の有効期間の終了日（事業所番号 0000000001 Kaigo Office 0001 (fictional)）",
                    "更新した証明書は 2028-06-01 から有効です",
                    "電子請求受付システム",
                    "TRIGGER:-P7D",
                    fx.sha1("renewed"),
                ] {
                    if !text.contains(need) {
                        return Err(format!("the calendar lacks {need:?}"));
                    }
                }
                if text.contains(fx.sha1("expired")) {
                    return Err("the expired certificate has reminders".into());
                }
                Ok(())
            }),
        },
        Scenario {
            name: "expired_only",
            fill: &[Pfx("expired", User, true), Root(User)],
            args: store,
            exit: 2,
            codes: &["store.only_expired"],
            check: |v, _| expect(&only_candidate(v)?["validity"], "status", "expired"),
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "expired_leftover",
            fill: &[
                Pfx("expired", User, true),
                Pfx("current", User, true),
                Root(User),
            ],
            args: store,
            exit: 0,
            codes: &["store.expired_leftover", "store.installed"],
            check: |v, _| candidates(v, 2).map(drop),
            exact: true,
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            name: "check_file_with_store",
            fill: &[
                Pfx("current", User, true),
                Pfx("renewed", User, true),
                Root(User),
            ],
            args: |fx| {
                let f = file(fx, "current");
                vec![
                    "check".into(),
                    f,
                    "--password-env".into(),
                    PASSWORD_ENV.into(),
                    "--store".into(),
                ]
            },
            exit: 0,
            codes: &["cert.valid", "store.installed"],
            exact: false,
            check: |v, fx| {
                expect(v, "password", "correct")?;
                expect(only_candidate(v)?, "sha1", fx.sha1("current"))
            },
            text_ja: None,
            csv: None,
            ics: None,
        },
        Scenario {
            // doctor with the file of the installed certificate: the store and the
            // relation between them, in one verdict.
            name: "doctor_file_installed",
            fill: &[Pfx("current", User, true), Root(User)],
            args: |fx| {
                vec![
                    "doctor".into(),
                    file(fx, "current"),
                    "--password-env".into(),
                    PASSWORD_ENV.into(),
                ]
            },
            exit: 0,
            codes: &["doctor.file_installed", "store.installed"],
            exact: false,
            check: |v, fx| {
                expect(v, "verdict", "ok")?;
                expect(only_candidate(v)?, "sha1", fx.sha1("current"))
            },
            text_ja: Some("ファイルの証明書はインストール済みです"),
            csv: None,
            ics: None,
        },
        Scenario {
            name: "doctor_file_not_installed",
            fill: &[Pfx("current", User, true), Root(User)],
            args: |fx| {
                vec![
                    "doctor".into(),
                    file(fx, "renewed"),
                    "--password-env".into(),
                    PASSWORD_ENV.into(),
                ]
            },
            exit: 2,
            codes: &["doctor.file_not_installed"],
            exact: false,
            check: |v, _| expect(v, "verdict", "problem"),
            text_ja: None,
            csv: None,
            ics: None,
        },
    ]
}

fn candidates(v: &Value, n: usize) -> Result<&Vec<Value>, String> {
    let list = v["store"]["candidates"]
        .as_array()
        .ok_or("no store.candidates array")?;
    if list.len() != n {
        return Err(format!("{} candidates, expected {n}", list.len()));
    }
    Ok(list)
}

fn only_candidate(v: &Value) -> Result<&Value, String> {
    Ok(&candidates(v, 1)?[0])
}

fn expect(obj: &Value, key: &str, want: impl Into<Value>) -> Result<(), String> {
    let want = want.into();
    if obj[key] == want {
        Ok(())
    } else {
        Err(format!("{key} is {}, expected {want}", obj[key]))
    }
}

fn offices(v: &Value, n: usize) -> Result<&Vec<Value>, String> {
    let list = v["offices"].as_array().ok_or("no offices array")?;
    if list.len() != n {
        return Err(format!("{} offices, expected {n}", list.len()));
    }
    Ok(list)
}

/// The CSV's lines after checking its form: a BOM for Excel, CRLF line ends.
fn csv_rows(csv: &str) -> Result<Vec<&str>, String> {
    let body = csv
        .strip_prefix('\u{feff}')
        .ok_or("the CSV has no byte order mark")?;
    if !body.ends_with("\r\n") || body.replace("\r\n", "").contains('\n') {
        return Err("the CSV's lines do not all end in CRLF".into());
    }
    Ok(body.split("\r\n").filter(|l| !l.is_empty()).collect())
}

/// The calendar's content lines after checking its form (RFC 5545: CRLF,
/// at most 75 octets a line, continuation lines begin with a space).
pub fn unfold_ics(ics: &str) -> Result<Vec<String>, String> {
    if !ics.ends_with("\r\n") || ics.replace("\r\n", "").contains(['\r', '\n']) {
        return Err("the calendar's lines do not all end in CRLF".into());
    }
    let mut lines: Vec<String> = Vec::new();
    for l in ics.split("\r\n").filter(|l| !l.is_empty()) {
        if l.len() > 75 {
            return Err(format!("a line of {} octets: {l:?}", l.len()));
        }
        match (l.strip_prefix(' '), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            (Some(_), None) => return Err("the calendar starts with a continuation".into()),
            (None, _) => lines.push(l.to_string()),
        }
    }
    if lines.first().map(String::as_str) != Some("BEGIN:VCALENDAR")
        || lines.last().map(String::as_str) != Some("END:VCALENDAR")
    {
        return Err("not one VCALENDAR".into());
    }
    Ok(lines)
}
