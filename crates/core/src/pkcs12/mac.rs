//! The PKCS#12 integrity MAC (HMAC keyed by the PKCS#12 KDF).

use hmac::{Hmac, Mac};

use zeroize::Zeroizing;

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
    let pw = password.unwrap_or("").as_bytes();
    let mut key = Zeroizing::new(vec![0u8; p.key_len]);
    let iters = u32::try_from(p.iterations.max(1)).unwrap_or(u32::MAX);
    match p.prf {
        HashAlg::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, &p.salt, iters, &mut key),
        HashAlg::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(pw, &p.salt, iters, &mut key),
        HashAlg::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw, &p.salt, iters, &mut key),
        HashAlg::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(pw, &p.salt, iters, &mut key),
        HashAlg::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pw, &p.salt, iters, &mut key),
    }
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
