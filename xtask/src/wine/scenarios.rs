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
}

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
        },
        Scenario {
            name: "without_selection_two_valid",
            fill: &[
                Pfx("current", User, true),
                Pfx("other", User, true),
                Root(User),
            ],
            args: store,
            exit: 1,
            codes: &["store.installed", "store.installed", "store.several_valid"],
            check: |v, _| candidates(v, 2).map(drop),
            exact: true,
            text_ja: None,
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
            codes: &["store.installed", "store.renewed_waiting"],
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
