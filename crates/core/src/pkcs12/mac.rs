//! The PKCS#12 integrity MAC: HMAC keyed by the PKCS#12 KDF (RFC 7292) or by
//! PBKDF2 (PBMAC1, RFC 9579).

use hmac::{Hmac, Mac};

use super::algorithms::{HashAlg, Pbmac1};
use super::kdf::{self, Purpose};

/// Computes the MAC of `data`.
pub fn compute(
    hash: HashAlg,
    password: Option<&str>,
    salt: &[u8],
    iterations: u32,
    data: &[u8],
) -> Vec<u8> {
    let pw = kdf::bmp_password(password);
    let key = kdf::derive(hash, &pw, salt, iterations, Purpose::Mac, hash.output_len());
    hmac(hash, &key, data)
}

/// Computes an RFC 9579 PBMAC1: PBKDF2 over the password as UTF-8, then HMAC.
/// An absent password is the empty string: PBKDF2 has no other encoding.
pub fn compute_pbmac1(p: &Pbmac1, password: Option<&str>, data: &[u8]) -> Vec<u8> {
    let key = super::pbe::pbkdf2(p.prf, password, &p.salt, p.iterations, p.key_len);
    hmac(p.hmac, &key, data)
}

/// Whether a PBMAC1 verifies, compared in constant time.
pub fn verify_pbmac1(p: &Pbmac1, password: Option<&str>, data: &[u8], expected: &[u8]) -> bool {
    same(&compute_pbmac1(p, password, data), expected)
}

fn same(got: &[u8], expected: &[u8]) -> bool {
    got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn hmac(hash: HashAlg, key: &[u8], data: &[u8]) -> Vec<u8> {
    macro_rules! hmac_with {
        ($h:ty) => {{
            let mut m = <Hmac<$h> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
            m.update(data);
            m.finalize().into_bytes().to_vec()
        }};
    }
    match hash {
        HashAlg::Sha1 => hmac_with!(sha1::Sha1),
        HashAlg::Sha224 => hmac_with!(sha2::Sha224),
        HashAlg::Sha256 => hmac_with!(sha2::Sha256),
        HashAlg::Sha384 => hmac_with!(sha2::Sha384),
        HashAlg::Sha512 => hmac_with!(sha2::Sha512),
    }
}

/// Whether the MAC verifies, compared in constant time.
pub fn verify(
    hash: HashAlg,
    password: Option<&str>,
    salt: &[u8],
    iterations: u32,
    data: &[u8],
    expected: &[u8],
) -> bool {
    same(&compute(hash, password, salt, iterations, data), expected)
}
