//! `certcheck doctor`, its reports and the help with a wrong password.

use crate::support;

use certcheck_core::testing::pkcs12::{self, OpenOptions};
use support::*;

fn s(name: &str) -> String {
    path_str(&sample(name)).to_string()
}

#[test]
fn a_continuous_renewal_replaces_renew_now() {
    let run = certcheck(
        &[
            "doctor",
            &s("renewal-window-aes.p12"),
            &s("renewed-future-aes.p12"),
            "--password-env",
            "P",
            "--at",
            "2026-12-01",
            "--format",
            "json",
        ],
        &[("P", PASSWORD)],
        None,
    );
    let codes = run.codes();
    assert_eq!(codes[0], "doctor.renewal_continuous", "{codes:?}");
    assert!(
        !codes.contains(&"cert.renewal_open".to_string()),
        "{codes:?}"
    );
    assert_eq!(run.json()["files"].as_array().unwrap().len(), 2);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_gap_between_old_and_new_is_named_with_its_dates() {
    let run = certcheck(
        &[
            "doctor",
            &s("expired-aes.p12"),
            &s("renewed-future-aes.p12"),
            "--password-env",
            "P",
            "--at",
            "2026-12-01",
            "--format",
            "json",
            "--lang",
            "en",
        ],
        &[("P", PASSWORD)],
        None,
    );
    let doc = run.json();
    let gap = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "doctor.validity_gap")
        .expect("a gap finding");
    assert!(
        gap["message"]
            .as_str()
            .unwrap()
            .contains("from 2026-06-01 to 2027-01-31 (245 days)"),
        "{gap}"
    );
    assert_eq!(run.code, 2, "the expired certificate is an error");
    assert_eq!(
        doc["findings"][0]["code"], "cert.expired",
        "errors come first"
    );
}

#[test]
fn doctor_alone_off_windows_says_it_needs_windows() {
    let run = certcheck(&["doctor", "--format", "json"], &[], None);
    assert_eq!(run.codes(), ["store.unsupported_platform"]);
}

fn base64(data: &[u8]) -> String {
    const B: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in data.chunks(3) {
        let n = c.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b)) << (8 * (3 - c.len()));
        for i in 0..=c.len() {
            out.push(B[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Every 12-byte window of the key, in the encodings a report could leak it in.
fn key_fragments(key: &[u8]) -> Vec<String> {
    key.windows(12)
        .step_by(6)
        .flat_map(|w| {
            let hex = format!("{:x}", certcheck_core::testing::Hex(w));
            [hex.clone(), hex.to_uppercase(), base64(w)]
        })
        .collect()
}

#[test]
fn reports_hold_what_a_helpdesk_needs_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("samples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let pw = if name.starts_with("unicode") {
            UNICODE_PASSWORD
        } else {
            PASSWORD
        };
        let keys: Vec<Vec<u8>> = pkcs12::open(&bytes, Some(pw), OpenOptions::default())
            .map(|c| c.keys.iter().map(|(k, _)| k.to_vec()).collect())
            .unwrap_or_default();
        let fragments: Vec<String> = keys.iter().flat_map(|k| key_fragments(k)).collect();
        for ext in ["json", "md", "html"] {
            let out = dir.path().join(format!("{name}.{ext}"));
            let run = certcheck(
                &[
                    "doctor",
                    path_str(&path),
                    "--password-env",
                    "P",
                    "--at",
                    "2026-12-01",
                    "--report",
                    path_str(&out),
                    "-q",
                ],
                &[("P", pw)],
                None,
            );
            assert!(run.stdout.is_empty(), "--quiet printed: {}", run.stdout);
            assert!(run.code <= 2, "{name}: {}", run.stderr);
            let report = std::fs::read_to_string(&out)
                .unwrap_or_else(|e| panic!("{name}.{ext} not written: {e} {}", run.stderr));
            assert!(!report.contains(pw), "{name}.{ext} holds the password");
            let raw = std::fs::read(&out).unwrap();
            for k in &keys {
                assert!(
                    !raw.windows(12).any(|w| k.windows(12).any(|kw| kw == w)),
                    "{name}.{ext} holds raw key bytes"
                );
            }
            for f in &fragments {
                assert!(
                    !report.contains(f.as_str()),
                    "{name}.{ext} holds key material"
                );
            }
            assert!(
                report.contains(env!("CARGO_PKG_VERSION")),
                "{name}.{ext}: version"
            );
            assert!(report.contains("+00:00"), "{name}.{ext}: time zone");
            if ext == "html" {
                assert!(report.starts_with("<!DOCTYPE html>") && report.contains("<style>"));
                assert!(
                    !report.contains("<script")
                        && !report.contains("http://")
                        && !report.contains("https://")
                );
            }
            checked += 1;
        }
        if !keys.is_empty() {
            let md = std::fs::read_to_string(dir.path().join(format!("{name}.md"))).unwrap();
            assert!(
                md.contains("Example Kaigo Test CA (fictional)"),
                "{name}: issuer"
            );
            let doc: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.path().join(format!("{name}.json"))).unwrap(),
            )
            .unwrap();
            let sha1 = doc["files"][0]["certificates"][0]["sha1"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(
                md.contains(&sha1),
                "{name}: thumbprint in the Markdown report"
            );
        }
    }
    assert!(checked >= 75, "only {checked} reports checked");
}

#[test]
fn a_received_report_is_shown_as_text_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    certcheck(
        &[
            "doctor",
            &s("expired-3des.p12"),
            "--password-env",
            "P",
            "--at",
            "2026-12-01",
            "--report",
            path_str(&out),
            "-q",
        ],
        &[("P", PASSWORD)],
        None,
    );
    let view = certcheck(&["report", "view", path_str(&out)], &[], None);
    assert_eq!(view.code, 0, "{}", view.stderr);
    assert!(
        view.stdout.contains("cert.expired")
            && view.stdout.contains("expired-3des.p12")
            && view.stdout.contains("次にすること"),
        "{}",
        view.stdout
    );
    let again = certcheck(
        &[
            "doctor",
            &s("expired-3des.p12"),
            "--password-env",
            "P",
            "--report",
            path_str(&out),
            "-q",
        ],
        &[("P", PASSWORD)],
        None,
    );
    assert_eq!(again.code, 64, "an existing file is never overwritten");
    let bad = certcheck(
        &[
            "doctor",
            "--report",
            path_str(&dir.path().join("r.txt")),
            "-q",
        ],
        &[],
        None,
    );
    assert_eq!(bad.code, 64);
    let not_report = certcheck(&["report", "view", &s("current-aes.p12")], &[], None);
    assert_eq!(not_report.code, 64);
}

#[test]
fn the_usual_keyboard_slips_are_named_without_the_password() {
    for (typed, code) in [
        ("kAIGO-sAMPLE-2026", "password.caps_lock"),
        ("Kaigo-Sample-2O26", "password.look_alike"),
        ("Ｋａｉｇｏ－Ｓａｍｐｌｅ－２０２６", "password.full_width"),
        (" Kaigo-Sample-2026", "password.extra_space"),
    ] {
        let run = certcheck(
            &[
                "check",
                &s("current-3des.p12"),
                "--password-stdin",
                "--format",
                "json",
            ],
            &[],
            Some(&format!("{typed}\n")),
        );
        assert_eq!(run.codes(), ["password.wrong", code], "{typed}");
        assert!(!run.stdout.contains(PASSWORD) && !run.stdout.contains(typed.trim()));
    }
    let none = certcheck(
        &[
            "check",
            &s("current-aes.p12"),
            "--password-stdin",
            "--format",
            "json",
        ],
        &[],
        Some("Something-else\n"),
    );
    assert_eq!(none.codes(), ["password.wrong"]);
}
