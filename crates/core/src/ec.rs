//! The public point of an EC private key stored without it (RFC 5915 makes
//! the point optional; Java writes keys without it): Q = d·G on the key's
//! named curve, encoded uncompressed as certificates carry it.
//!
//! P-256, P-384, P-521 and brainpoolP256r1/P384r1 go through RustCrypto's
//! curve crates, the ones `verify` checks signatures with: constant-time, and
//! far less work than our arithmetic, which (profiled with callgrind) was a
//! quarter of a whole 2,048-iteration check of a P-256 file. The rarer curves
//! no dependency of ours covers (P-192, P-224, secp192k1, secp224k1,
//! secp256k1, which Java and OpenSSL may write) keep the plain Jacobian
//! arithmetic over num-bigint below: once per key pair, on the user's own
//! machine, so neither speed nor constant time matter there.

use num_bigint::BigUint;
use zeroize::Zeroizing;

use crate::oids;

/// Short Weierstrass curves y² = x³ + ax + b over GF(p): OID, name, p, a, b, Gx, Gy (hex).
/// From SEC 2 and RFC 5639, as `openssl ecparam -param_enc explicit` prints them.
const CURVES: &[(&str, &str, [&str; 5])] = &[
    (
        "1.2.840.10045.3.1.1",
        "P-192",
        [
            "fffffffffffffffffffffffffffffffeffffffffffffffff",
            "fffffffffffffffffffffffffffffffefffffffffffffffc",
            "64210519e59c80e70fa7e9ab72243049feb8deecc146b9b1",
            "188da80eb03090f67cbf20eb43a18800f4ff0afd82ff1012",
            "7192b95ffc8da78631011ed6b24cdd573f977a11e794811",
        ],
    ),
    (
        "1.3.132.0.33",
        "P-224",
        [
            "ffffffffffffffffffffffffffffffff000000000000000000000001",
            "fffffffffffffffffffffffffffffffefffffffffffffffffffffffe",
            "b4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4",
            "b70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21",
            "bd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34",
        ],
    ),
    (
        "1.2.840.10045.3.1.7",
        "P-256",
        [
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
            "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc",
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
            "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
            "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
        ],
    ),
    (
        "1.3.132.0.34",
        "P-384",
        [
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc",
            "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
            "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
            "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
        ],
    ),
    (
        "1.3.132.0.35",
        "P-521",
        [
            "1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc",
            "51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
            "c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
            "11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
        ],
    ),
    (
        "1.3.132.0.31",
        "secp192k1",
        [
            "fffffffffffffffffffffffffffffffffffffffeffffee37",
            "0",
            "3",
            "db4ff10ec057e9ae26b07d0280b7f4341da5d1b1eae06c7d",
            "9b2f2f6d9c5628a7844163d015be86344082aa88d95e2f9d",
        ],
    ),
    (
        "1.3.132.0.32",
        "secp224k1",
        [
            "fffffffffffffffffffffffffffffffffffffffffffffffeffffe56d",
            "0",
            "5",
            "a1455b334df099df30fc28a169a467e9e47075a90f7e650eb6b7a45c",
            "7e089fed7fba344282cafbd6f7e319f7c0b0bd59e2ca4bdb556d61a5",
        ],
    ),
    (
        "1.3.132.0.10",
        "secp256k1",
        [
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
            "0",
            "7",
            "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
            "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
        ],
    ),
    (
        "1.3.36.3.3.2.8.1.1.7",
        "brainpoolP256r1",
        [
            "a9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377",
            "7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9",
            "26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6",
            "8bd2aeb9cb7e57cb2c4b482ffc81b7afb9de27e1e3bd23c23a4453bd9ace3262",
            "547ef835c3dac4fd97f8461a14611dc9c27745132ded8e545c1d54c72f046997",
        ],
    ),
    (
        "1.3.36.3.3.2.8.1.1.11",
        "brainpoolP384r1",
        [
            "8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b412b1da197fb71123acd3a729901d1a71874700133107ec53",
            "7bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826",
            "4a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c11",
            "1d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e",
            "8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff99129280e4646217791811142820341263c5315",
        ],
    ),
    (
        "1.3.36.3.3.2.8.1.1.13",
        "brainpoolP512r1",
        [
            "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3",
            "7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94ca",
            "3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723",
            "81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822",
            "7dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892",
        ],
    ),
];

struct Curve {
    p: BigUint,
    a: BigUint,
    /// Only the tests read it (the table's points are on their curves).
    #[cfg_attr(not(test), allow(dead_code))]
    b: BigUint,
    g: (BigUint, BigUint),
    len: usize,
}

fn curve(oid: &str) -> Option<Curve> {
    let (_, _, v) = CURVES.iter().find(|c| c.0 == oid)?;
    let p = hex(v[0]);
    Some(Curve {
        len: p.bits().div_ceil(8) as usize,
        a: hex(v[1]),
        b: hex(v[2]),
        g: (hex(v[3]), hex(v[4])),
        p,
    })
}

fn hex(h: &str) -> BigUint {
    BigUint::parse_bytes(h.as_bytes(), 16).expect("hex constant")
}

/// The curve's name ("P-521", "brainpoolP512r1"), or its OID when unknown.
pub fn name(oid: &str) -> &str {
    CURVES.iter().find(|c| c.0 == oid).map_or(oid, |c| c.1)
}

/// Whether the curve is one certcheck can derive points on.
pub fn known(oid: &str) -> bool {
    CURVES.iter().any(|c| c.0 == oid)
}

/// An affine point; None is the point at infinity.
type Point = Option<(BigUint, BigUint)>;

/// A point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the point at
/// infinity. One inversion per scalar multiplication instead of one per step,
/// which the WebAssembly checker's signature checks need (hundreds of steps).
#[derive(Clone)]
struct Jacobian {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

impl Curve {
    fn inv(&self, x: &BigUint) -> BigUint {
        // Fermat: x^(p-2) mod p, p prime.
        x.modpow(&(&self.p - 2u32), &self.p)
    }

    fn sub(&self, x: &BigUint, y: &BigUint) -> BigUint {
        ((x % &self.p + &self.p) - (y % &self.p)) % &self.p
    }

    fn mulm(&self, x: &BigUint, y: &BigUint) -> BigUint {
        x * y % &self.p
    }

    fn infinity() -> Jacobian {
        Jacobian {
            x: BigUint::from(1u32),
            y: BigUint::from(1u32),
            z: BigUint::ZERO,
        }
    }

    fn lift(&self, (x, y): &(BigUint, BigUint)) -> Jacobian {
        Jacobian {
            x: x.clone(),
            y: y.clone(),
            z: BigUint::from(1u32),
        }
    }

    fn affine(&self, q: &Jacobian) -> Point {
        if q.z == BigUint::ZERO {
            return None;
        }
        let zi = self.inv(&q.z);
        let zi2 = self.mulm(&zi, &zi);
        Some((
            self.mulm(&q.x, &zi2),
            self.mulm(&q.y, &self.mulm(&zi2, &zi)),
        ))
    }

    fn double(&self, q: &Jacobian) -> Jacobian {
        if q.z == BigUint::ZERO || q.y == BigUint::ZERO {
            return Self::infinity();
        }
        let yy = self.mulm(&q.y, &q.y);
        let s = self.mulm(&(4u32 * &q.x), &yy);
        let zz = self.mulm(&q.z, &q.z);
        let m = (3u32 * self.mulm(&q.x, &q.x) + self.mulm(&self.a, &self.mulm(&zz, &zz))) % &self.p;
        let x = self.sub(&self.mulm(&m, &m), &(2u32 * &s));
        let y = self.sub(
            &self.mulm(&m, &self.sub(&s, &x)),
            &(8u32 * self.mulm(&yy, &yy)),
        );
        let z = self.mulm(&(2u32 * &q.y), &q.z);
        Jacobian { x, y, z }
    }

    fn add(&self, s: &Jacobian, t: &Jacobian) -> Jacobian {
        if s.z == BigUint::ZERO {
            return t.clone();
        }
        if t.z == BigUint::ZERO {
            return s.clone();
        }
        let (z1z1, z2z2) = (self.mulm(&s.z, &s.z), self.mulm(&t.z, &t.z));
        let u1 = self.mulm(&s.x, &z2z2);
        let u2 = self.mulm(&t.x, &z1z1);
        let s1 = self.mulm(&s.y, &self.mulm(&t.z, &z2z2));
        let s2 = self.mulm(&t.y, &self.mulm(&s.z, &z1z1));
        if u1 == u2 {
            return if s1 == s2 {
                self.double(s)
            } else {
                Self::infinity()
            };
        }
        let h = self.sub(&u2, &u1);
        let r = self.sub(&s2, &s1);
        let hh = self.mulm(&h, &h);
        let hhh = self.mulm(&hh, &h);
        let v = self.mulm(&u1, &hh);
        let x = self.sub(&self.sub(&self.mulm(&r, &r), &hhh), &(2u32 * &v));
        let y = self.sub(&self.mulm(&r, &self.sub(&v, &x)), &self.mulm(&s1, &hhh));
        let z = self.mulm(&h, &self.mulm(&s.z, &t.z));
        Jacobian { x, y, z }
    }

    /// k·G, double-and-add.
    fn mul(&self, k: &BigUint) -> Point {
        let g = self.lift(&self.g);
        let mut acc = Self::infinity();
        for i in (0..k.bits()).rev() {
            acc = self.double(&acc);
            if k.bit(i) {
                acc = self.add(&acc, &g);
            }
        }
        self.affine(&acc)
    }

    #[cfg(test)]
    fn on_curve(&self, (x, y): &(BigUint, BigUint)) -> bool {
        let p = &self.p;
        x < p && y < p && self.mulm(y, y) == (x * x * x + &self.a * x + &self.b) % p
    }
}

/// The uncompressed public point (04 || X || Y) of scalar `d` on the curve
/// `oid`; None for an unknown curve or a scalar that is 0, too long, or (on
/// the curves with a crate) not below the group order.
pub fn public_point(oid: &str, d: &[u8]) -> Option<Vec<u8>> {
    match oid {
        oids::P256 => point_by_crate!(p256::NistP256, d),
        oids::P384 => point_by_crate!(p384::NistP384, d),
        oids::P521 => point_by_crate!(p521::NistP521, d),
        oids::BRAINPOOL_P256R1 => point_by_crate!(bp256::r1::BrainpoolP256r1, d),
        oids::BRAINPOOL_P384R1 => point_by_crate!(bp384::r1::BrainpoolP384r1, d),
        _ => public_point_by_hand(oid, d),
    }
}

/// d·G by the curve's crate: the scalar is left-padded (or its leading zero
/// bytes dropped) to the field's length; the crate refuses 0 and d ≥ n.
macro_rules! point_by_crate {
    ($curve:ty, $d:expr) => {{
        use p256::elliptic_curve::SecretKey;
        use p256::elliptic_curve::sec1::ToSec1Point as _;
        let len = p256::elliptic_curve::FieldBytes::<$curve>::default().len();
        field_sized($d, len).and_then(|d| {
            SecretKey::<$curve>::from_slice(&d)
                .ok()
                .map(|k| k.public_key().to_sec1_point(false).as_bytes().to_vec())
        })
    }};
}
use point_by_crate;

/// `d` as exactly `len` big-endian bytes: leading zeros added or dropped.
fn field_sized(d: &[u8], len: usize) -> Option<Zeroizing<Vec<u8>>> {
    let first = d.iter().position(|&b| b != 0).unwrap_or(d.len());
    let d = &d[first..];
    if d.len() > len {
        return None;
    }
    let mut out = Zeroizing::new(vec![0u8; len]);
    out[len - d.len()..].copy_from_slice(d);
    Some(out)
}

/// d·G by our own arithmetic, for the curves no crate of ours covers.
fn public_point_by_hand(oid: &str, d: &[u8]) -> Option<Vec<u8>> {
    let c = curve(oid)?;
    let k = BigUint::from_bytes_be(d);
    if k == BigUint::ZERO || d.len() > c.len + 1 {
        return None;
    }
    let (x, y) = c.mul(&k)?;
    let mut out = vec![4u8];
    for v in [x, y] {
        let b = v.to_bytes_be();
        out.extend(std::iter::repeat_n(0, c.len - b.len()));
        out.extend(b);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The crates and our arithmetic agree where both exist, so the curves
    /// left to our own code are computed the way the checked ones are.
    #[test]
    fn crates_and_our_arithmetic_agree() {
        let scalars: [&[u8]; 4] = [&[1], &[2], &[0x12, 0x34, 0x56, 0x78], &[0x7f; 32]];
        for oid in [
            oids::P256,
            oids::P384,
            oids::P521,
            oids::BRAINPOOL_P256R1,
            oids::BRAINPOOL_P384R1,
        ] {
            let c = curve(oid).unwrap();
            assert!(c.on_curve(&c.g), "{oid}: G on the curve");
            for d in scalars {
                let by_crate = public_point(oid, d);
                assert!(by_crate.is_some(), "{oid}: {d:02x?}");
                assert_eq!(by_crate, public_point_by_hand(oid, d), "{oid}: {d:02x?}");
            }
            // 0 has no public point; leading zero bytes do not change d.
            assert_eq!(public_point(oid, &[0, 0]), None, "{oid}: 0");
            assert_eq!(public_point(oid, &[0, 2]), public_point(oid, &[2]), "{oid}");
        }
    }

    #[test]
    fn a_scalar_at_or_above_the_order_has_no_point() {
        // n of P-256 (FIPS 186-4 D.1.2.3).
        let n = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
        let mut d = hex(n).to_bytes_be();
        assert_eq!(public_point(oids::P256, &d), None, "d = n");
        *d.last_mut().unwrap() += 1;
        assert_eq!(public_point(oids::P256, &d), None, "d = n + 1");
        *d.last_mut().unwrap() -= 2;
        assert!(public_point(oids::P256, &d).is_some(), "d = n - 1");
    }

    #[test]
    fn jacobian_agrees_with_repeated_addition() {
        let c = curve("1.2.840.10045.3.1.7").unwrap();
        let g = c.lift(&c.g);
        let mut sum = Curve::infinity();
        for k in 1u32..=20 {
            sum = c.add(&sum, &g);
            assert_eq!(c.affine(&sum), c.mul(&BigUint::from(k)), "{k}·G");
        }
    }
}
