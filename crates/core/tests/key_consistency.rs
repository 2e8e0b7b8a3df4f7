//! Damaged key material in a file without a MAC: the key's own components
//! must give it away (found by the producers' tamper tests).

use certcheck_core::check::{self, CheckOptions, Read};
use certcheck_core::testing::der::{self, Reader};
use certcheck_core::testing::pkcs12::{self, OpenOptions};
use certcheck_testkit::pkcs12::{self as write, Layout, Protect};

fn sample() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/current-aes.p12"
    ))
    .unwrap()
}

/// The offset of the EC private scalar inside a PKCS#8 PrivateKeyInfo.
fn scalar_offset(pkcs8: &[u8]) -> usize {
    let outer = Reader::new(pkcs8).read().unwrap();
    let mut r = outer.children().unwrap();
    r.read().unwrap();
    r.read().unwrap();
    let wrapped = r.read().unwrap();
    let ec = Reader::new(wrapped.content).read().unwrap();
    let mut er = ec.children().unwrap();
    er.read().unwrap();
    let scalar = er.read().unwrap();
    assert_eq!(scalar.tag, der::TAG_OCTET_STRING);
    scalar.content.as_ptr() as usize - pkcs8.as_ptr() as usize
}

fn check_bytes(bytes: Vec<u8>) -> Vec<&'static str> {
    let options = CheckOptions {
        at: certcheck_core::policy::parse_at("2026-12-01").unwrap(),
        open: OpenOptions::default(),
    };
    let len = bytes.len() as u64;
    check::check(
        "t.p12",
        Read::Bytes {
            data: &bytes,
            total_len: len,
        },
        Some("pw"),
        options,
    )
    .findings
    .iter()
    .map(|f| f.code.as_str())
    .collect()
}

#[test]
fn a_flipped_private_scalar_is_damage_even_without_a_mac() {
    let c = pkcs12::open(&sample(), Some("Kaigo-Sample-2026"), OpenOptions::default()).unwrap();
    let key = c.keys[0].0.to_vec();
    let certs: Vec<&[u8]> = c.certificates.iter().map(|(d, _)| d.as_slice()).collect();
    let plain = Layout {
        certificates: Protect::None,
        key: Protect::None,
        mac: None,
        iterations: 1,
    };
    let mut rng = |b: &mut [u8]| b.fill(7);

    let intact = write::write(&certs, Some(&key), Some("pw"), None, plain, &mut rng);
    let codes = check_bytes(intact);
    assert!(!codes.contains(&"p12.damaged") && !codes.contains(&"p12.malformed"));

    let mut broken = key.clone();
    broken[scalar_offset(&key) + 5] ^= 0x40;
    let damaged = write::write(&certs, Some(&broken), Some("pw"), None, plain, &mut rng);
    let codes = check_bytes(damaged);
    // Nothing protects this file, so nothing proves a password: damaged
    // without "the password is right".
    assert_eq!(codes[0], "p12.malformed", "{codes:?}");
}
