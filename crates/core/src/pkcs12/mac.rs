//! The PKCS#12 integrity MAC (HMAC keyed by the PKCS#12 KDF).

use hmac::{Hmac, Mac};

use super::algorithms::HashAlg;
use super::budget::{self, Budget, Exhausted};
use super::kdf::{self, Purpose};

/// The rounds one MAC computation costs.
pub fn cost(hash: HashAlg, iterations: u64) -> u64 {
    budget::pkcs12_kdf_cost(hash, iterations, hash.output_len())
}

/// Computes the MAC of `data` (our writer: no budget).
pub fn compute(
    hash: HashAlg,
    password: Option<&str>,
    salt: &[u8],
    iterations: u32,
    data: &[u8],
) -> Vec<u8> {
    compute_within(hash, password, salt, iterations, data, &Budget::unlimited())
        .expect("an unlimited budget never runs out")
}

/// Computes the MAC of `data`, its key derivation paid from `budget`.
pub fn compute_within(
    hash: HashAlg,
    password: Option<&str>,
    salt: &[u8],
    iterations: u32,
    data: &[u8],
    budget: &Budget,
) -> Result<Vec<u8>, Exhausted> {
    let pw = kdf::bmp_password(password);
    let key = kdf::derive_within(
        hash,
        &pw,
        salt,
        iterations,
        Purpose::Mac,
        hash.output_len(),
        budget,
    )?;
    macro_rules! hmac_with {
        ($h:ty) => {{
            let mut m = <Hmac<$h> as Mac>::new_from_slice(&key).expect("HMAC takes any key length");
            m.update(data);
            m.finalize().into_bytes().to_vec()
        }};
    }
    Ok(match hash {
        HashAlg::Sha1 => hmac_with!(sha1::Sha1),
        HashAlg::Sha224 => hmac_with!(sha2::Sha224),
        HashAlg::Sha256 => hmac_with!(sha2::Sha256),
        HashAlg::Sha384 => hmac_with!(sha2::Sha384),
        HashAlg::Sha512 => hmac_with!(sha2::Sha512),
    })
}

/// Whether the MAC verifies, compared in constant time (no budget).
pub fn verify(
    hash: HashAlg,
    password: Option<&str>,
    salt: &[u8],
    iterations: u32,
    data: &[u8],
    expected: &[u8],
) -> bool {
    let got = compute(hash, password, salt, iterations, data);
    equal(&got, expected)
}

/// Whether the MAC verifies, its key derivation paid from `budget`.
pub fn verify_within(
    hash: HashAlg,
    password: Option<&str>,
    (salt, iterations): (&[u8], u32),
    data: &[u8],
    expected: &[u8],
    budget: &Budget,
) -> Result<bool, Exhausted> {
    let got = compute_within(hash, password, salt, iterations, data, budget)?;
    Ok(equal(&got, expected))
}

fn equal(got: &[u8], expected: &[u8]) -> bool {
    got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}
