//! Chain signatures made by openssl, checked by whichever build runs the
//! tests: ring natively, num-bigint under `--no-default-features --features
//! portable` (the guide's checker; `cargo xtask test` runs both). Every RSA
//! digest, both ECDSA curves and Ed25519 verify; one changed signature byte, in the
//! client's or in the root's own signature, never does.

use std::path::Path;

use certcheck_core::x509::{Chain, Item, inventory};
use certcheck_testkit::openssl::run;

/// A root of `key` ("rsa:2048", "ec:P-256", ...), a client certificate it
/// signed with `digest`, and the client's key (PKCS#8), all DER.
fn chain(dir: &Path, key: &str, digest: &str) -> Chained {
    let new_key = |out: &str| -> Vec<String> {
        let mut v: Vec<String> = vec!["-newkey".into()];
        match key.split_once(':') {
            Some(("ec", curve)) => v.extend([
                "ec".into(),
                "-pkeyopt".into(),
                format!("ec_paramgen_curve:{curve}"),
            ]),
            _ => v.push(key.into()),
        }
        v.extend(["-nodes".into(), "-keyout".into(), out.into()]);
        v
    };
    // EdDSA hashes as its definition says: openssl takes no digest for it.
    let digest_flag: Vec<String> = if digest.is_empty() {
        vec![]
    } else {
        vec![format!("-{digest}")]
    };
    let ca_args: Vec<String> = [
        "req",
        "-x509",
        "-days",
        "3650",
        "-subj",
        "/CN=Test Root",
        "-out",
        "ca.pem",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(new_key("ca.key"))
    .chain(digest_flag.clone())
    .collect();
    run(dir, &ca_args.iter().map(String::as_str).collect::<Vec<_>>());
    run(
        dir,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "c.key",
            "-subj",
            "/CN=Test Client",
            "-out",
            "c.csr",
        ],
    );
    let sign: Vec<String> = [
        "x509",
        "-req",
        "-in",
        "c.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-set_serial",
        "7",
        "-days",
        "365",
        "-out",
        "c.pem",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(digest_flag)
    .collect();
    run(dir, &sign.iter().map(String::as_str).collect::<Vec<_>>());
    let der = |pem: &str, out: &str| {
        run(dir, &["x509", "-in", pem, "-outform", "DER", "-out", out]);
        std::fs::read(dir.join(out)).unwrap()
    };
    run(
        dir,
        &[
            "pkey",
            "-in",
            "c.key",
            "-outform",
            "DER",
            "-out",
            "c.key.der",
        ],
    );
    Chained {
        ca: der("ca.pem", "ca.der"),
        client: der("c.pem", "c.der"),
        key: std::fs::read(dir.join("c.key.der")).unwrap(),
    }
}

struct Chained {
    ca: Vec<u8>,
    client: Vec<u8>,
    key: Vec<u8>,
}

impl Chained {
    /// The chain verdict for the client (the certificate with the key).
    fn verdict(&self, ca: &[u8], client: &[u8]) -> Chain {
        let item = |der| Item {
            der,
            friendly_name: None,
            local_key_id: None,
        };
        inventory(&[item(client), item(ca)], &[item(&self.key)]).chain
    }
}

fn flip_last(der: &[u8]) -> Vec<u8> {
    let mut v = der.to_vec();
    *v.last_mut().unwrap() ^= 0x01;
    v
}

#[test]
fn every_supported_signature_verifies_and_a_changed_one_never_does() {
    if !certcheck_testkit::openssl::available("signatures") {
        return;
    }
    let cases = [
        ("rsa:2048", "sha1"),
        ("rsa:2048", "sha256"),
        ("rsa:2048", "sha384"),
        ("rsa:2048", "sha512"),
        ("rsa:3072", "sha256"),
        ("ec:P-256", "sha256"),
        ("ec:P-256", "sha384"),
        ("ec:P-384", "sha384"),
        ("ec:P-384", "sha256"),
        ("ed25519", ""),
    ];
    for (key, digest) in cases {
        let dir = tempfile::tempdir().unwrap();
        let c = chain(dir.path(), key, digest);
        let (ca, client) = (&c.ca, &c.client);
        let what = format!("{key} {digest}");
        assert_eq!(
            c.verdict(ca, client),
            Chain::Verified {
                depth: 1,
                to_root: true
            },
            "{what}"
        );
        assert_eq!(
            c.verdict(ca, &flip_last(client)),
            Chain::SignatureInvalid,
            "{what}: client"
        );
        assert_eq!(
            c.verdict(&flip_last(ca), client),
            Chain::SignatureInvalid,
            "{what}: root"
        );
    }
}

#[test]
fn rsa_below_ring_minimum_for_sha384_is_not_verified() {
    // ring takes SHA-384 signatures only from 2048-bit keys up; the portable
    // build copies that limit, so both say the same of an old 1024-bit root.
    if !certcheck_testkit::openssl::available("signatures") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let c = chain(dir.path(), "rsa:1024", "sha384");
    assert_eq!(c.verdict(&c.ca, &c.client), Chain::SignatureInvalid);
    let c = chain(dir.path(), "rsa:1024", "sha256");
    assert_eq!(
        c.verdict(&c.ca, &c.client),
        Chain::Verified {
            depth: 1,
            to_root: true
        }
    );
}
