//! The structure walk's bounds, at their edges: AuthenticatedSafe parts,
//! SafeBags and nested SafeContents. Each limit admits the largest allowed
//! count and refuses one more (with an error, never a panic).

use certcheck_core::testing::pkcs12::structure::{
    MAX_BAGS, MAX_PARTS, OID_CERT_BAG, OID_DATA, OID_SAFE_CONTENTS_BAG, OID_X509_CERT,
};
use certcheck_core::testing::pkcs12::{self, OpenError, OpenOptions};
use certcheck_testkit::der::{seq, tlv};

fn cert_bag() -> Vec<u8> {
    let cert = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/ca.cer")).unwrap();
    let value = seq(&[&tlv(0x06, OID_X509_CERT), &tlv(0xa0, &tlv(0x04, &cert))]);
    seq(&[&tlv(0x06, OID_CERT_BAG), &tlv(0xa0, &value)])
}

fn data_part(safe_contents: &[u8]) -> Vec<u8> {
    seq(&[&tlv(0x06, OID_DATA), &tlv(0xa0, &tlv(0x04, safe_contents))])
}

/// A PFX without MAC or encryption whose AuthenticatedSafe holds `parts`.
fn pfx(parts: &[Vec<u8>]) -> Vec<u8> {
    let auth_safe = tlv(0x30, &parts.concat());
    seq(&[&tlv(0x02, &[3]), &data_part(&auth_safe)])
}

fn open(bytes: &[u8]) -> Result<pkcs12::Contents, OpenError> {
    pkcs12::open(bytes, None, OpenOptions::default())
}

#[test]
fn parts() {
    let part = data_part(&seq(&[&cert_bag()]));
    let ok = open(&pfx(&vec![part.clone(); MAX_PARTS])).expect("the most parts allowed");
    assert_eq!(ok.certificates.len(), MAX_PARTS);
    match open(&pfx(&vec![part; MAX_PARTS + 1])) {
        Err(OpenError::TooComplex { why }) => assert!(why.contains("more than"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bags() {
    let bags = |n: usize| pfx(&[data_part(&tlv(0x30, &cert_bag().repeat(n)))]);
    let ok = open(&bags(MAX_BAGS)).expect("the most bags allowed");
    assert_eq!(ok.certificates.len(), MAX_BAGS);
    assert!(matches!(
        open(&bags(MAX_BAGS + 1)),
        Err(OpenError::TooComplex { .. })
    ));
    // Spread over parts, the count is still of the whole file.
    let half = data_part(&tlv(0x30, &cert_bag().repeat(MAX_BAGS / 2 + 1)));
    assert!(open(&pfx(&[half.clone(), half])).is_err());
}

#[test]
fn nested_safe_contents() {
    // A SafeContents holding a safeContentsBag holding ... `depth` levels down, one certificate.
    let nested = |depth: usize| {
        let mut sc = seq(&[&cert_bag()]);
        for _ in 0..depth {
            sc = seq(&[&seq(&[&tlv(0x06, OID_SAFE_CONTENTS_BAG), &tlv(0xa0, &sc)])]);
        }
        pfx(&[data_part(&sc)])
    };
    for depth in [0, 1, 5] {
        let ok = open(&nested(depth)).unwrap_or_else(|e| panic!("depth {depth}: {e:?}"));
        assert_eq!(ok.certificates.len(), 1);
    }
    for depth in [20, 1_000] {
        assert!(
            matches!(open(&nested(depth)), Err(OpenError::TooComplex { .. })),
            "depth {depth}"
        );
    }
}
