//! Every key type a certificate can carry, made by openssl and packed with
//! `openssl pkcs12 -export`, through the real certcheck binary: a key and its
//! own certificate pair up (validity reported, never `p12.key_mismatch`); a
//! key with another key's certificate is a mismatch; a type certcheck cannot
//! compare gets `p12.key_not_compared` and still its validity. DSA covers
//! parameters inherited from the issuing CA (RFC 3279), as PKITS has them.

use crate::support;

use std::path::{Path, PathBuf};

use certcheck_testkit::openssl::run;
use support::certcheck;

/// 30-day certificates are in their renewal window already.
const VALIDITY: [&str; 2] = ["cert.valid", "cert.renewal_open"];

/// A key (genpkey arguments) and its self-signed certificate.
fn self_signed(dir: &Path, name: &str, genpkey: &[&str]) {
    let key = format!("{name}.key");
    let cert = format!("{name}.pem");
    run(dir, &[&["genpkey", "-out", &key][..], genpkey].concat());
    run(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            &key,
            "-out",
            &cert,
            "-days",
            "30",
            "-subj",
            &format!("/CN={name}"),
        ],
    );
}

fn pack(dir: &Path, name: &str, key: &str, certs: &[&str]) -> PathBuf {
    let out = format!("{name}.p12");
    let mut args = vec!["pkcs12", "-export", "-inkey", key, "-in", certs[0]];
    for c in &certs[1..] {
        args.extend(["-certfile", c]);
    }
    // -nomac -nocerts is not wanted: the default AES/SHA-256 protection.
    args.extend(["-passout", "pass:kt-pass", "-out", &out]);
    run(dir, &args);
    dir.join(out)
}

fn codes_of(file: &Path) -> (Vec<String>, serde_json::Value) {
    let r = certcheck(
        &[
            "check",
            file.to_str().unwrap(),
            "--format",
            "json",
            "--password-env",
            "KT_PW",
        ],
        &[("KT_PW", "kt-pass")],
        None,
    );
    (r.codes(), r.json())
}

fn assert_pairs(file: &Path, what: &str) {
    let (codes, j) = codes_of(file);
    assert!(
        !codes
            .iter()
            .any(|c| c == "p12.key_mismatch" || c == "p12.key_not_compared"),
        "{what}: {codes:?}"
    );
    assert!(
        codes.iter().any(|c| VALIDITY.contains(&c.as_str())),
        "{what}: {codes:?}"
    );
    assert_eq!(j["password"], "correct", "{what}");
    assert_eq!(j["certificates"][0]["has_private_key"], true, "{what}");
}

#[test]
fn every_key_type_pairs_with_its_certificate_and_not_with_another() {
    if !certcheck_testkit::openssl::available("key types") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let types: &[(&str, &[&str])] = &[
        (
            "rsa",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ),
        (
            "rsapss",
            &["-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"],
        ),
        (
            "p256",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ),
        (
            "p384",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
        (
            "p521",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
        ),
        (
            "k256",
            &[
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:secp256k1",
            ],
        ),
        (
            "p224",
            &[
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:secp224r1",
            ],
        ),
        (
            "bp256",
            &[
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:brainpoolP256r1",
            ],
        ),
        (
            "bp512",
            &[
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:brainpoolP512r1",
            ],
        ),
        ("ed25519", &["-algorithm", "ED25519"]),
        ("ed448", &["-algorithm", "ED448"]),
    ];
    for (name, args) in types {
        self_signed(dir, name, args);
        self_signed(dir, &format!("{name}-other"), args);
        let file = pack(dir, name, &format!("{name}.key"), &[&format!("{name}.pem")]);
        assert_pairs(&file, name);
    }
    // DSA: parameters made first, as a DSA key needs them.
    run(
        dir,
        &[
            "genpkey",
            "-genparam",
            "-algorithm",
            "DSA",
            "-pkeyopt",
            "dsa_paramgen_bits:2048",
            "-out",
            "dsa.param",
        ],
    );
    for name in ["dsa", "dsa-other"] {
        run(
            dir,
            &[
                "genpkey",
                "-paramfile",
                "dsa.param",
                "-out",
                &format!("{name}.key"),
            ],
        );
        run(
            dir,
            &[
                "req",
                "-x509",
                "-new",
                "-key",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.pem"),
                "-days",
                "30",
                "-subj",
                &format!("/CN={name}"),
            ],
        );
    }
    let file = pack(dir, "dsa", "dsa.key", &["dsa.pem"]);
    assert_pairs(&file, "dsa");

    // Each key with the other key's certificate: a mismatch, never "not compared".
    // openssl refuses to pack a key with a certificate it does not match, so
    // the key goes alone and the foreign certificate in as a CA-style extra.
    for name in types.iter().map(|t| t.0).chain(["dsa"]) {
        let out = format!("{name}-mixed.p12");
        run(
            dir,
            &[
                "pkcs12",
                "-export",
                "-nocerts",
                "-inkey",
                &format!("{name}.key"),
                "-certfile",
                &format!("{name}-other.pem"),
                "-passout",
                "pass:kt-pass",
                "-out",
                &out,
            ],
        );
        let (codes, _) = codes_of(&dir.join(&out));
        assert!(
            codes.iter().any(|c| c == "p12.key_mismatch"),
            "{name} mixed: {codes:?}"
        );
        assert!(
            !codes.iter().any(|c| c == "p12.key_not_compared"),
            "{name} mixed: {codes:?}"
        );
    }
}

#[test]
fn dsa_parameters_inherited_from_the_ca_in_the_file() {
    if !certcheck_testkit::openssl::available("key types") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    run(
        dir,
        &[
            "genpkey",
            "-genparam",
            "-algorithm",
            "DSA",
            "-pkeyopt",
            "dsa_paramgen_bits:2048",
            "-out",
            "p",
        ],
    );
    run(dir, &["genpkey", "-paramfile", "p", "-out", "ca.key"]);
    run(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "30",
            "-subj",
            "/CN=DSA CA",
        ],
    );
    run(dir, &["genpkey", "-paramfile", "p", "-out", "ee.key"]);
    run(
        dir,
        &[
            "req",
            "-new",
            "-key",
            "ee.key",
            "-out",
            "ee.csr",
            "-subj",
            "/CN=DSA EE",
        ],
    );
    run(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "ee.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            "2",
            "-days",
            "30",
            "-out",
            "ee.pem",
        ],
    );
    let ee = std::fs::read_to_string(dir.join("ee.pem")).unwrap();
    let der = pem_body(&ee);
    // Strip the DSA parameters from the EE certificate's SPKI, as RFC 3279 allows
    // (the signature no longer verifies; the pairing is what is tested).
    let stripped = strip_dsa_params(&der).expect("an EE certificate with DSA parameters");
    // And the key without parameters (PKITS' keys have none either).
    run(
        dir,
        &[
            "pkcs8", "-topk8", "-nocrypt", "-in", "ee.key", "-outform", "DER", "-out", "ee.p8",
        ],
    );
    let p8 = std::fs::read(dir.join("ee.p8")).unwrap();
    std::fs::write(dir.join("ee-noparam.p8"), strip_pkcs8_params(&p8)).unwrap();
    // The key in a key bag of its own: openssl cannot load a parameterless DSA key.
    let key_der = std::fs::read(dir.join("ee-noparam.p8")).unwrap();
    let certs: Vec<Vec<u8>> = vec![
        stripped,
        pem_body(&std::fs::read_to_string(dir.join("ca.pem")).unwrap()),
    ];
    let refs: Vec<&[u8]> = certs.iter().map(Vec::as_slice).collect();
    let file = dir.join("inherit.p12");
    let mut seed = 7u8;
    let bytes = certcheck_testkit::pkcs12::write(
        &refs,
        Some(&key_der),
        Some("kt-pass"),
        None,
        certcheck_testkit::pkcs12::Layout::AES256,
        &mut |b: &mut [u8]| {
            for x in b {
                seed = seed.wrapping_mul(31).wrapping_add(11);
                *x = seed;
            }
        },
    );
    std::fs::write(&file, bytes).unwrap();
    let (codes, j) = codes_of(&file);
    assert!(!codes.iter().any(|c| c == "p12.key_mismatch"), "{codes:?}");
    assert!(
        codes.iter().any(|c| VALIDITY.contains(&c.as_str())),
        "{codes:?}"
    );
    assert_eq!(j["certificates"][0]["has_private_key"], true);
    assert_eq!(j["certificates"][0]["subject"], "CN=DSA EE");

    // Without the CA in the file there is nothing to compare with: said so, never a mismatch.
    let alone = certcheck_testkit::pkcs12::write(
        &refs[..1],
        Some(&key_der),
        Some("kt-pass"),
        None,
        certcheck_testkit::pkcs12::Layout::AES256,
        &mut |b: &mut [u8]| b.fill(3),
    );
    std::fs::write(dir.join("alone.p12"), alone).unwrap();
    let (codes, _) = codes_of(&dir.join("alone.p12"));
    assert!(
        codes.iter().any(|c| c == "p12.key_not_compared"),
        "{codes:?}"
    );
    assert!(!codes.iter().any(|c| c == "p12.key_mismatch"), "{codes:?}");
    assert!(
        codes.iter().any(|c| VALIDITY.contains(&c.as_str())),
        "{codes:?}"
    );
}

#[test]
fn a_key_type_that_cannot_be_compared_still_gets_its_validity() {
    if !certcheck_testkit::openssl::available("key types") {
        return;
    }
    // An X25519 key in a certificate issued by an RSA CA (openssl -force_pubkey).
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    self_signed(dir, "ca", &["-algorithm", "RSA"]);
    run(dir, &["genpkey", "-algorithm", "X25519", "-out", "x.key"]);
    run(dir, &["pkey", "-in", "x.key", "-pubout", "-out", "x.pub"]);
    run(
        dir,
        &[
            "req",
            "-new",
            "-key",
            "ca.key",
            "-out",
            "x.csr",
            "-subj",
            "/CN=X25519 holder",
        ],
    );
    run(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "x.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-force_pubkey",
            "x.pub",
            "-set_serial",
            "5",
            "-days",
            "30",
            "-out",
            "x.pem",
        ],
    );
    let file = pack(dir, "x25519", "x.key", &["x.pem", "ca.pem"]);
    let (codes, j) = codes_of(&file);
    assert!(
        codes.iter().any(|c| c == "p12.key_not_compared"),
        "{codes:?}"
    );
    assert!(!codes.iter().any(|c| c == "p12.key_mismatch"), "{codes:?}");
    assert!(
        codes.iter().any(|c| VALIDITY.contains(&c.as_str())),
        "{codes:?}"
    );
    assert_eq!(j["certificates"][0]["subject"], "CN=X25519 holder");
    assert_eq!(j["certificates"][0]["has_private_key"], true);
}

fn pem_body(pem: &str) -> Vec<u8> {
    let b64: String = pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    support::decode_base64(&b64).expect("PEM Base64")
}

/// (header length, content length) of the element at `d`.
fn header(d: &[u8]) -> (usize, usize) {
    if d[1] < 0x80 {
        (2, d[1] as usize)
    } else {
        let k = (d[1] & 0x7f) as usize;
        (
            2 + k,
            d[2..2 + k].iter().fold(0, |a, &b| (a << 8) | b as usize),
        )
    }
}

/// Replaces `old` (a sub-slice of `whole` at `at`) with `new`, re-lengthing
/// the enclosing elements given as their start offsets, outermost first.
fn splice(whole: &[u8], parents: &[usize], at: usize, old_len: usize, new: &[u8]) -> Vec<u8> {
    let mut out = [&whole[..at], new, &whole[at + old_len..]].concat();
    let mut delta = new.len() as isize - old_len as isize;
    for &p in parents.iter().rev() {
        let (h, l) = header(&out[p..]);
        let nh = [
            vec![out[p]],
            certcheck_testkit::der::length((l as isize + delta) as usize),
        ]
        .concat();
        // A shorter length field shrinks every enclosing element further.
        delta += nh.len() as isize - h as isize;
        out = [&out[..p], &nh[..], &out[p + h..]].concat();
    }
    out
}

/// The certificate with its SPKI's DSA parameters removed.
fn strip_dsa_params(cert: &[u8]) -> Option<Vec<u8>> {
    // Certificate > tbsCertificate > [version, serial, sigAlg, issuer, validity, subject, spki]
    let (h0, _) = header(cert);
    let tbs = h0;
    let (h1, _) = header(&cert[tbs..]);
    let mut p = tbs + h1;
    // version [0] is absent from a v1 certificate.
    let fields = if cert[p] == 0xa0 { 6 } else { 5 };
    for _ in 0..fields {
        let (h, l) = header(&cert[p..]);
        p += h + l;
    }
    let spki = p;
    let (hs, _) = header(&cert[spki..]);
    let alg = spki + hs;
    let (ha, la) = header(&cert[alg..]);
    let oid = alg + ha;
    let (ho, lo) = header(&cert[oid..]);
    let params = oid + ho + lo;
    if params >= alg + ha + la {
        return None;
    }
    let params_len = alg + ha + la - params;
    Some(splice(cert, &[0, tbs, spki, alg], params, params_len, &[]))
}

/// The PKCS#8 key with its AlgorithmIdentifier's parameters removed.
fn strip_pkcs8_params(p8: &[u8]) -> Vec<u8> {
    let (h0, _) = header(p8);
    let (hv, lv) = header(&p8[h0..]);
    let alg = h0 + hv + lv;
    let (ha, la) = header(&p8[alg..]);
    let oid = alg + ha;
    let (ho, lo) = header(&p8[oid..]);
    let params = oid + ho + lo;
    splice(p8, &[0, alg], params, alg + ha + la - params, &[])
}

#[test]
fn ec_keys_stored_without_their_public_point_are_derived_on_every_curve() {
    if !certcheck_testkit::openssl::available("key types") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let curves = [
        "prime192v1",
        "secp224r1",
        "prime256v1",
        "secp384r1",
        "secp521r1",
        "secp192k1",
        "secp224k1",
        "secp256k1",
        "brainpoolP256r1",
        "brainpoolP384r1",
        "brainpoolP512r1",
    ];
    for c in curves {
        for name in [c.to_string(), format!("{c}-other")] {
            self_signed(
                dir,
                &name,
                &[
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    &format!("ec_paramgen_curve:{c}"),
                ],
            );
            run(
                dir,
                &[
                    "ec",
                    "-in",
                    &format!("{name}.key"),
                    "-no_public",
                    "-out",
                    &format!("{name}.np"),
                ],
            );
            run(
                dir,
                &[
                    "pkcs8",
                    "-topk8",
                    "-nocrypt",
                    "-in",
                    &format!("{name}.np"),
                    "-outform",
                    "DER",
                    "-out",
                    &format!("{name}.p8"),
                ],
            );
        }
        let key = std::fs::read(dir.join(format!("{c}.p8"))).unwrap();
        let full = {
            run(
                dir,
                &[
                    "pkcs8",
                    "-topk8",
                    "-nocrypt",
                    "-in",
                    &format!("{c}.key"),
                    "-outform",
                    "DER",
                    "-out",
                    "full.p8",
                ],
            );
            std::fs::read(dir.join("full.p8")).unwrap()
        };
        assert!(
            key.len() < full.len(),
            "{c}: the public point was not removed"
        );
        for (cert, pairs) in [(c.to_string(), true), (format!("{c}-other"), false)] {
            let der = pem_body(&std::fs::read_to_string(dir.join(format!("{cert}.pem"))).unwrap());
            let bytes = certcheck_testkit::pkcs12::write(
                &[&der],
                Some(&key),
                Some("kt-pass"),
                None,
                certcheck_testkit::pkcs12::Layout::AES256,
                &mut |b: &mut [u8]| b.fill(9),
            );
            let file = dir.join("np.p12");
            std::fs::write(&file, bytes).unwrap();
            let (codes, _) = codes_of(&file);
            assert!(
                !codes.iter().any(|c| c == "p12.key_not_compared"),
                "{c}: {codes:?}"
            );
            assert_eq!(
                codes.iter().any(|c| c == "p12.key_mismatch"),
                !pairs,
                "{c} with {cert}: {codes:?}"
            );
        }
    }
}
