//! The PKCS#12 integrity MAC (HMAC keyed by the PKCS#12 KDF).

use hmac::{Hmac, Mac};

use super::algorithms::HashAlg;
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
    macro_rules! hmac_with {
        ($h:ty) => {{
            let mut m = <Hmac<$h> as Mac>::new_from_slice(&key).expect("HMAC takes any key length");
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
    let got = compute(hash, password, salt, iterations, data);
    got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}
