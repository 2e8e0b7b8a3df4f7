//! Other projects' own PKCS#12 test files, run through the real certcheck
//! binary and judged against what those projects' tests expect.
//!
//! The files are not in this repository: `scripts/cross-suite-fetch.sh`
//! installs the packages that ship them (PyPI, crates.io, Debian) into
//! `target/cross-suite/`. `tests/data/cross-suite.tsv` lists each file with its
//! source package and version, the password its tests use and what they
//! expect. A missing source prints a loud SKIP; with CERTCHECK_CI=1 it fails.
//!
//! For each file: with the right password it must open (password correct, or
//! not needed for a file without one), hold the expected key and number of
//! certificates, never claim a key mismatch, and report the validity when a
//! key and its certificate are there; with a wrong password a protected file
//! must say `password.wrong`. `cargo test --test main cross_suite -- --nocapture`
//! prints the match count per source.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use support::{certcheck, decode_base64};

struct Source {
    id: String,
    dir: PathBuf,
    label: String,
}

struct Row {
    source: String,
    path: String,
    password: Option<String>,
    /// "opens", or "unsupported": a known, explained disagreement (see the manifest's note).
    expect: String,
    key: bool,
    certificates: Option<usize>,
}

fn root_dir() -> PathBuf {
    if let Ok(d) = std::env::var("CERTCHECK_CROSS_SUITE") {
        return PathBuf::from(d);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| support::root().join("target"));
    target.join("cross-suite")
}

fn manifest() -> (Vec<Source>, Vec<Row>) {
    let text = std::fs::read_to_string(support::root().join("tests/data/cross-suite.tsv")).unwrap();
    let root = root_dir();
    let mut sources = Vec::new();
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "source" => {
                let dir = match f[2] {
                    "pypi" => format!("pypi/{}-{}", f[3], f[4]),
                    "crates.io" => format!("crates/{}-{}", f[3], f[4]),
                    _ => format!("debian/{}", f[3]),
                };
                sources.push(Source {
                    id: f[1].to_string(),
                    dir: root.join(dir),
                    label: format!("{} {} {} ({})", f[2], f[3], f[4], f[5]),
                });
            }
            "file" => {
                assert!(
                    ["opens", "unsupported"].contains(&f[4]),
                    "unknown expectation in {line}"
                );
                rows.push(Row {
                    source: f[1].to_string(),
                    path: f[2].to_string(),
                    password: match f[3] {
                        "none" => None,
                        "empty" => Some(String::new()),
                        p => Some(p.strip_prefix("pw:").expect("pw:TEXT").to_string()),
                    },
                    expect: f[4].to_string(),
                    key: f[5] == "yes",
                    certificates: f[6].parse().ok(),
                });
            }
            other => panic!("unknown manifest line kind {other}"),
        }
    }
    (sources, rows)
}

/// The file's bytes: a file in the package, or `file#name`, a Base64 text in a test source.
fn load(dir: &Path, path: &str) -> Option<Vec<u8>> {
    let Some((file, name)) = path.split_once('#') else {
        return std::fs::read(dir.join(path)).ok();
    };
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    let b64 = if file.ends_with(".go") {
        // `"name": \`...\`` in a map, or `name := \`...\``.
        let start = text
            .find(&format!("\"{name}\": `"))
            .or_else(|| text.find(&format!("{name} := `")))?;
        let rest = &text[start..];
        let open = rest.find('`')? + 1;
        let close = rest[open..].find('`')? + open;
        rest[open..close].to_string()
    } else {
        // A Python triple-quoted string: `name = """\` ... `"""`.
        let start = text.find(&format!("{name} = \"\"\"\\"))?;
        let rest = &text[start..];
        let open = rest.find('\n')? + 1;
        let close = rest[open..].find("\"\"\"")? + open;
        rest[open..close].to_string()
    };
    decode_base64(&b64)
}

/// Runs certcheck on `file`; the password goes through the environment.
fn run(file: &Path, password: Option<&str>) -> support::Run {
    let path = file.to_str().unwrap();
    let base = ["check", path, "--format", "json", "--at", "2020-06-01"];
    match password {
        None => certcheck(&[&base[..], &["--no-password"]].concat(), &[], None),
        Some(p) => certcheck(
            &[&base[..], &["--password-env", "XSUITE_PW"]].concat(),
            &[("XSUITE_PW", p)],
            None,
        ),
    }
}

/// Why the run disagrees with the source's expectation; None when it agrees.
fn judge(row: &Row, file: &Path) -> Option<String> {
    let ok = run(file, row.password.as_deref());
    let j = ok.json();
    let codes = ok.codes();
    if row.expect == "unsupported" {
        // Neither password may be blamed or praised.
        let wrong = run(file, Some("certcheck-cross-suite-wrong"));
        for r in [&ok, &wrong] {
            let pw = r.json()["password"].as_str().unwrap_or("").to_string();
            if !r.codes().iter().any(|c| c == "p12.unsupported_algorithm") || pw != "unknown" {
                return Some(format!("expected unsupported, got {pw} {:?}", r.codes()));
            }
        }
        return None;
    }
    let want_pw = if row.password.is_none() {
        ["not_needed", "not_needed"]
    } else {
        ["correct", "not_needed"]
    };
    let pw = j["password"].as_str().unwrap_or("");
    if !want_pw.contains(&pw) {
        return Some(format!("password {pw}, findings {codes:?}"));
    }
    for bad in [
        "p12.key_mismatch",
        "p12.damaged",
        "p12.malformed",
        "p12.unsupported_algorithm",
    ] {
        if codes.iter().any(|c| c == bad) {
            return Some(format!("{bad} in {codes:?}"));
        }
    }
    let certs = j["certificates"].as_array().unwrap();
    if let Some(n) = row.certificates
        && certs.len() != n
    {
        return Some(format!("{} certificates, expected {n}", certs.len()));
    }
    let has_key = !codes.iter().any(|c| c == "p12.no_private_key");
    if has_key != row.key {
        return Some(format!("key present: {has_key}, expected {}", row.key));
    }
    if row.key && !certs.is_empty() {
        if !certs.iter().any(|c| c["has_private_key"] == true) {
            return Some("no certificate paired with the key".into());
        }
        if j["validity"].is_null() {
            return Some("no validity reported".into());
        }
    }
    // A wrong password: a protected file says so; an unprotected one needs none.
    let wrong = run(file, Some("certcheck-cross-suite-wrong"));
    let wpw = wrong.json()["password"].as_str().unwrap_or("").to_string();
    // A file whose password is empty opens without the given one: "not needed".
    let expect_wrong = if pw == "not_needed" || row.password.as_deref().is_none_or(str::is_empty) {
        "not_needed"
    } else {
        "wrong"
    };
    if wpw != expect_wrong {
        return Some(format!(
            "wrong password gave {wpw}, expected {expect_wrong} ({:?})",
            wrong.codes()
        ));
    }
    None
}

#[test]
fn other_projects_test_files_agree_with_their_tests() {
    let (sources, rows) = manifest();
    let ci = std::env::var("CERTCHECK_CI").is_ok_and(|v| v == "1");
    let mut missing = Vec::new();
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    for (n, row) in rows.iter().enumerate() {
        let src = sources.iter().find(|s| s.id == row.source).unwrap();
        if !src.dir.is_dir() {
            if !missing.contains(&src.label) {
                missing.push(src.label.clone());
            }
            continue;
        }
        // A Debian package records the version fetched: it must be the manifest's.
        if let Ok(v) = std::fs::read_to_string(src.dir.join("VERSION")) {
            assert!(
                src.label.contains(&format!(" {} (", v.trim())),
                "{} was fetched as version {}",
                src.label,
                v.trim()
            );
        }
        let bytes =
            load(&src.dir, &row.path).unwrap_or_else(|| panic!("{} lacks {}", src.label, row.path));
        let file = tmp.path().join(format!("{n}.p12"));
        std::fs::write(&file, &bytes).unwrap();
        let t = tally.entry(src.label.clone()).or_default();
        t.1 += 1;
        match judge(row, &file) {
            None => t.0 += 1,
            Some(why) => disagreements.push(format!("{} {}: {why}", src.label, row.path)),
        }
    }
    for label in &missing {
        eprintln!(
            "SKIP cross-suite source {label}: not fetched (run scripts/cross-suite-fetch.sh)"
        );
    }
    for (label, (agree, all)) in &tally {
        println!("cross-suite {label}: {agree}/{all} agree");
    }
    assert!(
        !ci || missing.is_empty(),
        "CERTCHECK_CI=1 and cross-suite sources are missing: {missing:?}"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn base64_decoder_round_trips() {
    assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
    assert_eq!(decode_base64("aGVs\nbG8h").unwrap(), b"hello!");
    assert!(decode_base64("a*b").is_none());
}
