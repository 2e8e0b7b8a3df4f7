//! Password encodings and the PKCS#12 key-derivation function (RFC 7292, appendix B).

use digest::consts::U64;
use digest::core_api::BlockSizeUser;
use digest::generic_array::GenericArray;
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
    // The hashes with 64-byte blocks re-hash one digest per round with one
    // raw compression; SHA-384/512 go through the streaming API.
    match hash {
        HashAlg::Sha1 => derive_with::<sha1::Sha1>(args, Some(raw_rounds::<Sha1Raw>)),
        HashAlg::Sha224 => derive_with::<sha2::Sha224>(args, Some(raw_rounds::<Sha224Raw>)),
        HashAlg::Sha256 => derive_with::<sha2::Sha256>(args, Some(raw_rounds::<Sha256Raw>)),
        HashAlg::Sha384 => derive_with::<sha2::Sha384>(args, None),
        HashAlg::Sha512 => derive_with::<sha2::Sha512>(args, None),
    }
}

type DeriveArgs<'a> = (&'a [u8], &'a [u8], u32, Purpose, usize, &'a Budget);

/// `a = H(a)`, `rounds` times, for a digest `a` (see `raw_rounds`).
type Rounds = fn(&mut [u8], u32);

fn derive_with<D: Digest + FixedOutputReset + BlockSizeUser>(
    (password, salt, iterations, purpose, len, budget): DeriveArgs<'_>,
    raw: Option<Rounds>,
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
            match raw {
                Some(rounds) => rounds(a.as_mut_slice(), slice),
                None => {
                    for _ in 0..slice {
                        Digest::update(&mut hasher, &a);
                        a = hasher.finalize_reset();
                    }
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

/// One 64-byte block of SHA-1 or SHA-2/256.
pub(super) type Block = GenericArray<u8, U64>;

/// A hash with 64-byte blocks and big-endian 32-bit words whose compression
/// function is called directly (SHA-1, SHA-224, SHA-256): re-hashing one
/// digest, as the KDFs do hundreds of thousands of times, is then one
/// compression of a block padded once, without the streaming API's
/// buffering and finalization around each.
pub(super) trait RawHash {
    type State: Copy + AsRef<[u32]>;
    /// The initial state.
    const H0: Self::State;
    /// Digest length in bytes (the leading words of the state).
    const OUT: usize;
    fn compress(state: &mut Self::State, block: &Block);
}

pub(super) struct Sha1Raw;
pub(super) struct Sha224Raw;
pub(super) struct Sha256Raw;

impl RawHash for Sha1Raw {
    type State = [u32; 5];
    const H0: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    const OUT: usize = 20;
    fn compress(state: &mut [u32; 5], block: &Block) {
        sha1::compress(state, std::slice::from_ref(block));
    }
}

impl RawHash for Sha224Raw {
    type State = [u32; 8];
    const H0: [u32; 8] = [
        0xc105_9ed8,
        0x367c_d507,
        0x3070_dd17,
        0xf70e_5939,
        0xffc0_0b31,
        0x6858_1511,
        0x64f9_8fa7,
        0xbefa_4fa4,
    ];
    const OUT: usize = 28;
    fn compress(state: &mut [u32; 8], block: &Block) {
        sha2::compress256(state, std::slice::from_ref(block));
    }
}

impl RawHash for Sha256Raw {
    type State = [u32; 8];
    const H0: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    const OUT: usize = 32;
    fn compress(state: &mut [u32; 8], block: &Block) {
        sha2::compress256(state, std::slice::from_ref(block));
    }
}

/// The digest a state holds, into `out` (`H::OUT` bytes).
pub(super) fn write_digest<H: RawHash>(state: &H::State, out: &mut [u8]) {
    for (chunk, word) in out[..H::OUT].chunks_exact_mut(4).zip(state.as_ref()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
}

/// A block holding a digest at its start, padded as the last block of a
/// message of `total` bytes (the digest included): the KDFs overwrite the
/// digest each round and keep the padding.
pub(super) fn padded_digest_block<H: RawHash>(total: u64) -> Block {
    let mut block = Block::default();
    block[H::OUT] = 0x80;
    block[56..].copy_from_slice(&(total * 8).to_be_bytes());
    block
}

/// Hashes `msg` on from `state`, which has already taken `before` bytes (a
/// multiple of 64): the padding and every block, raw.
pub(super) fn raw_hash_from<H: RawHash>(mut state: H::State, before: u64, msg: &[u8]) -> H::State {
    let total = before + msg.len() as u64;
    let mut tail = Zeroizing::new(msg.to_vec());
    tail.push(0x80);
    while tail.len() % 64 != 56 {
        tail.push(0);
    }
    tail.extend_from_slice(&(total * 8).to_be_bytes());
    for block in tail.chunks_exact(64) {
        H::compress(&mut state, Block::from_slice(block));
    }
    state
}

/// `a = H(a)`, `rounds` times, for a digest `a`: one raw compression of a
/// pre-padded block per round.
fn raw_rounds<H: RawHash>(a: &mut [u8], rounds: u32) {
    let mut block = padded_digest_block::<H>(H::OUT as u64);
    for _ in 0..rounds {
        block[..H::OUT].copy_from_slice(a);
        let mut state = H::H0;
        H::compress(&mut state, &block);
        write_digest::<H>(&state, a);
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

    /// `raw_rounds::<R>` against `D`'s streaming hash, 1 and 1000 rounds.
    fn raw_rounds_equal<R: RawHash, D: Digest>() {
        let start = vec![7u8; R::OUT];
        let mut slow = D::digest(&start).to_vec();
        let mut fast = start.clone();
        raw_rounds::<R>(&mut fast, 1);
        assert_eq!(fast, slow);
        for _ in 1..1000 {
            slow = D::digest(&slow).to_vec();
        }
        let mut fast = start;
        raw_rounds::<R>(&mut fast, 1000);
        assert_eq!(fast, slow);
    }

    #[test]
    fn raw_rounds_equal_the_streaming_hash() {
        raw_rounds_equal::<Sha1Raw, sha1::Sha1>();
        raw_rounds_equal::<Sha224Raw, sha2::Sha224>();
        raw_rounds_equal::<Sha256Raw, sha2::Sha256>();
    }

    #[test]
    fn raw_hash_from_equals_the_streaming_hash_at_every_length() {
        for len in 0..200 {
            let msg: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let mut out = [0u8; 32];
            write_digest::<Sha256Raw>(
                &raw_hash_from::<Sha256Raw>(Sha256Raw::H0, 0, &msg),
                &mut out,
            );
            assert_eq!(&out[..], &sha2::Sha256::digest(&msg)[..], "{len}");
            let mut out = [0u8; 20];
            write_digest::<Sha1Raw>(&raw_hash_from::<Sha1Raw>(Sha1Raw::H0, 0, &msg), &mut out);
            assert_eq!(&out[..], &sha1::Sha1::digest(&msg)[..], "{len}");
        }
    }

    #[test]
    fn raw_rounds_give_the_streaming_kdf_for_every_hash_with_them() {
        // Several counts (one slice, several slices and a partial one) and
        // lengths over more than one output block.
        let salt = [0x0a, 0x58, 0xcf, 0x64, 0x53, 0x0d, 0x82, 0x3f];
        let pw = bmp_password(Some("Kaigo-Sample-2026"));
        for iterations in [1u32, 2, 3, 2048, 4096, 4097, 10_000] {
            for len in [8usize, 20, 24, 28, 32, 33, 64, 100] {
                let budget = Budget::unlimited();
                let args = (&pw[..], &salt[..], iterations, Purpose::Key, len, &budget);
                type Derive =
                    fn(DeriveArgs<'_>, Option<Rounds>) -> Result<Zeroizing<Vec<u8>>, Exhausted>;
                let pairs: [(Derive, Rounds); 3] = [
                    (derive_with::<sha1::Sha1>, raw_rounds::<Sha1Raw>),
                    (derive_with::<sha2::Sha224>, raw_rounds::<Sha224Raw>),
                    (derive_with::<sha2::Sha256>, raw_rounds::<Sha256Raw>),
                ];
                for (k, (derive, raw)) in pairs.into_iter().enumerate() {
                    assert_eq!(
                        *derive(args, Some(raw)).unwrap(),
                        *derive(args, None).unwrap(),
                        "hash {k}, {iterations} iterations, {len} bytes"
                    );
                }
            }
        }
    }

    #[test]
    fn known_answer_sha256() {
        // The KDF spelled out with the streaming hash: one iteration is
        // H(D || I) (D the purpose byte, I salt and password each repeated to
        // 64 bytes); each further one re-hashes the digest.
        let salt = [1u8, 2, 3, 4, 5, 6, 7, 8];
        let pw = bmp_password(Some("smeg"));
        let mut i = Vec::new();
        for k in 0..64 {
            i.push(salt[k % salt.len()]);
        }
        for k in 0..64 {
            i.push(pw[k % pw.len()]);
        }
        let mut h = sha2::Sha256::new();
        Digest::update(&mut h, [3u8; 64]);
        Digest::update(&mut h, &i);
        let mut a = h.finalize().to_vec();
        assert_eq!(
            *derive(HashAlg::Sha256, &pw, &salt, 1, Purpose::Mac, 32),
            a[..]
        );
        for _ in 1..5000 {
            a = sha2::Sha256::digest(&a).to_vec();
        }
        assert_eq!(
            *derive(HashAlg::Sha256, &pw, &salt, 5000, Purpose::Mac, 32),
            a[..]
        );
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
