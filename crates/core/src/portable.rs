//! The signature and key checks without ring, for WebAssembly (ring needs a C
//! toolchain for the target). The arithmetic is num-bigint's, which core has
//! anyway (DSA, `ec`): RSA is one modular power, ECDSA runs on `ec`'s curves,
//! Ed25519 on `edwards`.
//! Public data only, so constant time does not matter. The limits copy ring's,
//! so both builds reach the same verdicts (the guide's checker is tested
//! against the CLI on every sample).

use num_bigint::BigUint;
use x509_parser::prelude::X509Certificate;

use crate::der::Reader;

const P256: &str = "1.2.840.10045.3.1.7";
const P384: &str = "1.3.132.0.34";

/// Same contract as the ring version in `x509`: Err names an algorithm we cannot check.
pub(crate) fn verify_signature(
    cert: &X509Certificate<'_>,
    issuer: &X509Certificate<'_>,
) -> Result<bool, String> {
    let oid = cert.signature_algorithm.algorithm.to_id_string();
    let issuer_key = issuer.public_key();
    let curve = issuer_key
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok())
        .map(|o| o.to_id_string());
    let key = issuer_key.subject_public_key.data.as_ref();
    let tbs = cert.tbs_certificate.as_ref();
    let signature = cert.signature_value.data.as_ref();
    // ring is handed P-256 for a P-256 key and P-384 for any other.
    let curve = if curve.as_deref() == Some(P256) {
        P256
    } else {
        P384
    };
    Ok(match oid.as_str() {
        "1.2.840.113549.1.1.5" => rsa_verify::<sha1::Sha1>(key, tbs, signature, 1024),
        "1.2.840.113549.1.1.11" => rsa_verify::<sha2::Sha256>(key, tbs, signature, 1024),
        "1.2.840.113549.1.1.12" => rsa_verify::<sha2::Sha384>(key, tbs, signature, 2048),
        "1.2.840.113549.1.1.13" => rsa_verify::<sha2::Sha512>(key, tbs, signature, 1024),
        "1.2.840.10045.4.3.2" => ec_verify::<sha2::Sha256>(curve, key, tbs, signature),
        "1.2.840.10045.4.3.3" => ec_verify::<sha2::Sha384>(curve, key, tbs, signature),
        "1.3.101.112" => crate::edwards::ed25519_verify(key, tbs, signature),
        other => return Err(other.to_string()),
    })
}

/// The DER DigestInfo before the hash in a PKCS#1 v1.5 signature (RFC 8017 9.2, note 1).
trait DigestInfo: sha2::Digest {
    const PREFIX: &'static [u8];
}

impl DigestInfo for sha1::Sha1 {
    const PREFIX: &'static [u8] = &[
        0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
    ];
}

macro_rules! sha2_info {
    ($hash:ty, $total:literal, $id:literal, $len:literal) => {
        impl DigestInfo for $hash {
            const PREFIX: &'static [u8] = &[
                0x30, $total, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
                0x02, $id, 0x05, 0x00, 0x04, $len,
            ];
        }
    };
}
sha2_info!(sha2::Sha256, 0x31, 0x01, 0x20);
sha2_info!(sha2::Sha384, 0x41, 0x02, 0x30);
sha2_info!(sha2::Sha512, 0x51, 0x03, 0x40);

/// PKCS#1 v1.5 with a modulus of `min_bits` to 8192 bits and an odd public
/// exponent from 3 to 2^33 - 1, as ring accepts.
fn rsa_verify<D: DigestInfo>(key: &[u8], msg: &[u8], signature: &[u8], min_bits: usize) -> bool {
    let Some((n, e)) = rsa_public(key) else {
        return false;
    };
    let k = n.len();
    let (n, e) = (BigUint::from_bytes_be(n), BigUint::from_bytes_be(e));
    let bits = n.bits() as usize;
    let e_ok = e.bit(0) && e >= BigUint::from(3u32) && e.bits() <= 33;
    if bits < min_bits || bits > 8192 || !e_ok || signature.len() != k {
        return false;
    }
    let s = BigUint::from_bytes_be(signature);
    if s >= n {
        return false;
    }
    let m = s.modpow(&e, &n).to_bytes_be();
    // EM = 00 01 FF..FF 00 DigestInfo hash, k bytes; m lacks the leading zero.
    let digest = D::digest(msg);
    let t = D::PREFIX.len() + digest.len();
    if k < t + 11 || m.len() != k - 1 {
        return false;
    }
    let pad = k - 3 - t;
    m[0] == 1
        && m[1..=pad].iter().all(|&b| b == 0xff)
        && m[pad + 1] == 0
        && &m[pad + 2..pad + 2 + D::PREFIX.len()] == D::PREFIX
        && m[pad + 2 + D::PREFIX.len()..] == digest[..]
}

/// ECDSA over `curve`; the digest is truncated to the curve's order by the standard rule.
fn ec_verify<D: sha2::Digest>(curve: &str, point: &[u8], msg: &[u8], signature: &[u8]) -> bool {
    crate::ec::ecdsa_verify(curve, point, &D::digest(msg), signature)
}

/// RSAPublicKey: n and e, without leading zeros.
fn rsa_public(bits: &[u8]) -> Option<(&[u8], &[u8])> {
    let seq = Reader::new(bits).read().ok()?;
    let mut r = seq.children().ok()?;
    let n = r.read().ok()?.uint_bytes().ok()?;
    let e = r.read().ok()?.uint_bytes().ok()?;
    Some((n, e))
}

/// Whether the uncompressed `point` is `scalar`'s public point on P-256 (or
/// P-384); the caller has checked their lengths and form (see `keycheck`).
pub(crate) fn ec_point_matches(p256: bool, scalar: &[u8], point: &[u8]) -> bool {
    let curve = if p256 { P256 } else { P384 };
    // ring refuses a scalar of 0 or ≥ n; public_point would compute d mod n
    // for the latter, so the range is checked first, as ring does.
    crate::ec::scalar_below_order(curve, scalar)
        && crate::ec::public_point(curve, scalar).is_some_and(|q| q == point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_info_prefixes_name_their_hash() {
        // The OID inside each prefix, and the length byte, match the hash.
        fn check<D: DigestInfo>(oid_tail: &[u8]) {
            let p = D::PREFIX;
            assert_eq!(
                usize::from(p[1]) + 2,
                p.len() + <D as sha2::Digest>::output_size()
            );
            assert_eq!(
                usize::from(p[p.len() - 1]),
                <D as sha2::Digest>::output_size()
            );
            assert!(p.windows(oid_tail.len()).any(|w| w == oid_tail));
        }
        check::<sha1::Sha1>(&[0x2b, 0x0e, 0x03, 0x02, 0x1a]);
        check::<sha2::Sha256>(&[0x65, 0x03, 0x04, 0x02, 0x01]);
        check::<sha2::Sha384>(&[0x65, 0x03, 0x04, 0x02, 0x02]);
        check::<sha2::Sha512>(&[0x65, 0x03, 0x04, 0x02, 0x03]);
    }
}
