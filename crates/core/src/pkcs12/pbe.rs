//! Password-based encryption and decryption (PKCS#12 PBES1 and PBES2).

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, InnerIvInit, KeyIvInit};
use hmac::{Hmac, Mac};
use zeroize::{Zeroize, Zeroizing};

use super::algorithms::{Cipher, HashAlg, Pbe};
use super::budget::{self, Budget, Exhausted};
use super::kdf::{self, Purpose, RawHash, Sha1Raw, Sha224Raw, Sha256Raw};

/// Decryption failed: the padding is wrong, which almost always means the key
/// (so the password) is wrong, or the ciphertext was altered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("decryption failed (bad padding or length)")]
pub struct DecryptError;

/// Iteration counts from which PBES1's key and IV are derived in parallel
/// (a derivation of 10,000 SHA-1 rounds takes ~1 ms; a thread ~20 µs).
const PARALLEL_FROM: u32 = 10_000;

/// The rounds deriving a scheme's key and IV costs.
pub fn cost(pbe: &Pbe) -> u64 {
    match pbe {
        Pbe::Pkcs12 {
            cipher, iterations, ..
        } => budget::pkcs12_kdf_cost(HashAlg::Sha1, *iterations, cipher.key_len()).saturating_add(
            budget::pkcs12_kdf_cost(HashAlg::Sha1, *iterations, cipher.block_len()),
        ),
        Pbe::Pbes2 {
            prf,
            iterations,
            cipher,
            ..
        } => budget::pbkdf2_cost(*prf, *iterations, cipher.key_len()),
    }
}

type KeyAndIv = (Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>);

/// The password bytes a scheme takes, from the password as the user gave it.
/// `None` means "absent", which PKCS#12's own KDF encodes differently from "".
fn key_and_iv(pbe: &Pbe, password: Option<&str>, budget: &Budget) -> Result<KeyAndIv, Exhausted> {
    match pbe {
        Pbe::Pkcs12 {
            cipher,
            salt,
            iterations,
        } => {
            let pw = kdf::bmp_password(password);
            let iters = clamp_iterations(*iterations);
            let derive = |purpose, len| {
                kdf::derive_within(HashAlg::Sha1, &pw, salt, iters, purpose, len, budget)
            };
            // Key and IV are two independent KDF runs (the key often two rounds):
            // on a second core the IV costs no wall time. Only worth a thread
            // when the count is high enough to dwarf the spawn (and threads exist:
            // not in WebAssembly).
            if cfg!(not(target_arch = "wasm32")) && iters >= PARALLEL_FROM {
                std::thread::scope(|s| {
                    let iv = s.spawn(|| derive(Purpose::Iv, cipher.block_len()));
                    let key = derive(Purpose::Key, cipher.key_len());
                    let iv = iv.join().expect("the KDF does not panic");
                    Ok((key?, iv?))
                })
            } else {
                Ok((
                    derive(Purpose::Key, cipher.key_len())?,
                    derive(Purpose::Iv, cipher.block_len())?,
                ))
            }
        }
        Pbe::Pbes2 {
            prf,
            salt,
            iterations,
            cipher,
            iv,
        } => {
            let key = pbkdf2_within(*prf, password, salt, *iterations, cipher.key_len(), budget)?;
            Ok((key, Zeroizing::new(iv.clone())))
        }
    }
}

/// PBKDF2 with HMAC-`prf` over the password as UTF-8 (PBES2 and PBMAC1), paid
/// from `budget`; an absent password is the empty string, PBKDF2 having no
/// other encoding.
pub fn pbkdf2_within(
    prf: HashAlg,
    password: Option<&str>,
    salt: &[u8],
    iterations: u64,
    len: usize,
    budget: &Budget,
) -> Result<Zeroizing<Vec<u8>>, Exhausted> {
    let pw = password.unwrap_or("").as_bytes();
    let mut key = Zeroizing::new(vec![0u8; len]);
    let iters = clamp_iterations(iterations);
    budget.spend(budget::pbkdf2_cost(prf, iterations.max(1), len))?;
    // HMAC over the hashes with 64-byte blocks: two raw compressions per
    // iteration (see `pbkdf2_raw`); SHA-384/512 through the hmac crate.
    match prf {
        HashAlg::Sha1 => pbkdf2_raw::<Sha1Raw>(pw, salt, iters, &mut key, budget),
        HashAlg::Sha224 => pbkdf2_raw::<Sha224Raw>(pw, salt, iters, &mut key, budget),
        HashAlg::Sha256 => pbkdf2_raw::<Sha256Raw>(pw, salt, iters, &mut key, budget),
        HashAlg::Sha384 => pbkdf2::<Hmac<sha2::Sha384>>(pw, salt, iters, &mut key, budget),
        HashAlg::Sha512 => pbkdf2::<Hmac<sha2::Sha512>>(pw, salt, iters, &mut key, budget),
    }?;
    Ok(key)
}

/// PBKDF2 (RFC 8018) with HMAC `M`, as the pbkdf2 crate computes it, but
/// looking at the budget's clock between slices of iterations.
fn pbkdf2<M: Mac + hmac::digest::KeyInit + Clone>(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    out: &mut [u8],
    budget: &Budget,
) -> Result<(), Exhausted> {
    let prf =
        <M as hmac::digest::KeyInit>::new_from_slice(password).expect("HMAC takes any key length");
    let block_len = <M as hmac::digest::OutputSizeUser>::output_size();
    for (i, chunk) in out.chunks_mut(block_len).enumerate() {
        let mut m = prf.clone();
        m.update(salt);
        m.update(&(i as u32 + 1).to_be_bytes());
        let mut u = m.finalize().into_bytes();
        let mut t = u.clone();
        let mut left = iterations.max(1) - 1;
        while left > 0 {
            if let Err(e) = budget.check_time() {
                u.as_mut_slice().zeroize();
                t.as_mut_slice().zeroize();
                return Err(e);
            }
            let slice = left.min(budget::CHECK_EVERY / 2);
            left -= slice;
            for _ in 0..slice {
                let mut m = prf.clone();
                m.update(&u);
                u = m.finalize().into_bytes();
                for (a, b) in t.iter_mut().zip(u.iter()) {
                    *a ^= b;
                }
            }
        }
        chunk.copy_from_slice(&t[..chunk.len()]);
        u.as_mut_slice().zeroize();
        t.as_mut_slice().zeroize();
    }
    Ok(())
}

/// The PBKDF2 derivation a PBES2 decryption starts with, for another
/// PBKDF2 implementation to run (the page hands it to the browser's
/// WebCrypto, then the key to `decrypt_with_key`).
pub struct Pbkdf2Job {
    pub prf: HashAlg,
    pub salt: Vec<u8>,
    /// As `pbkdf2_within` runs it (at least 1).
    pub iterations: u32,
    pub key_len: usize,
    /// The password's bytes as PBKDF2 takes them (UTF-8; none is empty).
    pub password: Zeroizing<Vec<u8>>,
}

/// The PBKDF2 derivation decrypting `data` with `pbe` and `password`
/// needs; None for PKCS#12's own schemes and for data refused before any
/// derivation.
pub fn pbkdf2_job(pbe: &Pbe, password: Option<&str>, data: &[u8]) -> Option<Pbkdf2Job> {
    match pbe {
        Pbe::Pbes2 {
            prf,
            salt,
            iterations,
            cipher,
            ..
        } if fits_blocks(*cipher, data) => Some(Pbkdf2Job {
            prf: *prf,
            salt: salt.clone(),
            iterations: clamp_iterations(*iterations),
            key_len: cipher.key_len(),
            password: Zeroizing::new(password.unwrap_or("").as_bytes().to_vec()),
        }),
        _ => None,
    }
}

/// A decryption's result: the plaintext, or a failed padding.
pub type Plaintext = Result<Zeroizing<Vec<u8>>, DecryptError>;

/// `decrypt_within` for a PBES2 scheme whose key was derived elsewhere
/// (`pbkdf2_job`): the same rounds paid, the same decryption. None when
/// `pbe` is not PBES2 or `key` has not the cipher's length.
pub fn decrypt_with_key(
    pbe: &Pbe,
    data: &[u8],
    key: &[u8],
    budget: &Budget,
) -> Option<Result<Plaintext, Exhausted>> {
    let Pbe::Pbes2 { cipher, iv, .. } = pbe else {
        return None;
    };
    if !fits_blocks(*cipher, data) {
        return Some(Ok(Err(DecryptError)));
    }
    if key.len() != cipher.key_len() {
        return None;
    }
    Some(
        budget
            .spend(cost(pbe))
            .map(|()| decrypt_with(*cipher, key, iv, data)),
    )
}

/// Whether `data` is whole blocks of `cipher` (else no key is derived).
fn fits_blocks(cipher: Cipher, data: &[u8]) -> bool {
    !data.is_empty() && data.len().is_multiple_of(cipher.block_len())
}

/// HMAC-`H` with the key's inner and outer pad blocks compressed once.
struct RawHmac<H: RawHash> {
    inner: H::State,
    outer: H::State,
}

impl<H: RawHash> RawHmac<H> {
    fn new(key: &[u8]) -> RawHmac<H> {
        // A key longer than a block is hashed first (RFC 2104).
        let mut padded = Zeroizing::new([0u8; 64]);
        if key.len() > 64 {
            kdf::write_digest::<H>(&kdf::raw_hash_from::<H>(H::H0, 0, key), &mut padded[..]);
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let pad = |byte: u8| {
            let mut block = kdf::Block::default();
            for (b, k) in block.iter_mut().zip(padded.iter()) {
                *b = k ^ byte;
            }
            let mut state = H::H0;
            H::compress(&mut state, &block);
            block.as_mut_slice().zeroize();
            state
        };
        RawHmac {
            inner: pad(0x36),
            outer: pad(0x5c),
        }
    }

    /// HMAC of any message, into `out` (`H::OUT` bytes).
    fn mac(&self, msg: &[u8], out: &mut [u8]) {
        let mut inner = [0u8; 64];
        kdf::write_digest::<H>(&kdf::raw_hash_from::<H>(self.inner, 64, msg), &mut inner);
        let outer = kdf::raw_hash_from::<H>(self.outer, 64, &inner[..H::OUT]);
        kdf::write_digest::<H>(&outer, out);
        inner.zeroize();
    }

    /// `rounds` PBKDF2 iterations: `u = HMAC(u)`, `t ^= u`. Both messages
    /// are one digest after the pad block, so each compression takes a
    /// block padded once.
    fn iterate(&self, u: &mut [u8], t: &mut [u8], rounds: u32) {
        let mut block = kdf::padded_digest_block::<H>(64 + H::OUT as u64);
        for _ in 0..rounds {
            block[..H::OUT].copy_from_slice(u);
            let mut state = self.inner;
            H::compress(&mut state, &block);
            kdf::write_digest::<H>(&state, &mut block);
            let mut state = self.outer;
            H::compress(&mut state, &block);
            kdf::write_digest::<H>(&state, u);
            for (a, b) in t.iter_mut().zip(u.iter()) {
                *a ^= b;
            }
        }
        block.as_mut_slice().zeroize();
    }
}

impl<H: RawHash> Drop for RawHmac<H> {
    fn drop(&mut self) {
        // The pad states stand for the password: overwrite them.
        self.inner = H::H0;
        self.outer = H::H0;
    }
}

/// PBKDF2 (RFC 8018) with HMAC-`H` computed by raw compressions; the same
/// bytes as `pbkdf2` (tested against it and the pbkdf2 crate), with the
/// same looks at the budget's clock.
fn pbkdf2_raw<H: RawHash>(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    out: &mut [u8],
    budget: &Budget,
) -> Result<(), Exhausted> {
    let prf = RawHmac::<H>::new(password);
    let mut msg = salt.to_vec();
    for (i, chunk) in out.chunks_mut(H::OUT).enumerate() {
        msg.truncate(salt.len());
        msg.extend_from_slice(&(i as u32 + 1).to_be_bytes());
        let mut u = Zeroizing::new([0u8; 64]);
        prf.mac(&msg, &mut u[..]);
        let mut t = u.clone();
        let mut left = iterations.max(1) - 1;
        while left > 0 {
            budget.check_time()?;
            let slice = left.min(budget::CHECK_EVERY / 2);
            left -= slice;
            prf.iterate(&mut u[..H::OUT], &mut t[..H::OUT], slice);
        }
        chunk.copy_from_slice(&t[..chunk.len()]);
    }
    Ok(())
}

/// Callers bound iterations before deriving; this only keeps the cast total.
fn clamp_iterations(n: u64) -> u32 {
    u32::try_from(n.max(1)).unwrap_or(u32::MAX)
}

/// Decrypts `data` with the scheme and password (no budget).
pub fn decrypt(
    pbe: &Pbe,
    password: Option<&str>,
    data: &[u8],
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    decrypt_within(pbe, password, data, &Budget::unlimited())
        .expect("an unlimited budget never runs out")
}

/// Decrypts `data`, the key derivation paid from `budget`. The outer error
/// says the budget ran out; the inner one that the decryption failed.
pub fn decrypt_within(
    pbe: &Pbe,
    password: Option<&str>,
    data: &[u8],
    budget: &Budget,
) -> Result<Result<Zeroizing<Vec<u8>>, DecryptError>, Exhausted> {
    let cipher = pbe.cipher();
    if !fits_blocks(cipher, data) {
        return Ok(Err(DecryptError));
    }
    let (key, iv) = key_and_iv(pbe, password, budget)?;
    Ok(decrypt_with(cipher, &key, &iv, data))
}

fn decrypt_with(
    cipher: Cipher,
    key: &[u8],
    iv: &[u8],
    data: &[u8],
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    // Decrypted in place in a buffer that is zeroized on every path, a bad
    // padding included (with the right key and a damaged last block, the
    // buffer holds the real plaintext).
    let mut buf = Zeroizing::new(data.to_vec());
    let len = match cipher {
        Cipher::TripleDes { key_len: 24 } => {
            cbc::Decryptor::<des::TdesEde3>::new_from_slices(key, iv)
                .map_err(|_| DecryptError)?
                .decrypt_padded_mut::<Pkcs7>(&mut buf)
                .map(<[u8]>::len)
        }
        Cipher::TripleDes { .. } => cbc::Decryptor::<des::TdesEde2>::new_from_slices(key, iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Rc2 { bits } => {
            let rc2 = rc2::Rc2::new_with_eff_key_len(key, bits);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, iv)
                .map_err(|_| DecryptError)?
                .decrypt_padded_mut::<Pkcs7>(&mut buf)
                .map(<[u8]>::len)
        }
        Cipher::Aes128 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Aes192 => cbc::Decryptor::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Aes256 => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Camellia128 => cbc::Decryptor::<camellia::Camellia128>::new_from_slices(key, iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Camellia192 => cbc::Decryptor::<camellia::Camellia192>::new_from_slices(key, iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Camellia256 => cbc::Decryptor::<camellia::Camellia256>::new_from_slices(key, iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        // CAST5 takes 5..=16 key bytes; the parser admits no other length.
        Cipher::Cast5 { .. } => cbc::Decryptor::<cast5::Cast5>::new_from_slices(key, iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
    }
    .map_err(|_| DecryptError)?;
    // Truncating keeps the allocation, which Zeroizing wipes whole on drop.
    buf.truncate(len);
    Ok(buf)
}

/// Encrypts `data` (used by the sample generator, our own PKCS#12 producer).
pub fn encrypt(pbe: &Pbe, password: Option<&str>, data: &[u8]) -> Vec<u8> {
    let (key_buf, iv_buf) = key_and_iv(pbe, password, &Budget::unlimited())
        .expect("an unlimited budget never runs out");
    let (key, iv) = (key_buf.as_slice(), iv_buf.as_slice());
    // Key and IV lengths come from the cipher itself, so construction cannot fail.
    match pbe.cipher() {
        Cipher::TripleDes { key_len: 24 } => {
            cbc::Encryptor::<des::TdesEde3>::new_from_slices(key, iv)
                .expect("3DES key/IV length")
                .encrypt_padded_vec_mut::<Pkcs7>(data)
        }
        Cipher::TripleDes { .. } => cbc::Encryptor::<des::TdesEde2>::new_from_slices(key, iv)
            .expect("2-key 3DES key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Rc2 { bits } => {
            let rc2 = rc2::Rc2::new_with_eff_key_len(key, bits);
            cbc::Encryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, iv)
                .expect("RC2 IV length")
                .encrypt_padded_vec_mut::<Pkcs7>(data)
        }
        Cipher::Aes128 => cbc::Encryptor::<aes::Aes128>::new_from_slices(key, iv)
            .expect("AES key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Aes192 => cbc::Encryptor::<aes::Aes192>::new_from_slices(key, iv)
            .expect("AES key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Aes256 => cbc::Encryptor::<aes::Aes256>::new_from_slices(key, iv)
            .expect("AES key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Camellia128 => cbc::Encryptor::<camellia::Camellia128>::new_from_slices(key, iv)
            .expect("Camellia key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Camellia192 => cbc::Encryptor::<camellia::Camellia192>::new_from_slices(key, iv)
            .expect("Camellia key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Camellia256 => cbc::Encryptor::<camellia::Camellia256>::new_from_slices(key, iv)
            .expect("Camellia key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Cast5 { .. } => cbc::Encryptor::<cast5::Cast5>::new_from_slices(key, iv)
            .expect("CAST5 key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_pbkdf2_equals_the_pbkdf2_crate_and_stops_at_a_deadline() {
        for (iters, len) in [(1u32, 32usize), (2, 20), (5000, 48), (10_001, 64)] {
            let mut ours = vec![0u8; len];
            let mut theirs = vec![0u8; len];
            pbkdf2::<Hmac<sha1::Sha1>>(b"pw", b"salt", iters, &mut ours, &Budget::unlimited())
                .unwrap();
            ::pbkdf2::pbkdf2_hmac::<sha1::Sha1>(b"pw", b"salt", iters, &mut theirs);
            assert_eq!(ours, theirs, "{iters} {len}");
            pbkdf2::<Hmac<sha2::Sha512>>(b"pw", b"salt", iters, &mut ours, &Budget::unlimited())
                .unwrap();
            ::pbkdf2::pbkdf2_hmac::<sha2::Sha512>(b"pw", b"salt", iters, &mut theirs);
            assert_eq!(ours, theirs, "{iters} {len}");
        }
        let late = Budget::new(u64::MAX, Some(std::time::Instant::now()));
        let mut out = [0u8; 32];
        let t0 = std::time::Instant::now();
        assert_eq!(
            pbkdf2::<Hmac<sha2::Sha512>>(b"pw", b"salt", u32::MAX, &mut out, &late),
            Err(Exhausted::Time)
        );
        assert!(t0.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn raw_pbkdf2_equals_the_pbkdf2_crate_and_the_hmac_path() {
        // Counts within one slice and over two (slices of 2,048), lengths over more than
        // one output block, passwords shorter and longer than a block.
        let long = [0xa5u8; 100];
        for pw in [
            &b""[..],
            b"pw",
            "パスワード".as_bytes(),
            &long[..64],
            &long[..],
        ] {
            for salt in [&b""[..], b"salt", &[9u8; 70][..]] {
                for iters in [1u32, 2, 2050] {
                    for len in [1usize, 20, 28, 32, 33, 65] {
                        let budget = Budget::unlimited();
                        let mut ours = vec![0u8; len];
                        let mut theirs = vec![0u8; len];
                        let mut hmac_path = vec![0u8; len];
                        let at = format!(
                            "{} bytes of password, {iters} iterations, {len} bytes",
                            pw.len()
                        );
                        pbkdf2_raw::<Sha1Raw>(pw, salt, iters, &mut ours, &budget).unwrap();
                        ::pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, salt, iters, &mut theirs);
                        pbkdf2::<Hmac<sha1::Sha1>>(pw, salt, iters, &mut hmac_path, &budget)
                            .unwrap();
                        assert_eq!((&ours, &hmac_path), (&theirs, &theirs), "SHA-1, {at}");
                        pbkdf2_raw::<Sha224Raw>(pw, salt, iters, &mut ours, &budget).unwrap();
                        ::pbkdf2::pbkdf2_hmac::<sha2::Sha224>(pw, salt, iters, &mut theirs);
                        pbkdf2::<Hmac<sha2::Sha224>>(pw, salt, iters, &mut hmac_path, &budget)
                            .unwrap();
                        assert_eq!((&ours, &hmac_path), (&theirs, &theirs), "SHA-224, {at}");
                        pbkdf2_raw::<Sha256Raw>(pw, salt, iters, &mut ours, &budget).unwrap();
                        ::pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw, salt, iters, &mut theirs);
                        pbkdf2::<Hmac<sha2::Sha256>>(pw, salt, iters, &mut hmac_path, &budget)
                            .unwrap();
                        assert_eq!((&ours, &hmac_path), (&theirs, &theirs), "SHA-256, {at}");
                    }
                }
            }
        }
        // RFC 7914's PBKDF2-HMAC-SHA256 vector (P "passwd", S "salt", c 1, 64 bytes).
        let mut out = [0u8; 64];
        pbkdf2_raw::<Sha256Raw>(b"passwd", b"salt", 1, &mut out, &Budget::unlimited()).unwrap();
        assert_eq!(
            format!("{:x}", crate::hex::Hex(&out[..16])),
            "55ac046e56e3089fec1691c22544b605"
        );
        let late = Budget::new(u64::MAX, Some(std::time::Instant::now()));
        let mut out = [0u8; 32];
        assert_eq!(
            pbkdf2_raw::<Sha256Raw>(b"pw", b"salt", u32::MAX, &mut out, &late),
            Err(Exhausted::Time)
        );
    }

    #[test]
    fn round_trips_every_cipher() {
        let ciphers = [
            Cipher::TripleDes { key_len: 24 },
            Cipher::TripleDes { key_len: 16 },
            Cipher::Rc2 { bits: 40 },
            Cipher::Rc2 { bits: 128 },
            Cipher::Aes128,
            Cipher::Aes192,
            Cipher::Aes256,
            Cipher::Camellia128,
            Cipher::Camellia192,
            Cipher::Camellia256,
            Cipher::Cast5 { key_len: 16 },
            Cipher::Cast5 { key_len: 5 },
        ];
        for cipher in ciphers {
            for pbe in [
                Pbe::Pkcs12 {
                    cipher,
                    salt: vec![1; 8],
                    iterations: 3,
                },
                Pbe::Pbes2 {
                    prf: HashAlg::Sha256,
                    salt: vec![2; 16],
                    iterations: 3,
                    cipher,
                    iv: vec![7; cipher.block_len()],
                },
            ] {
                if matches!(
                    pbe,
                    Pbe::Pkcs12 {
                        cipher: Cipher::Aes128
                            | Cipher::Aes192
                            | Cipher::Aes256
                            | Cipher::Camellia128
                            | Cipher::Camellia192
                            | Cipher::Camellia256
                            | Cipher::Cast5 { .. },
                        ..
                    }
                ) {
                    continue;
                }
                let ct = encrypt(&pbe, Some("パスワード"), b"hello, world");
                assert_eq!(
                    &*decrypt(&pbe, Some("パスワード"), &ct).unwrap(),
                    b"hello, world",
                    "{pbe:?}"
                );
                // A wrong password nearly always fails the padding check; when it does not, the bytes differ.
                if let Ok(p) = decrypt(&pbe, Some("wrong"), &ct) {
                    assert_ne!(&*p, b"hello, world");
                }
            }
        }
    }
}
