//! Password encodings and the PKCS#12 key-derivation function (RFC 7292, appendix B).

use digest::core_api::BlockSizeUser;
use digest::{Digest, FixedOutputReset};
use zeroize::{Zeroize, Zeroizing};

use super::algorithms::HashAlg;

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

/// Derives `len` bytes with the PKCS#12 KDF.
pub fn derive(
    hash: HashAlg,
    password_bmp: &[u8],
    salt: &[u8],
    iterations: u32,
    purpose: Purpose,
    len: usize,
) -> Zeroizing<Vec<u8>> {
    match hash {
        HashAlg::Sha1 => derive_with::<sha1::Sha1>(password_bmp, salt, iterations, purpose, len),
        HashAlg::Sha224 => {
            derive_with::<sha2::Sha224>(password_bmp, salt, iterations, purpose, len)
        }
        HashAlg::Sha256 => {
            derive_with::<sha2::Sha256>(password_bmp, salt, iterations, purpose, len)
        }
        HashAlg::Sha384 => {
            derive_with::<sha2::Sha384>(password_bmp, salt, iterations, purpose, len)
        }
        HashAlg::Sha512 => {
            derive_with::<sha2::Sha512>(password_bmp, salt, iterations, purpose, len)
        }
    }
}

fn derive_with<D: Digest + FixedOutputReset + BlockSizeUser>(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    purpose: Purpose,
    len: usize,
) -> Zeroizing<Vec<u8>> {
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
        for _ in 1..iterations.max(1) {
            Digest::update(&mut hasher, &a);
            a = hasher.finalize_reset();
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn bmp_encodings_differ_for_empty_and_absent() {
        assert_eq!(&*bmp_password(None), &[] as &[u8]);
        assert_eq!(&*bmp_password(Some("")), &[0, 0]);
        assert_eq!(&*bmp_password(Some("aé")), &[0, 0x61, 0, 0xe9, 0, 0]);
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
