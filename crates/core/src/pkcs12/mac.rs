//! The PKCS#12 integrity MAC: HMAC keyed by the PKCS#12 KDF (RFC 7292) or by
//! PBKDF2 (PBMAC1, RFC 9579).

use hmac::{Hmac, Mac};

use super::algorithms::{HashAlg, Pbmac1};
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
    Ok(hmac(hash, &key, data))
}

/// The rounds one PBMAC1 computation costs.
pub fn pbmac1_cost(p: &Pbmac1) -> u64 {
    budget::pbkdf2_cost(p.prf, p.iterations.max(1), p.key_len)
}

/// Computes an RFC 9579 PBMAC1 (our writer: no budget).
pub fn compute_pbmac1(p: &Pbmac1, password: Option<&str>, data: &[u8]) -> Vec<u8> {
    compute_pbmac1_within(p, password, data, &Budget::unlimited())
        .expect("an unlimited budget never runs out")
}

/// Computes an RFC 9579 PBMAC1: PBKDF2 over the password as UTF-8, then HMAC.
pub fn compute_pbmac1_within(
    p: &Pbmac1,
    password: Option<&str>,
    data: &[u8],
    budget: &Budget,
) -> Result<Vec<u8>, Exhausted> {
    let key = super::pbe::pbkdf2_within(p.prf, password, &p.salt, p.iterations, p.key_len, budget)?;
    Ok(hmac(p.hmac, &key, data))
}

/// Whether a PBMAC1 verifies, compared in constant time, paid from `budget`.
pub fn verify_pbmac1_within(
    p: &Pbmac1,
    password: Option<&str>,
    data: &[u8],
    expected: &[u8],
    budget: &Budget,
) -> Result<bool, Exhausted> {
    Ok(equal(
        &compute_pbmac1_within(p, password, data, budget)?,
        expected,
    ))
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
