//! A key pairs with its certificate whatever RSA algorithm the certificate's
//! SubjectPublicKeyInfo names: rsaEncryption, RSASSA-PSS or RSAES-OAEP (RFC
//! 4055; .NET's test suite has OAEP-tagged certificates) all carry (n, e).

use certcheck_core::check::{self, CheckOptions, Read};
use certcheck_core::testing::pkcs12::OpenOptions;
use certcheck_testkit::der::oid;
use certcheck_testkit::openssl::run;
use certcheck_testkit::pkcs12::{self as write, Layout};

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const RSAES_OAEP: &str = "1.2.840.113549.1.1.7";

/// `der` with the one occurrence of the OID `from` replaced by `to` (same length).
fn retag(der: &[u8], from: &str, to: &str) -> Vec<u8> {
    let (from, to) = (oid(from), oid(to));
    assert_eq!(from.len(), to.len());
    let at: Vec<usize> = (0..der.len())
        .filter(|&i| der[i..].starts_with(&from))
        .collect();
    assert_eq!(at.len(), 1, "exactly one {from:02x?} in the certificate");
    let mut out = der.to_vec();
    out[at[0]..at[0] + to.len()].copy_from_slice(&to);
    out
}

/// The finding codes and whether the certificate was found to hold the key.
fn check(cert: &[u8], key: &[u8]) -> (Vec<&'static str>, bool) {
    let p12 = write::write(
        &[cert],
        Some(key),
        Some("pw"),
        None,
        Layout::AES256,
        &mut |b: &mut [u8]| b.fill(3),
    );
    let options = CheckOptions {
        at: certcheck_core::policy::parse_at("2026-12-01").unwrap(),
        open: OpenOptions::default(),
    };
    let report = check::check(
        "oaep.p12",
        Read::Bytes {
            data: &p12,
            total_len: p12.len() as u64,
        },
        Some("pw"),
        options,
    );
    let codes = report.findings.iter().map(|f| f.code.as_str()).collect();
    let paired = report.client().is_some();
    (codes, paired)
}

#[test]
fn an_oaep_tagged_certificate_pairs_with_its_rsa_key() {
    if !certcheck_testkit::openssl::available("key_pairing") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for other in ["a", "b"] {
        run(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                &format!("{other}.key"),
                "-subj",
                "/CN=OAEP",
                "-days",
                "3650",
                "-outform",
                "DER",
                "-out",
                &format!("{other}.der"),
            ],
        );
        run(
            d,
            &[
                "pkcs8",
                "-topk8",
                "-nocrypt",
                "-in",
                &format!("{other}.key"),
                "-outform",
                "DER",
                "-out",
                &format!("{other}.p8"),
            ],
        );
    }
    let read = |name: &str| std::fs::read(d.join(name)).unwrap();
    let oaep = retag(&read("a.der"), RSA_ENCRYPTION, RSAES_OAEP);

    let (codes, paired) = check(&oaep, &read("a.p8"));
    // Compared, not merely paired by the file's localKeyId.
    assert!(!codes.contains(&"p12.key_mismatch"), "{codes:?}");
    assert!(!codes.contains(&"p12.key_not_compared"), "{codes:?}");
    assert!(
        paired,
        "the OAEP-tagged certificate holds its key: {codes:?}"
    );

    // Another RSA key is still a mismatch: (n, e) really are compared.
    let (codes, paired) = check(&oaep, &read("b.p8"));
    assert!(codes.contains(&"p12.key_mismatch"), "{codes:?}");
    assert!(!paired);
}
