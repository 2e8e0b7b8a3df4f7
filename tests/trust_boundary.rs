//! The trust boundary, through the real binary: hostile files, hostile
//! reports, odd terminals and full disks (issue 11). Each test names the
//! promise it holds certcheck to.

use crate::support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use certcheck_core::testing::pkcs12::algorithms::{Cipher, HashAlg};
use certcheck_core::testing::pkcs12::{self, OpenOptions};
use certcheck_testkit::pkcs12::{self as write, Layout, Protect};
use support::*;

// ---------------------------------------------------------------------------
// Helpers

/// Runs certcheck with raw bytes (or a given Stdio) on standard input.
fn run_with(args: &[&str], env: &[(&str, &std::ffi::OsStr)], stdin: Stdio) -> (Run, Duration) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certcheck"));
    cmd.args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("TZ", "UTC")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let t0 = Instant::now();
    let out = cmd.output().unwrap();
    (
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        },
        t0.elapsed(),
    )
}

fn stdin_bytes(bytes: &[u8]) -> Stdio {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("stdin");
    std::fs::write(&p, bytes).unwrap();
    let f = std::fs::File::open(&p).unwrap();
    Stdio::from(f)
}

/// The sample's certificates and key, as our writer takes them.
fn sample_parts() -> (Vec<Vec<u8>>, Vec<u8>) {
    let bytes = std::fs::read(sample("current-aes.p12")).unwrap();
    let c = pkcs12::open(&bytes, Some(PASSWORD), OpenOptions::default()).unwrap();
    let certs = c.certificates.iter().map(|(d, _)| d.clone()).collect();
    (certs, c.keys[0].0.to_vec())
}

fn counter_random() -> impl FnMut(&mut [u8]) {
    let mut n = 0u8;
    move |b: &mut [u8]| {
        for x in b {
            n = n.wrapping_add(97);
            *x = n;
        }
    }
}

/// A PKCS#12 file of the sample's certificates (the client one changed by
/// `patch`) and key, the key bag repeated `copies` times.
pub(crate) fn p12_with(patch: impl Fn(&mut Vec<u8>), layout: Layout, copies: usize) -> Vec<u8> {
    let (mut certs, key) = sample_parts();
    patch(&mut certs[0]);
    let refs: Vec<&[u8]> = certs.iter().map(Vec::as_slice).collect();
    write::write_with_key_copies(
        &refs,
        Some((&key, copies)),
        Some(PASSWORD),
        None,
        layout,
        &mut counter_random(),
    )
}

/// Replaces `from` in a DER certificate by `to` of the same byte length.
pub(crate) fn replace_same_length(der: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len(), "{:?}", String::from_utf8_lossy(to));
    let at = der
        .windows(from.len())
        .position(|w| w == from)
        .expect("text in the certificate");
    der[at..at + to.len()].copy_from_slice(to);
}

/// `text` padded with `x` to `len` bytes.
pub(crate) fn padded(text: &str, len: usize) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    assert!(b.len() <= len, "{text} is longer than {len} bytes");
    b.resize(len, b'x');
    b
}

pub(crate) const ORG: &str = "Sample Care Office (fictional)";
pub(crate) const CN: &str = "事業所番号 0000000000 サンプル介護サービス（架空）";

pub(crate) fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn check_json_env(path: &Path, password: &str, extra_env: &[(&str, &str)]) -> (Run, Duration) {
    let mut env: Vec<(&str, &std::ffi::OsStr)> = vec![("P", password.as_ref())];
    env.extend(extra_env.iter().map(|(k, v)| (*k, std::ffi::OsStr::new(v))));
    run_with(
        &[
            "check",
            path_str(path),
            "--password-env",
            "P",
            "--format",
            "json",
        ],
        &env,
        Stdio::null(),
    )
}

/// Controls and bidi characters that must never reach a terminal raw.
fn raw_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

// ---------------------------------------------------------------------------
// 1. Work is bounded per file

const MANY_ITERATIONS: u32 = 2_000_000;

#[test]
fn a_file_of_many_expensive_keys_is_refused_before_deriving_anything() {
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout {
        iterations: MANY_ITERATIONS,
        ..Layout::LEGACY_3DES
    };
    let sha512 = Layout {
        certificates: Protect::Pbes2(HashAlg::Sha512, Cipher::Aes256),
        key: Protect::Pbes2(HashAlg::Sha512, Cipher::Aes256),
        mac: Some(HashAlg::Sha512),
        iterations: MANY_ITERATIONS,
    };
    for (name, layout, copies) in [
        ("250-bags-3des.p12", layout, 250),
        ("10-bags-sha512.p12", sha512, 10),
    ] {
        let f = write_temp(dir.path(), name, &p12_with(|_| {}, layout, copies));
        for pw in [PASSWORD, "wrong-password"] {
            let (run, took) = check_json_env(&f, pw, &[]);
            eprintln!("{name} ({pw}): exit {} in {took:?}", run.code);
            assert_eq!(run.code, 2, "{name}: {}", run.stdout);
            assert_eq!(run.codes(), ["p12.excessive_work"], "{name} {pw}");
            // No derivation ran: even a debug build answers at once.
            assert!(took < Duration::from_secs(3), "{name} {pw}: {took:?}");
        }
    }
}

#[test]
fn a_deadline_stops_a_derivation_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    // One key at the ceiling with the slowest hash: within the budget, but a
    // MAC derivation takes far longer than the 200 ms deadline set here.
    let layout = Layout {
        certificates: Protect::Pbes2(HashAlg::Sha512, Cipher::Aes256),
        key: Protect::Pbes2(HashAlg::Sha512, Cipher::Aes256),
        mac: Some(HashAlg::Sha512),
        iterations: MANY_ITERATIONS,
    };
    let f = write_temp(dir.path(), "slow.p12", &p12_with(|_| {}, layout, 1));
    for pw in [PASSWORD, "wrong-password"] {
        let (run, took) = check_json_env(&f, pw, &[("CERTCHECK_TEST_DEADLINE_MS", "200")]);
        eprintln!("deadline 200 ms ({pw}): exit {} in {took:?}", run.code);
        assert_eq!(run.codes(), ["p12.excessive_work"], "{pw}: {}", run.stdout);
        assert!(run.stdout.contains("did not finish") || run.stdout.contains("時間内"));
        assert!(took < Duration::from_secs(2), "{pw}: {took:?}");
    }
    // Without the test deadline the same file is answered, right or wrong,
    // within 10 s: decided, or (on a slow or busy machine) stopped at the deadline.
    for (pw, code) in [
        (PASSWORD, "password.correct"),
        ("wrong-password", "password.wrong"),
    ] {
        let (run, took) = check_json_env(&f, pw, &[]);
        eprintln!(
            "default deadline ({pw}): exit {} in {took:?}: {:?}",
            run.code,
            run.codes()
        );
        let codes = run.codes();
        assert!(
            codes.contains(&code.to_string()) || codes == ["p12.excessive_work"],
            "{pw}: {}",
            run.stdout
        );
        assert!(took < Duration::from_secs(10), "{pw}: {took:?}");
    }
}

// ---------------------------------------------------------------------------
// 2. Password length

#[test]
fn a_password_over_1024_characters_is_a_usage_error_at_once() {
    let f = sample("current-aes.p12");
    for (len, expect_usage) in [(1024usize, false), (1025, true), (1 << 20, true)] {
        let pw = "0".repeat(len) + "\n";
        let (run, took) = run_with(
            &[
                "check",
                path_str(&f),
                "--password-stdin",
                "--format",
                "json",
            ],
            &[],
            stdin_bytes(pw.as_bytes()),
        );
        eprintln!("{len} characters: exit {} in {took:?}", run.code);
        if expect_usage {
            assert_eq!(run.code, 64, "{len}: {}", run.stderr);
            assert!(run.stderr.contains("1024"), "{}", run.stderr);
        } else {
            assert_eq!(run.codes()[0], "password.wrong", "{len}");
        }
        assert!(took < Duration::from_secs(10), "{len}: {took:?}");
    }
}

// ---------------------------------------------------------------------------
// 3. Bounded reads

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo");
}

#[test]
fn endless_and_writerless_inputs_are_refused_quickly() {
    let f = sample("current-aes.p12");
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let zero = || Stdio::from(std::fs::File::open("/dev/zero").unwrap());
    let cases: Vec<(&str, Vec<&str>, Stdio, i32)> = vec![
        (
            "--password-file /dev/zero",
            vec!["check", path_str(&f), "--password-file", "/dev/zero"],
            Stdio::null(),
            64,
        ),
        (
            "--password-stdin from /dev/zero",
            vec!["check", path_str(&f), "--password-stdin"],
            zero(),
            64,
        ),
        (
            "report view /dev/zero",
            vec!["report", "view", "/dev/zero"],
            Stdio::null(),
            64,
        ),
        (
            "report view of a FIFO",
            vec!["report", "view", path_str(&fifo)],
            Stdio::null(),
            64,
        ),
        (
            "check of a FIFO",
            vec!["check", path_str(&fifo), "--no-password"],
            Stdio::null(),
            2,
        ),
        (
            "check of /dev/zero",
            vec!["check", "/dev/zero", "--no-password"],
            Stdio::null(),
            2,
        ),
    ];
    for (name, args, stdin, code) in cases {
        let (run, took) = run_with(&args, &[], stdin);
        eprintln!("{name}: exit {} in {took:?}", run.code);
        assert_eq!(run.code, code, "{name}: {}{}", run.stdout, run.stderr);
        assert!(took < Duration::from_secs(5), "{name}: {took:?}");
    }
}

#[test]
fn a_password_file_fifo_without_a_writer_times_out() {
    let f = sample("current-aes.p12");
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pw");
    mkfifo(&fifo);
    let (run, took) = run_with(
        &["check", path_str(&f), "--password-file", path_str(&fifo)],
        &[],
        Stdio::null(),
    );
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert!(took < Duration::from_secs(15), "{took:?}");
}

// ---------------------------------------------------------------------------
// 4. Terminal escapes

fn hostile_subject_file(dir: &Path) -> PathBuf {
    let org = padded("\u{1b}]0;p\u{7}\r\n判定: 問題なし", ORG.len());
    let cn = padded("\u{202e}lacigam\u{2066}x\u{2069}\0\u{1b}[2J", CN.len());
    let bytes = p12_with(
        |c| {
            replace_same_length(c, ORG.as_bytes(), &org);
            replace_same_length(c, CN.as_bytes(), &cn);
        },
        Layout::AES256,
        1,
    );
    write_temp(dir, "hostile.p12", &bytes)
}

#[test]
fn control_characters_from_a_certificate_or_a_file_name_are_shown_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let f = hostile_subject_file(dir.path());
    let odd_name = dir.path().join("a\u{1b}[31mb\u{202e}.p12");
    std::fs::copy(&f, &odd_name).unwrap();
    for lang in ["ja", "en"] {
        for path in [&f, &odd_name] {
            let (run, _) = run_with(
                &[
                    "check",
                    path_str(path),
                    "--password-env",
                    "P",
                    "--lang",
                    lang,
                ],
                &[("P", PASSWORD.as_ref())],
                Stdio::null(),
            );
            assert!(run.stdout.contains("\\x1b"), "{lang}: {}", run.stdout);
            assert_eq!(
                raw_controls(&run.stdout),
                [] as [char; 0],
                "{lang}: {}",
                run.stdout
            );
            // The forged verdict never starts a line of its own.
            let verdicts = run
                .stdout
                .lines()
                .filter(|l| l.starts_with("判定") || l.starts_with("Verdict"))
                .count();
            assert_eq!(verdicts, 1, "{}", run.stdout);
        }
    }
    let (run, _) = run_with(
        &["check", path_str(&f), "--password-env", "P"],
        &[("P", PASSWORD.as_ref())],
        Stdio::null(),
    );
    assert!(run.stdout.contains("<U+202E>") && run.stdout.contains("<U+2066>"));
}

#[test]
fn report_view_shows_hostile_fields_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let report = serde_json::json!({
        "verdict": "problem",
        "exit_code": 2,
        "command": "doctor",
        "findings": [{
            "code": "cert.expired\u{1b}[2J",
            "severity": "error",
            "message": "x\r\n判定: 問題なし\u{7}\u{1b}]0;title\u{7}",
            "guide": "\u{202e}lmth.gnitoohselbuort"
        }],
        "files": [{"file": {"path": "\u{1b}[1A\u{1b}[2Kforged.p12"}, "certificates": [
            {"role": "client", "subject": "CN=\u{1b}c", "issuer": "\u{2067}x"}
        ]}],
        "environment": {"os": "\u{9b}31m", "local_time": "t", "time_zone": "z"}
    });
    let p = write_temp(dir.path(), "r.json", report.to_string().as_bytes());
    for lang in ["ja", "en"] {
        let (run, _) = run_with(
            &["report", "view", path_str(&p), "--lang", lang],
            &[],
            Stdio::null(),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(raw_controls(&run.stdout), [] as [char; 0], "{}", run.stdout);
        assert!(run.stdout.contains("\\x1b[2J") && run.stdout.contains("<U+202E>"));
        assert!(
            !run.stdout.lines().any(|l| l.starts_with("判定")),
            "{}",
            run.stdout
        );
    }
}

// ---------------------------------------------------------------------------
// 5. Reports: no live links, images or HTML from certificate data

#[test]
fn markdown_and_html_reports_keep_certificate_text_inert() {
    let dir = tempfile::tempdir().unwrap();
    let cn = padded(
        "[更新](https://e.example) ![](https://e.example/i.png)",
        CN.len(),
    );
    let org = padded("<script>alert(1)</script> <b>", ORG.len());
    let bytes = p12_with(
        |c| {
            replace_same_length(c, CN.as_bytes(), &cn);
            replace_same_length(c, ORG.as_bytes(), &org);
        },
        Layout::AES256,
        1,
    );
    let f = write_temp(dir.path(), "links.p12", &bytes);
    let html = dir.path().join("r.html");
    let md = dir.path().join("r.md");
    for report in [&html, &md] {
        let (run, _) = run_with(
            &[
                "doctor",
                path_str(&f),
                "--password-env",
                "P",
                "--report",
                path_str(report),
            ],
            &[("P", PASSWORD.as_ref())],
            Stdio::null(),
        );
        assert!(run.code < 64, "{}", run.stderr);
    }
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    ));
    for bad in ["<a ", "<img", "<script", "<b>", "src=\"http", "href"] {
        assert!(!html.contains(bad), "{bad} in the HTML report");
    }
    assert!(html.contains("更新"), "the text itself is kept");
    let md = std::fs::read_to_string(&md).unwrap();
    // Every `<` and `[` of certificate text is escaped: no HTML, no link.
    let unescaped = |c: char| md.match_indices(c).any(|(i, _)| !md[..i].ends_with('\\'));
    assert!(!unescaped('<') && !unescaped('['), "{md}");
    assert!(md.contains("\\[更新\\](https\\:\\//e\\.example)"), "{md}");
}

// ---------------------------------------------------------------------------
// 6. Output errors

fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

fn run_to(args: &[&str], stdout: Stdio) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_certcheck"))
        .args(args)
        .env("P", PASSWORD)
        .env("LANG", "ja_JP.UTF-8")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_is_74() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    let f = sample("current-aes.p12");
    let run = certcheck(
        &[
            "doctor",
            path_str(&f),
            "--password-env",
            "P",
            "--report",
            path_str(&report),
        ],
        &[("P", PASSWORD)],
        None,
    );
    assert!(run.code < 64, "{}", run.stderr);
    let cases: Vec<(&str, Vec<&str>, i32)> = vec![
        ("explain", vec!["explain", "password.wrong"], 0),
        ("report view", vec!["report", "view", path_str(&report)], 0),
        (
            "check",
            vec!["check", path_str(&f), "--password-env", "P"],
            0,
        ),
        (
            "doctor",
            vec!["doctor", path_str(&f), "--password-env", "P"],
            0,
        ),
        (
            "renewal",
            vec!["renewal", "2028-05-31", "--at", "2026-01-01"],
            0,
        ),
        ("help", vec!["--help"], 0),
    ];
    for (name, args, verdict) in &cases {
        let (code, stderr) = run_to(args, closed_pipe());
        assert_eq!(code, *verdict, "{name} to a closed pipe: {stderr}");
        assert_eq!(stderr, "", "{name} to a closed pipe");
        let (code, stderr) = run_to(
            args,
            Stdio::from(std::fs::File::create("/dev/full").unwrap()),
        );
        assert_eq!(code, 74, "{name} to a full disk: {stderr}");
        assert!(stderr.contains("ディスクがいっぱい"), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    // A report into a folder that does not exist: 74 with the reason, not 2.
    let missing = dir.path().join("no-such-folder").join("r.html");
    let run = certcheck(
        &[
            "doctor",
            path_str(&f),
            "--password-env",
            "P",
            "--report",
            path_str(&missing),
        ],
        &[("P", PASSWORD)],
        None,
    );
    assert_eq!(run.code, 74, "{}", run.stderr);
    assert!(
        run.stderr.contains("フォルダーがありません"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// 7. A password typed in place of a name is never echoed

#[test]
fn values_of_password_options_are_never_echoed() {
    let f = sample("current-aes.p12");
    let secret = "Kaigo-Secret-9831";
    let eq = format!("--password={secret}");
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", path_str(&f), "--password-env", secret],
        vec!["check", path_str(&f), "--password-file", secret],
        vec!["check", path_str(&f), "--password", secret],
        vec!["check", path_str(&f), &eq],
        vec!["check", path_str(&f), secret],
    ];
    for args in cases {
        for lang in [None, Some("en_US.UTF-8")] {
            let env: Vec<(&str, &str)> = lang.iter().map(|l| ("LANG", *l)).collect();
            let run = certcheck(&args, &env, None);
            assert_eq!(run.code, 64, "{args:?}: {}", run.stderr);
            assert!(
                !run.stderr.contains(secret) && !run.stdout.contains(secret),
                "{args:?} echoed the value: {}",
                run.stderr
            );
        }
    }
    let run = certcheck(
        &["check", path_str(&f), "--password-env", secret],
        &[],
        None,
    );
    assert!(run.stderr.contains("--password-env"), "{}", run.stderr);
    let run = certcheck(&["check", path_str(&f), "--password", secret], &[], None);
    assert!(
        run.stderr.contains("--password-env のことですか"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// 8. Partial files

#[test]
fn a_report_on_a_full_disk_leaves_nothing_and_the_retry_works() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.html");
    let f = sample("current-aes.p12");
    // A file-size limit of 1 KiB stands in for a full disk (SIGXFSZ ignored,
    // so the write fails with EFBIG as it would with ENOSPC).
    let line = format!(
        "trap '' XFSZ; ulimit -f 2; exec {} doctor {} --password-env P --report {}",
        env!("CARGO_BIN_EXE_certcheck"),
        path_str(&f),
        path_str(&report)
    );
    let out = Command::new("bash")
        .args(["-c", &line])
        .env("P", PASSWORD)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(74), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "partial files left: {left:?}");
    let run = certcheck(
        &[
            "doctor",
            path_str(&f),
            "--password-env",
            "P",
            "--report",
            path_str(&report),
        ],
        &[("P", PASSWORD)],
        None,
    );
    assert!(run.code < 64, "the retry: {}", run.stderr);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .ends_with("</html>\n")
    );
}

#[cfg(unix)]
#[test]
fn a_report_never_goes_through_a_symlink_and_generate_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("victim.txt");
    std::fs::write(&target, "mine").unwrap();
    let link = dir.path().join("r.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let run = certcheck(
        &[
            "doctor",
            path_str(&sample("current-aes.p12")),
            "--password-env",
            "P",
            "--report",
            path_str(&link),
        ],
        &[("P", PASSWORD)],
        None,
    );
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");

    let out = dir.path().join("gen");
    let first = certcheck(&["generate", path_str(&out)], &[], None);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let man = out.join("certcheck.1");
    std::fs::write(&man, "mine").unwrap();
    let second = certcheck(&["generate", path_str(&out)], &[], None);
    assert_eq!(second.code, 64, "{}", second.stderr);
    assert_eq!(std::fs::read_to_string(&man).unwrap(), "mine");
}

#[test]
fn a_guide_export_into_a_folder_that_is_not_empty_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let run = certcheck(&["guide", "--export", path_str(dir.path())], &[], None);
    if run.stderr.contains("cargo xtask book") {
        assert_ne!(
            std::env::var("CERTCHECK_CI").as_deref(),
            Ok("1"),
            "guide not embedded"
        );
        eprintln!("\n!!!! SKIPPED: the guide is not embedded (run `cargo xtask book`) !!!!\n");
        return;
    }
    assert_eq!(run.code, 64, "{}", run.stderr);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["notes.txt"], "something was written");
    // An empty folder is fine, and the export is complete.
    let empty = tempfile::tempdir().unwrap();
    let run = certcheck(&["guide", "--export", path_str(empty.path())], &[], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(empty.path().join("index.html").is_file());
    let stray: Vec<_> = std::fs::read_dir(dir.path().parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".certcheck-"))
        .collect();
    assert!(stray.is_empty(), "temporary folders left: {stray:?}");
}

// ---------------------------------------------------------------------------
// 9 and 10 (prompt). The terminal after Ctrl-C or Ctrl-D at the prompt

/// Runs `certcheck check` at a password prompt on a pseudo-terminal
/// (util-linux script), types `keys` after a pause, then prints whether the
/// terminal echoes. Returns (what the shell printed, certcheck's status).
fn at_prompt(keys: &[u8]) -> String {
    let line = format!(
        "trap \"\" INT; (trap - INT; exec {} check {}); echo status=$?; stty -a",
        env!("CARGO_BIN_EXE_certcheck"),
        path_str(&sample("current-aes.p12"))
    );
    let mut child = Command::new("script")
        .args(["-qec", &format!("sh -c '{line}'"), "/dev/null"])
        .env("LANG", "ja_JP.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script(1) from util-linux");
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    stdin.write_all(keys).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn echoes(stty: &str) -> bool {
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(
        words.contains(&"echo") || words.contains(&"-echo"),
        "{stty}"
    );
    words.contains(&"echo")
}

#[cfg(unix)]
#[test]
fn ctrl_c_at_the_prompt_leaves_the_terminal_echoing() {
    let out = at_prompt(b"Kai\x03");
    assert!(out.contains("status=130"), "not ended by Ctrl-C: {out}");
    assert!(echoes(&out), "echo left off after Ctrl-C: {out}");
}

#[cfg(unix)]
#[test]
fn ctrl_d_at_the_prompt_is_no_password_given() {
    let out = at_prompt(b"\x04");
    assert!(out.contains("status=64"), "{out}");
    assert!(out.contains("パスワードが入力されていません"), "{out}");
    assert!(echoes(&out), "{out}");
}

// ---------------------------------------------------------------------------
// 10. Inputs as Windows writes them

#[test]
fn password_files_from_notepad_and_powershell_work() {
    let dir = tempfile::tempdir().unwrap();
    let f = sample("current-aes.p12");
    let line = format!("{PASSWORD}\r\n");
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(line.encode_utf16().flat_map(u16::to_le_bytes));
    let files = [
        (
            "utf8-bom.txt",
            [b"\xef\xbb\xbf".as_slice(), line.as_bytes()].concat(),
        ),
        ("utf16le-bom.txt", utf16),
    ];
    for (name, bytes) in files {
        let p = write_temp(dir.path(), name, &bytes);
        let run = certcheck(
            &[
                "check",
                path_str(&f),
                "--password-file",
                path_str(&p),
                "--format",
                "json",
            ],
            &[],
            None,
        );
        assert_eq!(run.json()["password"], "correct", "{name}: {}", run.stdout);
        let (run, _) = run_with(
            &[
                "check",
                path_str(&f),
                "--password-stdin",
                "--format",
                "json",
            ],
            &[],
            stdin_bytes(&bytes),
        );
        assert_eq!(
            run.json()["password"],
            "correct",
            "stdin {name}: {}",
            run.stdout
        );
    }
}

#[test]
fn doctor_reads_one_password_line_per_file_from_standard_input() {
    let (old, new) = (
        sample("renewal-window-aes.p12"),
        sample("renewed-future-aes.p12"),
    );
    let two_lines = format!("{PASSWORD}\n{PASSWORD}\n");
    let (run, _) = run_with(
        &[
            "doctor",
            path_str(&old),
            path_str(&new),
            "--password-stdin",
            "--format",
            "json",
        ],
        &[],
        stdin_bytes(two_lines.as_bytes()),
    );
    let files = run.json()["files"].as_array().unwrap().clone();
    assert_eq!(files.len(), 2, "{}", run.stdout);
    for f in files {
        assert_eq!(f["password"], "correct", "{}", run.stdout);
    }
}

#[test]
fn a_report_saved_with_a_bom_opens() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    let run = certcheck(
        &[
            "doctor",
            path_str(&sample("current-aes.p12")),
            "--password-env",
            "P",
            "--report",
            path_str(&report),
        ],
        &[("P", PASSWORD)],
        None,
    );
    assert!(run.code < 64, "{}", run.stderr);
    let json = std::fs::read(&report).unwrap();
    let bom = write_temp(
        dir.path(),
        "bom.json",
        &[b"\xef\xbb\xbf".as_slice(), &json].concat(),
    );
    let run = certcheck(&["report", "view", path_str(&bom)], &[], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("current-aes.p12"));
}

#[cfg(unix)]
#[test]
fn missing_or_broken_passwords_are_usage_errors_not_wrong_passwords() {
    use std::os::unix::ffi::OsStrExt;
    let f = sample("current-aes.p12");
    let not_utf8 = std::ffi::OsStr::from_bytes(b"Kaigo\xff\xfe");
    let (run, _) = run_with(
        &["check", path_str(&f), "--password-env", "P"],
        &[("P", not_utf8)],
        Stdio::null(),
    );
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert!(
        run.stderr.contains("文字として読めません"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("設定されていません"), "{}", run.stderr);
    let stdin_cases: Vec<(&str, Stdio, &str)> = vec![
        (
            "empty stdin",
            stdin_bytes(b""),
            "パスワードが入力されていません",
        ),
        (
            "closed stdin",
            Stdio::null(),
            "パスワードが入力されていません",
        ),
        (
            "invalid UTF-8",
            stdin_bytes(b"Kaigo\xff\n"),
            "文字として読めません",
        ),
    ];
    for (name, stdin, says) in stdin_cases {
        let (run, _) = run_with(&["check", path_str(&f), "--password-stdin"], &[], stdin);
        assert_eq!(run.code, 64, "{name}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
    }
    // An empty line is an empty password, a real answer: the file says wrong.
    let (run, _) = run_with(
        &[
            "check",
            path_str(&f),
            "--password-stdin",
            "--format",
            "json",
        ],
        &[],
        stdin_bytes(b"\n"),
    );
    assert_eq!(run.json()["password"], "wrong", "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// 11. clap's messages in Japanese

#[test]
fn parse_errors_speak_the_users_language() {
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["check"], "を指定してください", "is required"),
        (
            vec!["check", "x.p12", "--frobnicate"],
            "というオプションはありません",
            "there is no option",
        ),
        (
            vec!["check", "x.p12", "--pasword-stdin"],
            "--password-stdin のことですか",
            "Did you mean --password-stdin",
        ),
        (
            vec!["chek"],
            "というコマンドはありません",
            "there is no command",
        ),
        (
            vec!["check", "x.p12", "--format", "xml"],
            "使える値",
            "possible values",
        ),
        (
            vec!["check", "x.p12", "--password-stdin", "--no-password"],
            "一緒に使えません",
            "cannot be used with",
        ),
        (vec![], "コマンドを指定してください", "give a command"),
    ];
    for (args, ja, en) in cases {
        let run = certcheck(&args, &[], None);
        assert_eq!(run.code, 64, "{args:?}: {}", run.stderr);
        let first = run.stderr.lines().next().unwrap_or("");
        assert!(first.contains(ja), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(en), "{args:?}: {}", run.stderr);
        // English first when the environment or the flag asks for it.
        let run = certcheck(&args, &[("LANG", "en_US.UTF-8")], None);
        assert!(
            run.stderr.lines().next().unwrap_or("").contains(en),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = certcheck(&["check", "--lang", "en"], &[], None);
    assert!(
        run.stderr.lines().next().unwrap().contains("is required"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// 12. Odd environments and dates

#[test]
fn dumb_terminals_get_no_colour() {
    let line = format!(
        "{} check {} --password-env P",
        env!("CARGO_BIN_EXE_certcheck"),
        path_str(&sample("expired-aes.p12"))
    );
    let on_tty = |term: &str| {
        let out = Command::new("script")
            .args(["-qc", &line, "/dev/null"])
            .env("P", PASSWORD)
            .env("TERM", term)
            .env_remove("NO_COLOR")
            .output()
            .expect("script(1) from util-linux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(on_tty("xterm").contains("\u{1b}[31m"), "no colour on xterm");
    assert!(!on_tty("dumb").contains('\u{1b}'), "colour on TERM=dumb");
}

#[test]
fn at_outside_1950_to_9999_is_a_usage_error() {
    let f = sample("current-aes.p12");
    for (at, usage) in [
        ("0000-01-01", true),
        ("1949-12-31", true),
        ("10000-01-01", true),
        ("+10000-01-01T00:00:00Z", true),
        ("1950-01-01", false),
        ("9999-12-31", false),
    ] {
        let run = certcheck(
            &[
                "check",
                path_str(&f),
                "--password-env",
                "P",
                "--format",
                "json",
                "--at",
                at,
            ],
            &[("P", PASSWORD)],
            None,
        );
        assert_eq!(run.code == 64, usage, "{at}: {}{}", run.stdout, run.stderr);
        if !usage {
            let printed = run.json()["at"].as_str().unwrap().to_string();
            assert!(
                chrono::DateTime::parse_from_rfc3339(&printed).is_ok(),
                "{printed}"
            );
        }
        let run = certcheck(&["renewal", at], &[], None);
        assert_eq!(
            run.code == 64,
            usage || at.contains('T'),
            "renewal {at}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_validity_that_ends_before_it_starts_has_a_finding_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = p12_with(
        |c| {
            // notBefore and notAfter are two UTCTimes (tag 0x17, 13 bytes) in a row: swap them.
            let at = c
                .windows(2)
                .position(|w| w == [0x17, 0x0d])
                .expect("UTCTime");
            let (nb, na) = (at, at + 15);
            assert_eq!(c[na..na + 2], [0x17, 0x0d]);
            let before: Vec<u8> = c[nb..nb + 15].to_vec();
            let after: Vec<u8> = c[na..na + 15].to_vec();
            c[nb..nb + 15].copy_from_slice(&after);
            c[na..na + 15].copy_from_slice(&before);
        },
        Layout::AES256,
        1,
    );
    let f = write_temp(dir.path(), "reversed.p12", &bytes);
    for at in ["2020-01-01", "2026-01-01", "2040-01-01"] {
        let run = certcheck(
            &[
                "check",
                path_str(&f),
                "--password-env",
                "P",
                "--format",
                "json",
                "--at",
                at,
            ],
            &[("P", PASSWORD)],
            None,
        );
        let codes = run.codes();
        assert!(
            codes.contains(&"cert.invalid_period".to_string()),
            "{at}: {codes:?}"
        );
        assert!(
            !codes.contains(&"cert.not_yet_valid".to_string()),
            "{at}: {codes:?}"
        );
        assert_eq!(run.code, 2, "{at}");
    }
}

#[cfg(unix)]
#[test]
fn the_guide_cache_is_replaced_whole_and_never_written_through_a_symlink() {
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", path_str(cache.path()))];
    let probe = certcheck(&["guide", "--path"], &env, None);
    if probe.stderr.contains("cargo xtask book") {
        assert_ne!(
            std::env::var("CERTCHECK_CI").as_deref(),
            Ok("1"),
            "guide not embedded"
        );
        eprintln!("\n!!!! SKIPPED: the guide is not embedded (run `cargo xtask book`) !!!!\n");
        return;
    }
    let index = PathBuf::from(probe.stdout.trim());
    let guide_dir = index.parent().unwrap().to_path_buf();
    // A partial copy (as a full disk would have left with the old code): replaced whole.
    std::fs::remove_dir_all(&guide_dir).unwrap();
    std::fs::create_dir_all(&guide_dir).unwrap();
    std::fs::write(guide_dir.join("index.html"), "partial").unwrap();
    let run = certcheck(&["guide", "--path"], &env, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(std::fs::read_to_string(&index).unwrap(), "partial");
    // A symlink planted in its place: moved aside, its target untouched.
    let victim = tempfile::tempdir().unwrap();
    std::fs::write(victim.path().join("index.html"), "mine").unwrap();
    std::fs::remove_dir_all(&guide_dir).unwrap();
    std::os::unix::fs::symlink(victim.path(), &guide_dir).unwrap();
    let run = certcheck(&["guide", "--path"], &env, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(victim.path().join("index.html")).unwrap(),
        "mine"
    );
    assert!(!std::fs::symlink_metadata(&guide_dir).unwrap().is_symlink());
    let stray: Vec<_> = std::fs::read_dir(guide_dir.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".certcheck-"))
        .collect();
    assert!(stray.is_empty(), "temporary folders left: {stray:?}");
}
