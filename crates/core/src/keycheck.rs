//! Whether a PKCS#8 private key's parts agree with each other (RSA: n = p·q
//! and the CRT values; EC: the public point is the private scalar's), the same
//! way in both builds. Our reader checks the key's form; only the curve
//! arithmetic differs (ring natively, num-bigint in WebAssembly). None where
//! no verdict is given: RSA outside 2048–4096 bits (ring's range), other
//! algorithms and curves, no uncompressed public point, a scalar of the wrong
//! length.

use num_bigint::BigUint;

use crate::der::{self, Reader};

const P256: &str = "1.2.840.10045.3.1.7";
const P384: &str = "1.3.132.0.34";

pub(crate) fn key_consistent(pkcs8: &[u8]) -> Option<bool> {
    let seq = Reader::new(pkcs8).read().ok()?;
    let mut r = seq.children().ok()?;
    let version = r.read().ok()?.uint().ok()?;
    let alg = r.read().ok()?;
    let mut ar = alg.children().ok()?;
    let oid = der::oid_to_string(ar.read().ok()?.content);
    let curve = ar.read().ok().map(|t| der::oid_to_string(t.content));
    let private = r.read().ok()?.octets().ok()?;
    match (oid.as_str(), curve.as_deref()) {
        ("1.2.840.113549.1.1.1", _) => rsa_consistent(&private),
        // ring reads PKCS#8 v1 EC keys only.
        ("1.2.840.10045.2.1", Some(c @ (P256 | P384))) if version == 0 => {
            ec_consistent(c == P256, &private, pkcs8)
        }
        _ => None,
    }
}

/// RSAPrivateKey: n = p·q and the CRT values belong to e, p and q.
fn rsa_consistent(der_key: &[u8]) -> Option<bool> {
    let seq = Reader::new(der_key).read().ok()?;
    let mut r = seq.children().ok()?;
    r.read().ok()?; // version
    let mut next =
        || -> Option<BigUint> { Some(BigUint::from_bytes_be(r.read().ok()?.uint_bytes().ok()?)) };
    let (n, e, _d, p, q, dp, dq, qinv) = (
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
    );
    if n.bits() < 2048 || n.bits() > 4096 {
        return None;
    }
    let one = BigUint::from(1u8);
    if p <= one || q <= one {
        return Some(false);
    }
    let (p1, q1) = (&p - &one, &q - &one);
    Some(
        &p * &q == n
            && (&e * &dp) % &p1 == one
            && (&e * &dq) % &q1 == one
            && (&qinv * &q) % &p == one,
    )
}

/// ECPrivateKey: the public point is the private scalar's.
fn ec_consistent(p256: bool, der_key: &[u8], pkcs8: &[u8]) -> Option<bool> {
    let seq = Reader::new(der_key).read().ok()?;
    let mut r = seq.children().ok()?;
    r.read().ok()?; // version
    let scalar = r.read().ok()?.content;
    let mut point = None;
    while !r.is_empty() {
        let t = r.read().ok()?;
        if t.tag == 0xa1 {
            let bits = t.children().ok()?.read().ok()?;
            point = bits.content.get(1..);
        }
    }
    let point = point.filter(|p| p.first() == Some(&0x04))?;
    if scalar.len() != if p256 { 32 } else { 48 } {
        return None;
    }
    Some(point_matches(p256, scalar, point, pkcs8))
}

/// The form was checked above, so ring refusing the key means its scalar
/// is out of range or its public point is not the scalar's: no error text
/// needs reading.
#[cfg(feature = "native")]
fn point_matches(p256: bool, _scalar: &[u8], _point: &[u8], pkcs8: &[u8]) -> bool {
    use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, ECDSA_P384_SHA384_ASN1_SIGNING};
    let alg = if p256 {
        &ECDSA_P256_SHA256_ASN1_SIGNING
    } else {
        &ECDSA_P384_SHA384_ASN1_SIGNING
    };
    ring::signature::EcdsaKeyPair::from_pkcs8(alg, pkcs8, &ring::rand::SystemRandom::new()).is_ok()
}

#[cfg(not(feature = "native"))]
fn point_matches(p256: bool, scalar: &[u8], point: &[u8], _pkcs8: &[u8]) -> bool {
    crate::portable::ec_point_matches(p256, scalar, point)
}
