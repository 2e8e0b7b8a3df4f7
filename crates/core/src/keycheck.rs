//! Whether a PKCS#8 private key's parts agree with each other (RSA: n = p·q
//! and the CRT values; EC: the public point is the private scalar's), the same
//! way in every build: our reader checks the key's form, `ec` the point. None where
//! no verdict is given: RSA outside 2048–4096 bits, other
//! algorithms and curves, no uncompressed public point, a scalar of the wrong
//! length.

use num_bigint::BigUint;

use crate::der::{self, Reader};
use crate::oids::{self, P256, P384};

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
        (oids::RSA, _) => rsa_consistent(&private),
        // PKCS#8 v1 EC keys on the curves `ec` knows the order of (what ring
        // checked before; the scope was kept).
        (oids::EC, Some(c @ (P256 | P384))) if version == 0 => ec_consistent(c == P256, &private),
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
fn ec_consistent(p256: bool, der_key: &[u8]) -> Option<bool> {
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
    Some(point_matches(p256, scalar, point))
}

/// Whether the uncompressed `point` is `scalar`'s public point: the scalar
/// in range (0 < d < n, as key parsers require; `ec` refuses others) and
/// d·G, the same function that derives a missing point in `keypair`.
fn point_matches(p256: bool, scalar: &[u8], point: &[u8]) -> bool {
    let curve = if p256 { P256 } else { P384 };
    crate::ec::public_point(curve, scalar).is_some_and(|q| q == point)
}
