//! Signature verification: one implementation for every build (the CLI and
//! the guide's WebAssembly checker), on RustCrypto's crates, which are pure
//! Rust and so build for WebAssembly without a C toolchain: `rsa` (PKCS#1
//! v1.5), `p256`/`p384`/`p521` and `bp256`/`bp384` (ECDSA, DER signatures),
//! `ed25519-dalek` and `ed448-goldilocks` (EdDSA). Wycheproof's vectors run
//! through [`verify`] in `tests/wycheproof_vectors.rs`.
//!
//! Three answers, never two: valid, invalid, or not checked. A key or
//! algorithm outside what is checked here (a curve without a crate, RSA-PSS,
//! an RSA key below 1,024 bits) is [`NotChecked`], never "invalid".

use sha2::Digest;

use crate::der::{self, Reader};
use crate::keypair::{PublicKeyInfo, parse_spki};
use crate::oids;

/// Why a signature was not checked: the algorithm or key, named for the report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not checked: {0}")]
pub struct NotChecked(pub String);

/// RSA moduli checked: from the old 1,024-bit CA roots still seen in test
/// PKIs up to 8,192 bits (larger ones cost seconds in WebAssembly).
const RSA_BITS: std::ops::RangeInclusive<usize> = 1024..=8192;

/// The hashes of the signature algorithms below.
#[derive(Debug, Clone, Copy)]
enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn digest(self, msg: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => sha1::Sha1::digest(msg).to_vec(),
            Hash::Sha224 => sha2::Sha224::digest(msg).to_vec(),
            Hash::Sha256 => sha2::Sha256::digest(msg).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(msg).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(msg).to_vec(),
        }
    }

    /// The DER DigestInfo before the hash in a PKCS#1 v1.5 signature (RFC 8017
    /// 9.2, note 1): the AlgorithmIdentifier with NULL parameters.
    fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            Hash::Sha1 => &[
                0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
                0x14,
            ],
            Hash::Sha224 => &[
                0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x04, 0x05, 0x00, 0x04, 0x1c,
            ],
            Hash::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Hash::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Hash::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }
}

/// The signature algorithms checked, by their X.509 OID.
enum Algorithm {
    RsaPkcs1(Hash),
    Ecdsa(Hash),
    Ed25519,
    Ed448,
}

fn algorithm(oid: &str) -> Option<Algorithm> {
    use Algorithm::*;
    Some(match oid {
        "1.2.840.113549.1.1.5" => RsaPkcs1(Hash::Sha1),
        "1.2.840.113549.1.1.14" => RsaPkcs1(Hash::Sha224),
        "1.2.840.113549.1.1.11" => RsaPkcs1(Hash::Sha256),
        "1.2.840.113549.1.1.12" => RsaPkcs1(Hash::Sha384),
        "1.2.840.113549.1.1.13" => RsaPkcs1(Hash::Sha512),
        "1.2.840.10045.4.3.1" => Ecdsa(Hash::Sha224),
        "1.2.840.10045.4.3.2" => Ecdsa(Hash::Sha256),
        "1.2.840.10045.4.3.3" => Ecdsa(Hash::Sha384),
        "1.2.840.10045.4.3.4" => Ecdsa(Hash::Sha512),
        oids::ED25519 => Ed25519,
        oids::ED448 => Ed448,
        _ => return None,
    })
}

/// Verifies `signature` over `message` with the public key `spki` (a DER
/// SubjectPublicKeyInfo) under the X.509 signature algorithm `algorithm_oid`.
/// `Ok(false)` when the signature does not verify or the key cannot have made
/// it (another key type, a malformed key).
pub fn verify(
    spki: &[u8],
    algorithm_oid: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, NotChecked> {
    let Some(alg) = algorithm(algorithm_oid) else {
        return Err(NotChecked(algorithm_oid.to_string()));
    };
    let Some(key) = parse_spki(spki) else {
        return Ok(false);
    };
    match alg {
        Algorithm::RsaPkcs1(hash) if key.oid == oids::RSA => {
            rsa_pkcs1(&key, hash, message, signature)
        }
        Algorithm::Ecdsa(hash) if key.oid == oids::EC => ecdsa(&key, hash, message, signature),
        Algorithm::Ed25519 if key.oid == oids::ED25519 => Ok(ed25519(key.key, message, signature)),
        Algorithm::Ed448 if key.oid == oids::ED448 => Ok(ed448(key.key, message, signature)),
        _ => Ok(false),
    }
}

fn rsa_pkcs1(
    key: &PublicKeyInfo<'_>,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, NotChecked> {
    use rsa::{BoxedUint, PublicKey, pkcs1v15::Pkcs1v15Sign};
    let Some((n, e)) = rsa_public(key.key) else {
        return Ok(false);
    };
    let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
    if !RSA_BITS.contains(&bits) {
        return Err(NotChecked(format!("RSA ({bits} bit)")));
    }
    let Ok(public) = PublicKey::new_with_size_limits(
        BoxedUint::from_be_slice_vartime(n),
        BoxedUint::from_be_slice_vartime(e),
        RSA_BITS,
    ) else {
        return Ok(false);
    };
    let digest = hash.digest(message);
    // The prefix is ours (the rsa crate derives it from digest 0.11's OIDs;
    // core hashes with sha2 0.10, as its KDFs do).
    let scheme = Pkcs1v15Sign {
        hash_len: Some(digest.len()),
        prefix: hash.digest_info_prefix().into(),
    };
    Ok(public.verify(scheme, &digest, signature).is_ok())
}

/// RSAPublicKey: n and e, without leading zeros.
fn rsa_public(bits: &[u8]) -> Option<(&[u8], &[u8])> {
    let seq = Reader::new(bits).read().ok()?;
    let mut r = seq.children().ok()?;
    let n = r.read().ok()?.uint_bytes().ok()?;
    let e = r.read().ok()?.uint_bytes().ok()?;
    r.is_empty().then_some((n, e))
}

/// ECDSA with a DER signature on one crate's curve: the point is SEC 1
/// (compressed or not); the crate refuses non-canonical DER, r or s out of
/// range and points off the curve. A macro, not a generic function: the trait
/// bounds `ecdsa` needs for DER signatures would outweigh the body.
macro_rules! ecdsa_on {
    ($curve:ty, $point:expr, $prehash:expr, $signature:expr) => {{
        use ecdsa::signature::hazmat::PrehashVerifier;
        match (
            ecdsa::VerifyingKey::<$curve>::from_sec1_bytes($point),
            ecdsa::der::Signature::<$curve>::from_bytes($signature),
        ) {
            (Ok(key), Ok(sig)) => key.verify_prehash($prehash, &sig).is_ok(),
            _ => false,
        }
    }};
}

fn ecdsa(
    key: &PublicKeyInfo<'_>,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, NotChecked> {
    let Some(curve) = key
        .params
        .as_ref()
        .filter(|p| p.tag == der::TAG_OID)
        .map(|p| der::oid_to_string(p.content))
    else {
        return Err(NotChecked("ECDSA (explicit curve parameters)".into()));
    };
    let prehash = hash.digest(message);
    let (point, prehash) = (key.key, prehash.as_slice());
    Ok(match curve.as_str() {
        oids::P256 => ecdsa_on!(p256::NistP256, point, prehash, signature),
        oids::P384 => ecdsa_on!(p384::NistP384, point, prehash, signature),
        oids::P521 => ecdsa_on!(p521::NistP521, point, prehash, signature),
        oids::BRAINPOOL_P256R1 => ecdsa_on!(bp256::r1::BrainpoolP256r1, point, prehash, signature),
        oids::BRAINPOOL_P384R1 => {
            ecdsa_on!(bp384::r1::BrainpoolP384r1, point, prehash, signature)
        }
        other => return Err(NotChecked(format!("ECDSA ({})", crate::ec::name(other)))),
    })
}

fn ed25519(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
    use ed25519_dalek::{Signature, VerifyingKey};
    let (Ok(public), Ok(signature)) = (
        <&[u8; 32]>::try_from(public),
        Signature::from_slice(signature),
    ) else {
        return false;
    };
    VerifyingKey::from_bytes(public).is_ok_and(|k| k.verify_strict(message, &signature).is_ok())
}

fn ed448(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
    use ed448_goldilocks::{Signature, VerifyingKey};
    let (Ok(public), Ok(signature)) = (
        <&[u8; 57]>::try_from(public),
        Signature::from_slice(signature),
    ) else {
        return false;
    };
    ed448_point_canonical(public)
        && ed448_point_canonical(signature.r_bytes())
        && VerifyingKey::from_bytes(public).is_ok_and(|k| k.verify_raw(&signature, message).is_ok())
}

/// RFC 8032 5.2.3: an encoded point is y (455 bits, little-endian) below p =
/// 2^448 - 2^224 - 1 and the sign of x in bit 455. ed448-goldilocks
/// 0.14.0-pre.15 reads y from 56 bytes and ignores the 57th byte's other bits,
/// so a changed R would verify (Wycheproof's Ed448 tcId 63-65): checked here.
fn ed448_point_canonical(encoded: &[u8; 57]) -> bool {
    if encoded[56] & 0x7f != 0 {
        return false;
    }
    // p little-endian: 28 bytes 0xff, 0xfe, 27 bytes 0xff.
    let p = |i: usize| if i == 28 { 0xfe } else { 0xff };
    // y < p, compared from the most significant byte.
    for i in (0..56).rev() {
        match encoded[i].cmp(&p(i)) {
            std::cmp::Ordering::Less => return true,
            std::cmp::Ordering::Greater => return false,
            std::cmp::Ordering::Equal => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ed448_points_must_be_canonical() {
        // p itself, little-endian, is not a y-coordinate; p - 1 is.
        let mut p = [0xffu8; 57];
        p[28] = 0xfe;
        p[56] = 0;
        assert!(!ed448_point_canonical(&p));
        let mut below = p;
        below[0] = 0xfe;
        assert!(ed448_point_canonical(&below));
        // The sign bit is allowed; any other bit of the last byte is not.
        below[56] = 0x80;
        assert!(ed448_point_canonical(&below));
        below[56] = 0x81;
        assert!(!ed448_point_canonical(&below));
    }

    #[test]
    fn digest_info_prefixes_name_their_hash() {
        // The OID's last arc and the lengths inside each prefix match the hash.
        for (hash, arc) in [
            (Hash::Sha1, 0x1a),
            (Hash::Sha224, 0x04),
            (Hash::Sha256, 0x01),
            (Hash::Sha384, 0x02),
            (Hash::Sha512, 0x03),
        ] {
            let p = hash.digest_info_prefix();
            let len = hash.digest(b"").len();
            assert_eq!(usize::from(p[1]) + 2, p.len() + len, "{hash:?}");
            assert_eq!(usize::from(p[p.len() - 1]), len, "{hash:?}");
            assert_eq!(p[p.len() - 5], arc, "{hash:?}");
        }
    }
}
