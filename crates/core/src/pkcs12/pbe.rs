//! Password-based encryption and decryption (PKCS#12 PBES1 and PBES2).

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, InnerIvInit, KeyIvInit};
use zeroize::Zeroizing;

use super::algorithms::{Cipher, HashAlg, Pbe};
use super::kdf::{self, Purpose};

/// Decryption failed: the padding is wrong, which almost always means the key
/// (so the password) is wrong, or the ciphertext was altered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("decryption failed (bad padding or length)")]
pub struct DecryptError;

/// Iteration counts from which PBES1's key and IV are derived in parallel
/// (a derivation of 10,000 SHA-1 rounds takes ~1 ms; a thread ~20 µs).
const PARALLEL_FROM: u32 = 10_000;

/// The password bytes a scheme takes, from the password as the user gave it.
/// `None` means "absent", which PKCS#12's own KDF encodes differently from "".
fn key_and_iv(pbe: &Pbe, password: Option<&str>) -> (Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>) {
    match pbe {
        Pbe::Pkcs12 {
            cipher,
            salt,
            iterations,
        } => {
            let pw = kdf::bmp_password(password);
            let iters = clamp_iterations(*iterations);
            let derive = |purpose, len| kdf::derive(HashAlg::Sha1, &pw, salt, iters, purpose, len);
            // Key and IV are two independent KDF runs (the key often two rounds):
            // on a second core the IV costs no wall time. Only worth a thread
            // when the count is high enough to dwarf the spawn.
            if iters >= PARALLEL_FROM {
                std::thread::scope(|s| {
                    let iv = s.spawn(|| derive(Purpose::Iv, cipher.block_len()));
                    let key = derive(Purpose::Key, cipher.key_len());
                    (key, iv.join().expect("the KDF does not panic"))
                })
            } else {
                (
                    derive(Purpose::Key, cipher.key_len()),
                    derive(Purpose::Iv, cipher.block_len()),
                )
            }
        }
        Pbe::Pbes2 {
            prf,
            salt,
            iterations,
            cipher,
            iv,
        } => {
            let key = pbkdf2(*prf, password, salt, *iterations, cipher.key_len());
            (key, Zeroizing::new(iv.clone()))
        }
    }
}

/// PBKDF2 with HMAC-`prf` over the password as UTF-8 (PBES2 and PBMAC1);
/// an absent password is the empty string, PBKDF2 having no other encoding.
pub fn pbkdf2(
    prf: HashAlg,
    password: Option<&str>,
    salt: &[u8],
    iterations: u64,
    len: usize,
) -> Zeroizing<Vec<u8>> {
    let pw = password.unwrap_or("").as_bytes();
    let mut key = Zeroizing::new(vec![0u8; len]);
    let iters = clamp_iterations(iterations);
    match prf {
        HashAlg::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, salt, iters, &mut key),
        HashAlg::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(pw, salt, iters, &mut key),
        HashAlg::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw, salt, iters, &mut key),
        HashAlg::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(pw, salt, iters, &mut key),
        HashAlg::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pw, salt, iters, &mut key),
    }
    key
}

/// Callers bound iterations before deriving; this only keeps the cast total.
fn clamp_iterations(n: u64) -> u32 {
    u32::try_from(n.max(1)).unwrap_or(u32::MAX)
}

/// Decrypts `data` with the scheme and password.
pub fn decrypt(
    pbe: &Pbe,
    password: Option<&str>,
    data: &[u8],
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let cipher = pbe.cipher();
    if data.is_empty() || !data.len().is_multiple_of(cipher.block_len()) {
        return Err(DecryptError);
    }
    let (key, iv) = key_and_iv(pbe, password);
    // Decrypted in place in a buffer that is zeroized on every path, a bad
    // padding included (with the right key and a damaged last block, the
    // buffer holds the real plaintext).
    let mut buf = Zeroizing::new(data.to_vec());
    let len = match cipher {
        Cipher::TripleDes { key_len: 24 } => {
            cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(|_| DecryptError)?
                .decrypt_padded_mut::<Pkcs7>(&mut buf)
                .map(<[u8]>::len)
        }
        Cipher::TripleDes { .. } => cbc::Decryptor::<des::TdesEde2>::new_from_slices(&key, &iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Rc2 { bits } => {
            let rc2 = rc2::Rc2::new_with_eff_key_len(&key, bits);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, &iv)
                .map_err(|_| DecryptError)?
                .decrypt_padded_mut::<Pkcs7>(&mut buf)
                .map(<[u8]>::len)
        }
        Cipher::Aes128 => cbc::Decryptor::<aes::Aes128>::new_from_slices(&key, &iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Aes192 => cbc::Decryptor::<aes::Aes192>::new_from_slices(&key, &iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Aes256 => cbc::Decryptor::<aes::Aes256>::new_from_slices(&key, &iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Camellia128 => cbc::Decryptor::<camellia::Camellia128>::new_from_slices(&key, &iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Camellia192 => cbc::Decryptor::<camellia::Camellia192>::new_from_slices(&key, &iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        Cipher::Camellia256 => cbc::Decryptor::<camellia::Camellia256>::new_from_slices(&key, &iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::len),
        // CAST5 takes 5..=16 key bytes; the parser admits no other length.
        Cipher::Cast5 { .. } => cbc::Decryptor::<cast5::Cast5>::new_from_slices(&key, &iv)
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
    let (key, iv) = key_and_iv(pbe, password);
    // Key and IV lengths come from the cipher itself, so construction cannot fail.
    match pbe.cipher() {
        Cipher::TripleDes { key_len: 24 } => {
            cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .expect("3DES key/IV length")
                .encrypt_padded_vec_mut::<Pkcs7>(data)
        }
        Cipher::TripleDes { .. } => cbc::Encryptor::<des::TdesEde2>::new_from_slices(&key, &iv)
            .expect("2-key 3DES key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Rc2 { bits } => {
            let rc2 = rc2::Rc2::new_with_eff_key_len(&key, bits);
            cbc::Encryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, &iv)
                .expect("RC2 IV length")
                .encrypt_padded_vec_mut::<Pkcs7>(data)
        }
        Cipher::Aes128 => cbc::Encryptor::<aes::Aes128>::new_from_slices(&key, &iv)
            .expect("AES key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Aes192 => cbc::Encryptor::<aes::Aes192>::new_from_slices(&key, &iv)
            .expect("AES key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Aes256 => cbc::Encryptor::<aes::Aes256>::new_from_slices(&key, &iv)
            .expect("AES key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Camellia128 => cbc::Encryptor::<camellia::Camellia128>::new_from_slices(&key, &iv)
            .expect("Camellia key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Camellia192 => cbc::Encryptor::<camellia::Camellia192>::new_from_slices(&key, &iv)
            .expect("Camellia key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Camellia256 => cbc::Encryptor::<camellia::Camellia256>::new_from_slices(&key, &iv)
            .expect("Camellia key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        Cipher::Cast5 { .. } => cbc::Encryptor::<cast5::Cast5>::new_from_slices(&key, &iv)
            .expect("CAST5 key/IV length")
            .encrypt_padded_vec_mut::<Pkcs7>(data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
