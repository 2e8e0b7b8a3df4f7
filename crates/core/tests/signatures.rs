//! Chain signatures made by openssl, checked by the one verifier every build
//! uses (`verify`, the CLI's and the guide's checker's). Every RSA digest,
//! ECDSA on P-256, P-384, P-521 and brainpoolP256r1/384r1, Ed25519 and Ed448
//! verify; one changed signature byte, in the client's or in the root's own
//! signature, never does. A curve certcheck does not check is "not checked",
//! never "invalid"; a signature whose DER is not canonical is refused.

use std::path::Path;

use certcheck_core::testing::x509::{Chain, Item, inventory};
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
        ("ec:P-521", "sha512"),
        // openssl's default digest for any EC key.
        ("ec:P-521", "sha256"),
        ("ec:brainpoolP256r1", "sha256"),
        ("ec:brainpoolP384r1", "sha384"),
        ("ed25519", ""),
        ("ed448", ""),
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
fn a_curve_without_a_verifier_is_not_checked_never_invalid() {
    if !certcheck_testkit::openssl::available("signatures") {
        return;
    }
    for (key, digest, name) in [
        ("ec:brainpoolP512r1", "sha512", "ECDSA (brainpoolP512r1)"),
        ("ec:secp256k1", "sha256", "ECDSA (secp256k1)"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let c = chain(dir.path(), key, digest);
        let not_checked = Chain::Unsupported {
            algorithm: name.into(),
        };
        assert_eq!(c.verdict(&c.ca, &c.client), not_checked, "{key}");
        // Even a damaged signature: not looked at, so not called invalid.
        assert_eq!(
            c.verdict(&c.ca, &flip_last(&c.client)),
            not_checked,
            "{key}"
        );
    }
}

#[test]
fn rsa_from_1024_bits_verifies_with_every_hash() {
    // ring took SHA-384 only from 2,048-bit keys, and the page copied that
    // limit, calling a valid signature from an old 1,024-bit root invalid.
    if !certcheck_testkit::openssl::available("signatures") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for digest in ["sha256", "sha384"] {
        let c = chain(dir.path(), "rsa:1024", digest);
        assert_eq!(
            c.verdict(&c.ca, &c.client),
            Chain::Verified {
                depth: 1,
                to_root: true
            },
            "{digest}"
        );
    }
}

/// A DER length: short form, or long form with `long` forced.
fn der_len(n: usize, long: bool) -> Vec<u8> {
    if n < 0x80 && !long {
        vec![n as u8]
    } else {
        assert!(n < 0x100);
        vec![0x81, n as u8]
    }
}

/// SEQUENCE { INTEGER r, INTEGER s } with the chosen encoding slips.
fn ecdsa_der(r: &[u8], s: &[u8], long_seq: bool, long_int: bool, pad_r: usize) -> Vec<u8> {
    let mut r_int = vec![0u8; pad_r];
    r_int.extend_from_slice(r);
    let mut body = vec![0x02];
    body.extend(der_len(r_int.len(), long_int));
    body.extend(&r_int);
    body.push(0x02);
    body.extend(der_len(s.len(), false));
    body.extend(s);
    let mut out = vec![0x30];
    out.extend(der_len(body.len(), long_seq));
    out.extend(body);
    out
}

/// r and s of a DER ECDSA signature, as their INTEGER contents.
fn r_and_s(sig: &[u8]) -> (Vec<u8>, Vec<u8>) {
    use certcheck_core::testing::der::Reader;
    let seq = Reader::new(sig).read().unwrap();
    let mut r = seq.children().unwrap();
    let a = r.read().unwrap().content.to_vec();
    let b = r.read().unwrap().content.to_vec();
    (a, b)
}

#[test]
fn ecdsa_signatures_in_non_canonical_der_are_refused() {
    use certcheck_core::testing::verify;
    if !certcheck_testkit::openssl::available("signatures") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("msg"), b"certcheck").unwrap();
    for (curve, digest, oid) in [
        ("P-256", "sha256", "1.2.840.10045.4.3.2"),
        ("P-384", "sha384", "1.2.840.10045.4.3.3"),
        ("P-521", "sha512", "1.2.840.10045.4.3.4"),
    ] {
        run(
            d,
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                &format!("ec_paramgen_curve:{curve}"),
                "-out",
                "k.pem",
            ],
        );
        run(
            d,
            &[
                "pkey", "-in", "k.pem", "-pubout", "-outform", "DER", "-out", "pub.der",
            ],
        );
        run(
            d,
            &[
                "dgst",
                &format!("-{digest}"),
                "-sign",
                "k.pem",
                "-out",
                "sig",
                "msg",
            ],
        );
        let spki = std::fs::read(d.join("pub.der")).unwrap();
        let sig = std::fs::read(d.join("sig")).unwrap();
        let (r, s) = r_and_s(&sig);
        assert_eq!(verify(&spki, oid, b"certcheck", &sig), Ok(true), "{curve}");
        assert_eq!(
            verify(
                &spki,
                oid,
                b"certcheck",
                &ecdsa_der(&r, &s, false, false, 0)
            ),
            Ok(true),
            "{curve}: our re-encoding is canonical"
        );
        let slips = [
            (
                "long-form SEQUENCE length",
                ecdsa_der(&r, &s, true, false, 0),
            ),
            (
                "long-form INTEGER length",
                ecdsa_der(&r, &s, false, true, 0),
            ),
            ("zero prepended to r", ecdsa_der(&r, &s, false, false, 1)),
            (
                "two zeros prepended to r",
                ecdsa_der(&r, &s, false, false, 2),
            ),
            (
                "a byte after the signature",
                [sig.clone(), vec![0]].concat(),
            ),
        ];
        for (what, bad) in slips {
            // Long-form lengths are canonical from 128 bytes of content (P-521).
            if bad.len() > 2 && bad[1] == 0x81 && bad[2] >= 0x80 && what.contains("SEQUENCE") {
                continue;
            }
            assert_eq!(
                verify(&spki, oid, b"certcheck", &bad),
                Ok(false),
                "{curve}: {what}"
            );
        }
    }
}
