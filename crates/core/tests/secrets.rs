//! No secret in debug output: opened keys, unencrypted key bags, the password.

use certcheck_core::check::{self, CheckOptions, Read};
use certcheck_core::testing::der::Reader;
use certcheck_core::testing::pkcs12::structure::{self, Bag, Part};
use certcheck_core::testing::pkcs12::{self, OpenOptions};
use certcheck_testkit::pkcs12::{self as write, Layout, Protect};

const PASSWORD: &str = "Kaigo-Sample-2026";

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../samples/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Whether `text` shows any 8 consecutive bytes of `secret` the way Debug prints bytes.
fn shows(text: &str, secret: &[u8]) -> bool {
    secret.windows(8).any(|w| {
        let dec = format!("{w:?}");
        let hex = format!("{w:02x?}");
        text.contains(&dec[1..dec.len() - 1]) || text.contains(&hex[1..hex.len() - 1])
    })
}

/// The opened contents, the PKCS#8 key, and its private scalar: the secret
/// part (the rest of the key, its public point and OIDs, is in the certificate).
fn opened_key() -> (pkcs12::Contents, Vec<u8>, Vec<u8>) {
    let c = pkcs12::open(
        &sample("current-aes.p12"),
        Some(PASSWORD),
        OpenOptions::default(),
    )
    .unwrap();
    let pkcs8 = c.keys[0].0.to_vec();
    // PrivateKeyInfo { version, algorithm, OCTET STRING { ECPrivateKey { version, OCTET STRING d, .. } } }
    let info = Reader::new(&pkcs8).read().unwrap();
    let mut r = info.children().unwrap();
    r.read().unwrap();
    r.read().unwrap();
    let octets = r.read().unwrap().octets().unwrap().into_owned();
    let ec = Reader::new(&octets).read().unwrap();
    let mut er = ec.children().unwrap();
    er.read().unwrap();
    let d = er.read().unwrap().content.to_vec();
    assert_eq!(d.len(), 32, "a P-256 private scalar");
    (c, pkcs8, d)
}

#[test]
fn the_detector_sees_bytes_in_debug_output() {
    // Without this, the tests below could not fail.
    let (_, pkcs8, d) = opened_key();
    assert!(shows(&format!("{pkcs8:?}"), &d));
    assert!(shows(&format!("{pkcs8:02x?}"), &d));
}

#[test]
fn opened_contents_do_not_show_the_key() {
    let (c, _, d) = opened_key();
    for text in [format!("{c:?}"), format!("{c:#?}")] {
        assert!(!shows(&text, &d), "{text}");
        assert!(text.contains("redacted"), "{text}");
        assert!(!text.contains(PASSWORD));
    }
}

#[test]
fn an_unencrypted_key_bag_does_not_show_the_key() {
    let (c, key, d) = opened_key();
    let certs: Vec<&[u8]> = c.certificates.iter().map(|(d, _)| d.as_slice()).collect();
    let plain = Layout {
        certificates: Protect::None,
        key: Protect::None,
        mac: None,
        iterations: 1,
    };
    let bytes = write::write(&certs, Some(&key), None, None, plain, &mut |b| b.fill(1));
    let pfx = structure::parse_pfx(&bytes).unwrap();
    let mut bags = Vec::new();
    for part in &pfx.parts {
        if let Part::Plain(data) = part {
            structure::parse_safe_contents(data, &mut bags).unwrap();
        }
    }
    assert!(bags.iter().any(|b| matches!(b, Bag::Key { .. })));
    let text = format!("{bags:?}");
    assert!(!shows(&text, &d), "{text}");
    let opened = pkcs12::open(&bytes, None, OpenOptions::default()).unwrap();
    assert!(!shows(&format!("{opened:?}"), &d));
}

#[test]
fn reports_and_errors_do_not_show_the_password() {
    for (name, pw) in [
        ("current-aes.p12", PASSWORD),
        ("current-aes.p12", "a-wrong-password"),
    ] {
        let bytes = sample(name);
        let err = pkcs12::open(&bytes, Some(pw), OpenOptions::default()).err();
        let report = check::check(
            name,
            Read::Bytes {
                total_len: bytes.len() as u64,
                data: &bytes,
            },
            Some(pw),
            CheckOptions {
                at: chrono::DateTime::from_timestamp(1_796_050_800, 0).unwrap(),
                open: OpenOptions::default(),
            },
        );
        let text = format!("{err:?} {report:?}");
        assert!(!text.contains(pw), "{text}");
    }
}
