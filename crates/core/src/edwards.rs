//! The public key of an Ed25519 or Ed448 private key (RFC 8032 5.1.5 and
//! 5.2.5): hash the seed, prune it into a scalar s, encode s·B. PKCS#8 keeps
//! only the seed, so this is how a key is compared with its certificate.
//!
//! Projective arithmetic over num-bigint with the complete addition law,
//! like `ec`: once per key on the user's own machine, so neither speed nor
//! constant time matter, and the same code serves the CLI and the guide's
//! WebAssembly checker (which has no ring).

use num_bigint::BigUint;
use sha2::Digest as _;
use sha3::digest::{ExtendableOutput, Update, XofReader};
use zeroize::Zeroizing;

/// a·x² + y² = 1 + d·x²·y² over GF(p), base point B, `len`-byte encodings.
struct Curve {
    p: BigUint,
    a: BigUint,
    d: BigUint,
    b: (BigUint, BigUint),
    len: usize,
}

fn dec(s: &str) -> BigUint {
    BigUint::parse_bytes(s.as_bytes(), 10).expect("decimal constant")
}

/// edwards25519: p = 2^255 - 19, a = -1 (RFC 8032 5.1).
fn ed25519() -> Curve {
    let p = (BigUint::from(1u32) << 255u32) - 19u32;
    Curve {
        a: &p - 1u32,
        d: dec("37095705934669439343138083508754565189542113879843219016388785533085940283555"),
        b: (
            dec("15112221349535400772501151409588531511454012693041857206046113283949847762202"),
            dec("46316835694926478169428394003475163141307993866256225615783033603165251855960"),
        ),
        len: 32,
        p,
    }
}

/// edwards448: p = 2^448 - 2^224 - 1, a = 1, d = -39081 (RFC 8032 5.2).
fn ed448() -> Curve {
    let one = BigUint::from(1u32);
    let p = (&one << 448u32) - (&one << 224u32) - 1u32;
    Curve {
        a: one,
        d: &p - 39081u32,
        b: (
            dec(
                "224580040295924300187604334099896036246789641632564134246125461686950415467406032909029192869357953282578032075146446173674602635247710",
            ),
            dec(
                "298819210078481492676017930443930673437544040154080242095928241372331506189835876003536878655418784733982303233503462500531545062832660",
            ),
        ),
        len: 57,
        p,
    }
}

/// (X : Y : Z) with x = X/Z, y = Y/Z.
#[derive(Clone)]
struct Projective(BigUint, BigUint, BigUint);

impl Curve {
    fn m(&self, x: &BigUint, y: &BigUint) -> BigUint {
        x * y % &self.p
    }

    fn sub(&self, x: &BigUint, y: &BigUint) -> BigUint {
        (x + &self.p - y % &self.p) % &self.p
    }

    /// Projective addition (Bernstein, Birkner, Joye, Lange, Peters 2008); complete
    /// on these curves (d is not a square), so it also doubles.
    fn add(&self, s: &Projective, t: &Projective) -> Projective {
        let a = self.m(&s.2, &t.2);
        let b = self.m(&a, &a);
        let c = self.m(&s.0, &t.0);
        let d = self.m(&s.1, &t.1);
        let e = self.m(&self.d, &self.m(&c, &d));
        let f = self.sub(&b, &e);
        let g = (b + e) % &self.p;
        let cross = self.m(&(&s.0 + &s.1), &(&t.0 + &t.1));
        let x = self.m(&self.m(&a, &f), &self.sub(&self.sub(&cross, &c), &d));
        let y = self.m(&self.m(&a, &g), &self.sub(&d, &self.m(&self.a, &c)));
        Projective(x, y, self.m(&f, &g))
    }

    fn mul_point(&self, k: &BigUint, (x, y): &(BigUint, BigUint)) -> Projective {
        let base = Projective(x.clone(), y.clone(), BigUint::from(1u32));
        let mut acc = Projective(BigUint::ZERO, BigUint::from(1u32), BigUint::from(1u32));
        for i in (0..k.bits()).rev() {
            acc = self.add(&acc, &acc);
            if k.bit(i) {
                acc = self.add(&acc, &base);
            }
        }
        acc
    }

    fn affine(&self, q: &Projective) -> (BigUint, BigUint) {
        let zi = q.2.modpow(&(&self.p - 2u32), &self.p);
        (self.m(&q.0, &zi), self.m(&q.1, &zi))
    }

    fn mul(&self, k: &BigUint) -> (BigUint, BigUint) {
        self.affine(&self.mul_point(k, &self.b))
    }

    /// y little-endian in `len` bytes, x's low bit in the top bit of the last byte.
    fn encode(&self, (x, y): (BigUint, BigUint)) -> Vec<u8> {
        let mut out = y.to_bytes_le();
        out.resize(self.len, 0);
        if x.bit(0) {
            out[self.len - 1] |= 0x80;
        }
        out
    }

    #[cfg(test)]
    fn on_curve(&self, (x, y): &(BigUint, BigUint)) -> bool {
        let (xx, yy) = (self.m(x, x), self.m(y, y));
        (self.m(&self.a, &xx) + &yy) % &self.p
            == (BigUint::from(1u32) + self.m(&self.d, &self.m(&xx, &yy))) % &self.p
    }
}

// Signature checks: the native build verifies with ring instead, and tests
// these against the same chains (tests/signatures.rs runs in both builds).
#[cfg_attr(feature = "native", allow(dead_code))]
impl Curve {
    /// An Ed25519 point encoding (RFC 8032 5.1.3), if it names a point.
    fn decode25519(&self, bytes: &[u8]) -> Option<(BigUint, BigUint)> {
        let bytes: &[u8; 32] = bytes.try_into().ok()?;
        let sign = bytes[31] >> 7;
        let mut yb = *bytes;
        yb[31] &= 0x7f;
        let y = BigUint::from_bytes_le(&yb);
        if y >= self.p {
            return None;
        }
        let one = BigUint::from(1u32);
        let yy = self.m(&y, &y);
        // x² = (y² - 1) / (d·y² + 1); p ≡ 5 (mod 8), so a root is u^((p+3)/8), times √-1 if needed.
        let u = self.m(
            &self.sub(&yy, &one),
            &((self.m(&self.d, &yy) + &one) % &self.p).modpow(&(&self.p - 2u32), &self.p),
        );
        let mut x = u.modpow(&((&self.p + 3u32) >> 3u32), &self.p);
        if self.m(&x, &x) != u {
            let sqrt_m1 = BigUint::from(2u32).modpow(&((&self.p - 1u32) >> 2u32), &self.p);
            x = self.m(&x, &sqrt_m1);
            if self.m(&x, &x) != u {
                return None;
            }
        }
        if x == BigUint::ZERO && sign == 1 {
            return None;
        }
        if x.bit(0) != (sign == 1) {
            x = &self.p - x;
        }
        Some((x, y))
    }
}

#[cfg_attr(feature = "native", allow(dead_code))]
/// Ed25519 verification (RFC 8032 5.1.7) as ring does it: S < L, then the
/// encoding of [S]B - [k]A must equal R, byte for byte.
pub fn ed25519_verify(public: &[u8], msg: &[u8], signature: &[u8]) -> bool {
    let c = ed25519();
    let (Some(a), Ok(signature)) = (c.decode25519(public), <&[u8; 64]>::try_from(signature)) else {
        return false;
    };
    let (r, s) = signature.split_at(32);
    let order = (BigUint::from(1u32) << 252u32) + dec("27742317777372353535851937790883648493");
    let s = BigUint::from_bytes_le(s);
    if s >= order {
        return false;
    }
    let k = BigUint::from_bytes_le(
        &sha2::Sha512::new()
            .chain_update(r)
            .chain_update(public)
            .chain_update(msg)
            .finalize(),
    ) % &order;
    let minus_a = (&c.p - &a.0, a.1.clone());
    let sum = c.add(&c.mul_point(&s, &c.b), &c.mul_point(&k, &minus_a));
    c.encode(c.affine(&sum)) == r
}

/// The Ed25519 public key of a 32-byte seed (RFC 8032 5.1.5).
pub fn ed25519_public(seed: &[u8]) -> Option<Vec<u8>> {
    if seed.len() != 32 {
        return None;
    }
    let mut h = Zeroizing::new([0u8; 64]);
    h.copy_from_slice(&sha2::Sha512::digest(seed));
    h[0] &= 0xf8;
    h[31] &= 0x7f;
    h[31] |= 0x40;
    let c = ed25519();
    Some(c.encode(c.mul(&BigUint::from_bytes_le(&h[..32]))))
}

/// The Ed448 public key of a 57-byte seed (RFC 8032 5.2.5).
pub fn ed448_public(seed: &[u8]) -> Option<Vec<u8>> {
    if seed.len() != 57 {
        return None;
    }
    let mut h = Zeroizing::new([0u8; 114]);
    let mut shake = sha3::Shake256::default();
    shake.update(seed);
    shake.finalize_xof().read(&mut *h);
    // Prune: clear the two lowest bits, set the highest bit of the second-to-last byte, zero the last.
    h[0] &= 0xfc;
    h[55] |= 0x80;
    h[56] = 0;
    let c = ed448();
    Some(c.encode(c.mul(&BigUint::from_bytes_le(&h[..57]))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        crate::hex::decode(s).unwrap()
    }

    #[test]
    fn base_points_are_on_their_curves() {
        for c in [ed25519(), ed448()] {
            assert!(c.on_curve(&c.b));
        }
    }

    #[test]
    fn ed25519_rfc8032_test_1() {
        // RFC 8032, 7.1, TEST 1.
        let seed = unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        let public = unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assert_eq!(ed25519_public(&seed).unwrap(), public);
    }

    #[test]
    fn ed448_rfc8032_blank() {
        // RFC 8032, 7.4, "Blank": the secret key and its public key.
        let seed = unhex(
            "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
        );
        let public = unhex(
            "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180",
        );
        assert_eq!(ed448_public(&seed).unwrap(), public);
    }

    #[test]
    fn ed25519_rfc8032_test_2_verifies_and_a_change_does_not() {
        // RFC 8032, 7.1, TEST 2: one-byte message 0x72.
        let public = unhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        let sig = unhex(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        );
        assert!(ed25519_verify(&public, &[0x72], &sig));
        assert!(!ed25519_verify(&public, &[0x73], &sig));
        let mut bad = sig.clone();
        bad[0] ^= 1;
        assert!(!ed25519_verify(&public, &[0x72], &bad));
        // S + L: the same point, but S out of range.
        let mut high = sig.clone();
        high[63] |= 0x80;
        assert!(!ed25519_verify(&public, &[0x72], &high));
    }

    /// ring as the oracle for Ed25519 on many seeds (native build only).
    #[cfg(feature = "native")]
    #[test]
    fn ed25519_agrees_with_ring() {
        let mut seed = [0u8; 32];
        for i in 0..64u8 {
            for (j, b) in seed.iter_mut().enumerate() {
                *b = i.wrapping_mul(31).wrapping_add(j as u8).wrapping_mul(197);
            }
            let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(&seed).unwrap();
            let expected = ring::signature::KeyPair::public_key(&pair)
                .as_ref()
                .to_vec();
            assert_eq!(ed25519_public(&seed).unwrap(), expected, "seed {i}");
        }
    }
}
