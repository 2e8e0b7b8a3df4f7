//! The signature and key checks without ring, for WebAssembly (ring needs a C
//! toolchain for the target). RustCrypto's rsa/p256/p384 do the arithmetic; the
//! limits copy ring's, so both builds reach the same verdicts.

use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use rsa::BigUint;
use rsa::traits::PublicKeyParts as _;
use x509_parser::prelude::X509Certificate;

use crate::der::Reader;

const P256: &str = "1.2.840.10045.3.1.7";

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
    let p256 = curve.as_deref() == Some(P256);
    Ok(match oid.as_str() {
        "1.2.840.113549.1.1.5" => rsa_verify::<sha1::Sha1>(key, tbs, signature, 1024),
        "1.2.840.113549.1.1.11" => rsa_verify::<sha2::Sha256>(key, tbs, signature, 1024),
        "1.2.840.113549.1.1.12" => rsa_verify::<sha2::Sha384>(key, tbs, signature, 2048),
        "1.2.840.113549.1.1.13" => rsa_verify::<sha2::Sha512>(key, tbs, signature, 1024),
        "1.2.840.10045.4.3.2" => ec_verify::<sha2::Sha256>(p256, key, tbs, signature),
        "1.2.840.10045.4.3.3" => ec_verify::<sha2::Sha384>(p256, key, tbs, signature),
        other => return Err(other.to_string()),
    })
}

/// PKCS#1 v1.5 with a modulus of `min_bits` to 8192 bits, as ring accepts.
fn rsa_verify<D>(key: &[u8], msg: &[u8], signature: &[u8], min_bits: usize) -> bool
where
    D: sha2::Digest + rsa::pkcs8::AssociatedOid,
{
    let Some((n, e)) = rsa_public(key) else {
        return false;
    };
    let n = BigUint::from_bytes_be(n);
    if n.bits() < min_bits || n.bits() > 8192 {
        return false;
    }
    let Ok(public) = rsa::RsaPublicKey::new_with_max_size(n, BigUint::from_bytes_be(e), 8192)
    else {
        return false;
    };
    if signature.len() != public.size() {
        return false;
    }
    let digest = D::digest(msg);
    public
        .verify(rsa::Pkcs1v15Sign::new::<D>(), &digest, signature)
        .is_ok()
}

/// ECDSA over P-256 or (any other curve, as ring assumes) P-384; the digest is
/// truncated or padded to the curve's size by the standard rule.
fn ec_verify<D: sha2::Digest>(p256: bool, point: &[u8], msg: &[u8], signature: &[u8]) -> bool {
    use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
    if point.first() != Some(&0x04) {
        return false;
    }
    let digest = D::digest(msg);
    if p256 {
        let (Ok(key), Ok(sig)) = (
            p256::ecdsa::VerifyingKey::from_sec1_bytes(point),
            p256::ecdsa::Signature::from_der(signature),
        ) else {
            return false;
        };
        key.verify_prehash(&digest, &sig).is_ok()
    } else {
        let (Ok(key), Ok(sig)) = (
            p384::ecdsa::VerifyingKey::from_sec1_bytes(point),
            p384::ecdsa::Signature::from_der(signature),
        ) else {
            return false;
        };
        key.verify_prehash(&digest, &sig).is_ok()
    }
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
    if p256 {
        p256::SecretKey::from_slice(scalar)
            .is_ok_and(|secret| secret.public_key().to_encoded_point(false).as_bytes() == point)
    } else {
        p384::SecretKey::from_slice(scalar)
            .is_ok_and(|secret| secret.public_key().to_encoded_point(false).as_bytes() == point)
    }
}
