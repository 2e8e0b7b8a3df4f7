//! RFC 9579 PBMAC1, Camellia/CAST5 from our own writer, and "password correct
//! only when proven", through the real certcheck binary.
//!
//! openssl 3.0 cannot write PBMAC1, so our writer makes the files and python
//! `cryptography` (which bundles OpenSSL 3.4 or later) reads the valid ones
//! independently: it must open them with the right password and refuse a
//! wrong one. The RFC's own appendix file runs in tests/cross_suite.rs.

use crate::support;

use std::path::Path;
use std::process::Command;

use certcheck_core::testing::pkcs12::algorithms::{Cipher, HashAlg};
use certcheck_testkit::pkcs12::{self as write, Layout, Pbmac1Spec, Protect};
use support::certcheck;

const PW: &str = "pbmac1-パス";

fn key_and_cert(dir: &Path) -> Option<(Vec<u8>, Vec<u8>)> {
    let run = |args: &[&str]| {
        Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let ok = run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "k.pem",
        "-out",
        "c.pem",
        "-days",
        "400",
        "-subj",
        "/CN=PBMAC1 test",
    ]) && run(&[
        "pkcs8", "-topk8", "-nocrypt", "-in", "k.pem", "-outform", "DER", "-out", "k.der",
    ]) && run(&["x509", "-in", "c.pem", "-outform", "DER", "-out", "c.der"]);
    if !ok {
        assert!(
            std::env::var("CERTCHECK_CI").as_deref() != Ok("1"),
            "CERTCHECK_CI=1 and openssl is missing"
        );
        eprintln!("SKIP PBMAC1 tests: openssl is not installed");
        return None;
    }
    Some((
        std::fs::read(dir.join("k.der")).unwrap(),
        std::fs::read(dir.join("c.der")).unwrap(),
    ))
}

fn random() -> impl FnMut(&mut [u8]) {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    move |b: &mut [u8]| {
        for x in b {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *x = state as u8;
        }
    }
}

fn check(file: &Path, password: &str) -> (String, Vec<String>, serde_json::Value) {
    let r = certcheck(
        &[
            "check",
            file.to_str().unwrap(),
            "--format",
            "json",
            "--password-env",
            "PB_PW",
        ],
        &[("PB_PW", password)],
        None,
    );
    let j = r.json();
    (j["password"].as_str().unwrap().to_string(), r.codes(), j)
}

/// Whether python cryptography opens the file with the password: Some(bool),
/// or None when python cryptography is missing or cannot read PBMAC1 at all.
fn python_opens(file: &Path, password: &str) -> Option<bool> {
    let script = "import sys\nfrom cryptography.hazmat.primitives.serialization import pkcs12\n\
                  try:\n    pkcs12.load_pkcs12(open(sys.argv[1],'rb').read(), sys.argv[2].encode())\n    print('open')\n\
                  except ValueError:\n    print('refused')\n";
    let out = Command::new("python3")
        .args(["-c", script, file.to_str().unwrap(), password])
        .output()
        .ok()?;
    match String::from_utf8_lossy(&out.stdout).trim() {
        "open" => Some(true),
        "refused" => Some(false),
        _ => None,
    }
}

#[test]
fn pbmac1_with_every_sha2_opens_and_tells_a_wrong_password() {
    let tmp = tempfile::tempdir().unwrap();
    let Some((key, cert)) = key_and_cert(tmp.path()) else {
        return;
    };
    let mut independent = 0;
    for (prf, hmac) in [
        (HashAlg::Sha256, HashAlg::Sha256),
        (HashAlg::Sha384, HashAlg::Sha384),
        (HashAlg::Sha512, HashAlg::Sha512),
        (HashAlg::Sha256, HashAlg::Sha512),
    ] {
        let spec = Pbmac1Spec {
            prf,
            hmac,
            key_len: Some(hmac.output_len()),
            iterations: 2048,
        };
        let bytes = write::write_pbmac1(
            &[&cert],
            Some(&key),
            Some(PW),
            Layout::AES256,
            spec,
            &mut random(),
        );
        let file = tmp
            .path()
            .join(format!("{}-{}.p12", prf.name(), hmac.name()));
        std::fs::write(&file, &bytes).unwrap();
        let (pw, codes, j) = check(&file, PW);
        assert_eq!(pw, "correct", "{spec:?}: {codes:?}");
        assert!(codes.iter().any(|c| c == "password.correct"), "{codes:?}");
        assert!(
            j["protection"]["mac"]["digest"]
                .as_str()
                .unwrap()
                .starts_with("PBMAC1"),
            "{j}"
        );
        let (pw, codes, _) = check(&file, "wrong");
        assert_eq!(pw, "wrong", "{spec:?}: {codes:?}");
        assert!(codes.iter().any(|c| c == "password.wrong"), "{codes:?}");

        // Tampered MAC value: the password still decrypts the contents, so damaged, not wrong.
        let mut bad = bytes.clone();
        let at = bad
            .windows(8)
            .position(|w| w == b"NOT USED")
            .expect("the MacData salt")
            - 3;
        bad[at] ^= 1;
        let tampered = tmp.path().join("tampered.p12");
        std::fs::write(&tampered, &bad).unwrap();
        let (pw, codes, _) = check(&tampered, PW);
        assert_eq!(pw, "correct", "{codes:?}");
        assert!(codes.iter().any(|c| c == "p12.damaged"), "{codes:?}");

        // RFC 9579 A.4/A.5 in kind: the MAC was made with another iteration
        // count or salt than the file states. Never opens, never blames the
        // right password; a wrong one is still wrong.
        let count = bytes
            .windows(4)
            .rposition(|w| w == [0x02, 0x02, 0x08, 0x00])
            .expect("the PBKDF2 count in MacData");
        let salt_at = bytes
            .windows(2)
            .rposition(|w| w == [0x04, 0x10])
            .expect("the PBKDF2 salt in MacData");
        for (what, at) in [("iteration count", count + 3), ("salt", salt_at + 2)] {
            let mut bad = bytes.clone();
            bad[at] ^= 1;
            std::fs::write(&tampered, &bad).unwrap();
            let (pw, codes, _) = check(&tampered, PW);
            assert_eq!(pw, "correct", "{what}: {codes:?}");
            assert!(
                codes.iter().any(|c| c == "p12.damaged"),
                "{what}: {codes:?}"
            );
            assert_eq!(check(&tampered, "wrong").0, "wrong", "{what}");
        }

        match (python_opens(&file, PW), python_opens(&file, "wrong")) {
            (Some(true), Some(false)) => independent += 1,
            (None, None) => {}
            other => panic!("python cryptography disagrees on {spec:?}: {other:?}"),
        }
    }
    if independent == 0 {
        assert!(
            std::env::var("CERTCHECK_CI").as_deref() != Ok("1"),
            "CERTCHECK_CI=1 and python cryptography cannot read PBMAC1"
        );
        eprintln!("SKIP PBMAC1 cross-check: python cryptography with PBMAC1 support is missing");
    }
}

#[test]
fn invalid_pbmac1_never_opens_and_never_blames_the_password() {
    let tmp = tempfile::tempdir().unwrap();
    let Some((key, cert)) = key_and_cert(tmp.path()) else {
        return;
    };
    for (what, key_len) in [
        ("no keyLength", None),
        ("16-byte key", Some(16)),
        ("1-byte key", Some(1)),
    ] {
        let spec = Pbmac1Spec {
            prf: HashAlg::Sha256,
            hmac: HashAlg::Sha256,
            key_len,
            iterations: 2048,
        };
        let bytes = write::write_pbmac1(
            &[&cert],
            Some(&key),
            Some(PW),
            Layout::AES256,
            spec,
            &mut random(),
        );
        let file = tmp.path().join("invalid.p12");
        std::fs::write(&file, &bytes).unwrap();
        for given in [PW, "wrong"] {
            let (pw, codes, _) = check(&file, given);
            assert_eq!(pw, "unknown", "{what} with {given:?}: {codes:?}");
            assert!(
                codes.iter().any(|c| c == "p12.malformed"),
                "{what}: {codes:?}"
            );
            assert!(
                !codes.iter().any(|c| c.starts_with("password.")),
                "{what}: {codes:?}"
            );
        }
    }
}

#[test]
fn camellia_and_cast5_from_our_writer_open() {
    let tmp = tempfile::tempdir().unwrap();
    let Some((key, cert)) = key_and_cert(tmp.path()) else {
        return;
    };
    for cipher in [
        Cipher::Camellia128,
        Cipher::Camellia192,
        Cipher::Camellia256,
        Cipher::Cast5 { key_len: 16 },
    ] {
        let layout = Layout {
            certificates: Protect::Pbes2(HashAlg::Sha256, cipher),
            key: Protect::Pbes2(HashAlg::Sha256, cipher),
            mac: Some(HashAlg::Sha256),
            iterations: 2048,
        };
        let bytes = write::write(&[&cert], Some(&key), Some(PW), None, layout, &mut random());
        let file = tmp.path().join("c.p12");
        std::fs::write(&file, &bytes).unwrap();
        let (pw, codes, j) = check(&file, PW);
        assert_eq!(pw, "correct", "{cipher:?}: {codes:?}");
        assert!(
            j["protection"]["key"]["scheme"]
                .as_str()
                .unwrap()
                .contains(&cipher.name()),
            "{j}"
        );
        assert_eq!(check(&file, "wrong").0, "wrong", "{cipher:?}");
        // Without a MAC the decryption alone must tell.
        let nomac = write::write(
            &[&cert],
            Some(&key),
            Some(PW),
            None,
            Layout {
                mac: None,
                ..layout
            },
            &mut random(),
        );
        std::fs::write(&file, &nomac).unwrap();
        assert_eq!(check(&file, PW).0, "correct", "{cipher:?} without a MAC");
        assert_eq!(check(&file, "wrong").0, "wrong", "{cipher:?} without a MAC");
    }
}

#[test]
fn a_malformed_mac_less_file_does_not_call_any_password_correct() {
    let tmp = tempfile::tempdir().unwrap();
    let Some((key, cert)) = key_and_cert(tmp.path()) else {
        return;
    };
    let layout = Layout {
        certificates: Protect::None,
        key: Protect::Pbes2(HashAlg::Sha256, Cipher::Aes256),
        mac: None,
        iterations: 2048,
    };
    let mut bytes = write::write(&[&cert], Some(&key), Some(PW), None, layout, &mut random());
    // The shrouded key bag's type OID loses its tag: the key's part no longer parses,
    // so nothing is decrypted and nothing proves the password either way.
    let oid = [
        0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02,
    ];
    let at = bytes.windows(oid.len()).position(|w| w == oid).unwrap();
    bytes[at] = 0x07;
    let file = tmp.path().join("malformed.p12");
    std::fs::write(&file, &bytes).unwrap();
    for given in [PW, "anything else"] {
        let (pw, codes, _) = check(&file, given);
        assert_eq!(pw, "unknown", "{given:?}: {codes:?}");
        assert!(
            !codes
                .iter()
                .any(|c| c == "password.correct" || c == "p12.damaged"),
            "{codes:?}"
        );
        assert!(codes.iter().any(|c| c == "p12.malformed"), "{codes:?}");
    }
}
