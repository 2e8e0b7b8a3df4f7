//! Password encodings and the PKCS#12 key-derivation function (RFC 7292, appendix B).

use digest::core_api::BlockSizeUser;
use digest::{Digest, FixedOutputReset};
use zeroize::{Zeroize, Zeroizing};

use super::algorithms::HashAlg;
use super::budget::{self, Budget, Exhausted};

/// Which key the PKCS#12 KDF derives (its "ID" byte).
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    Key = 1,
    Iv = 2,
    Mac = 3,
}

/// A password as PKCS#12's own schemes need it: BMPString (UTF-16BE) with a
/// two-byte terminator. An *absent* password is the empty string of bytes and
/// differs from an *empty* one (just the terminator); producers use both.
pub fn bmp_password(password: Option<&str>) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::new());
    if let Some(p) = password {
        for unit in p.encode_utf16() {
            out.extend_from_slice(&unit.to_be_bytes());
        }
        out.extend_from_slice(&[0, 0]);
    }
    out
}

/// Derives `len` bytes with the PKCS#12 KDF, without a budget (our writer, tests).
pub fn derive(
    hash: HashAlg,
    password_bmp: &[u8],
    salt: &[u8],
    iterations: u32,
    purpose: Purpose,
    len: usize,
) -> Zeroizing<Vec<u8>> {
    derive_within(
        hash,
        password_bmp,
        salt,
        iterations,
        purpose,
        len,
        &Budget::unlimited(),
    )
    .expect("an unlimited budget never runs out")
}

/// Derives `len` bytes with the PKCS#12 KDF, paying its rounds from `budget`
/// first and stopping in flight when the budget's deadline passes.
pub fn derive_within(
    hash: HashAlg,
    password_bmp: &[u8],
    salt: &[u8],
    iterations: u32,
    purpose: Purpose,
    len: usize,
    budget: &Budget,
) -> Result<Zeroizing<Vec<u8>>, Exhausted> {
    budget.spend(budget::pkcs12_kdf_cost(hash, iterations.into(), len))?;
    let args = (password_bmp, salt, iterations, purpose, len, budget);
    match hash {
        HashAlg::Sha1 => derive_with::<sha1::Sha1>(args),
        HashAlg::Sha224 => derive_with::<sha2::Sha224>(args),
        HashAlg::Sha256 => derive_with::<sha2::Sha256>(args),
        HashAlg::Sha384 => derive_with::<sha2::Sha384>(args),
        HashAlg::Sha512 => derive_with::<sha2::Sha512>(args),
    }
}

type DeriveArgs<'a> = (&'a [u8], &'a [u8], u32, Purpose, usize, &'a Budget);

fn derive_with<D: Digest + FixedOutputReset + BlockSizeUser>(
    (password, salt, iterations, purpose, len, budget): DeriveArgs<'_>,
) -> Result<Zeroizing<Vec<u8>>, Exhausted> {
    let v = D::block_size();
    let u = <D as Digest>::output_size();
    let repeat = |src: &[u8]| -> Vec<u8> {
        if src.is_empty() {
            return Vec::new();
        }
        let n = v * src.len().div_ceil(v);
        src.iter().cycle().take(n).copied().collect()
    };
    // I = S || P, each repeated to a multiple of v bytes.
    let mut i_buf = Zeroizing::new(repeat(salt));
    i_buf.extend_from_slice(&Zeroizing::new(repeat(password)));
    let d_buf = vec![purpose as u8; v];

    let mut out = Zeroizing::new(Vec::with_capacity(len + u));
    let mut hasher = D::new();
    while out.len() < len {
        Digest::update(&mut hasher, &d_buf);
        Digest::update(&mut hasher, &*i_buf);
        let mut a = hasher.finalize_reset();
        let mut rounds = iterations.max(1) - 1;
        while rounds > 0 {
            // Look at the clock between slices so a deadline stops us in flight.
            if let Err(e) = budget.check_time() {
                a.as_mut_slice().zeroize();
                return Err(e);
            }
            let slice = rounds.min(budget::CHECK_EVERY);
            rounds -= slice;
            if u == 20 && v == 64 {
                // SHA-1 (the only 20-byte hash here): one raw compression per round.
                sha1_rounds(a.as_mut_slice(), slice);
            } else {
                for _ in 0..slice {
                    Digest::update(&mut hasher, &a);
                    a = hasher.finalize_reset();
                }
            }
        }
        out.extend_from_slice(&a);
        if out.len() >= len {
            a.as_mut_slice().zeroize();
            break;
        }
        // I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I, B = A repeated.
        let b: Zeroizing<Vec<u8>> = Zeroizing::new(a.iter().cycle().take(v).copied().collect());
        a.as_mut_slice().zeroize();
        for block in i_buf.chunks_mut(v) {
            let mut carry = 1u16;
            for k in (0..v).rev() {
                let sum = u16::from(block[k]) + u16::from(b[k]) + carry;
                block[k] = sum as u8;
                carry = sum >> 8;
            }
        }
    }
    out.truncate(len);
    Ok(out)
}

/// `a = SHA-1(a)`, `rounds` times, on a pre-padded single block.
fn sha1_rounds(a: &mut [u8], rounds: u32) {
    const H0: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut block = sha1::digest::generic_array::GenericArray::from([0u8; 64]);
    block[20] = 0x80;
    block[56..].copy_from_slice(&160u64.to_be_bytes());
    for _ in 0..rounds {
        block[..20].copy_from_slice(a);
        let mut state = H0;
        sha1::compress(&mut state, std::slice::from_ref(&block));
        for (chunk, word) in a.chunks_exact_mut(4).zip(state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
    }
    block.as_mut_slice().zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        format!("{:x}", crate::hex::Hex(b))
    }

    #[test]
    fn bmp_encodings_differ_for_empty_and_absent() {
        assert_eq!(&*bmp_password(None), &[] as &[u8]);
        assert_eq!(&*bmp_password(Some("")), &[0, 0]);
        assert_eq!(&*bmp_password(Some("aé")), &[0, 0x61, 0, 0xe9, 0, 0]);
    }

    #[test]
    fn raw_sha1_rounds_equal_the_streaming_hash() {
        let mut fast = [7u8; 20];
        let mut slow = sha1::Sha1::digest([7u8; 20]);
        sha1_rounds(&mut fast, 1);
        assert_eq!(&fast[..], &slow[..]);
        for _ in 1..1000 {
            slow = sha1::Sha1::digest(slow);
        }
        let mut fast = [7u8; 20];
        sha1_rounds(&mut fast, 1000);
        assert_eq!(&fast[..], &slow[..]);
    }

    #[test]
    fn known_answer_sha1() {
        // Vectors widely used to test PKCS#12 KDFs (password "smeg", salt 0A58CF64530D823F).
        let salt = [0x0a, 0x58, 0xcf, 0x64, 0x53, 0x0d, 0x82, 0x3f];
        let pw = bmp_password(Some("smeg"));
        assert_eq!(
            hex(&derive(HashAlg::Sha1, &pw, &salt, 1, Purpose::Key, 24)),
            "8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3"
        );
        assert_eq!(
            hex(&derive(HashAlg::Sha1, &pw, &salt, 1, Purpose::Iv, 8)),
            "79993dfe048d3b76"
        );
    }
}
