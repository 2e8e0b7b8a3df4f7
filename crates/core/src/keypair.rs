//! Does a private key belong to a certificate? The public half of the key,
//! read from or derived from its PKCS#8 structure, compared with the
//! certificate's SubjectPublicKeyInfo.
//!
//! RSA and RSA-PSS compare the modulus and exponent; EC the public point (and
//! the curve when both name one), on any curve; Ed25519 and Ed448 the public
//! key derived from the seed; DSA y = g^x mod p, with the domain parameters
//! from the key, the certificate or, when the certificate inherits them, the
//! issuing CA certificate. Anything else is [`Comparison::Cannot`]: never a
//! mismatch.

use num_bigint::BigUint;
use zeroize::Zeroizing;

use crate::der::{self, Reader, Tlv};
use crate::oids;

/// Larger DSA moduli than any real key: refused rather than exponentiated.
const MAX_DSA_BYTES: usize = 1024;

/// The outcome of comparing one key with one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    Match,
    Mismatch,
    /// This kind of key cannot be compared; the text names it.
    Cannot(String),
}

/// DSA domain parameters (p, q, g), big-endian magnitudes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsaParams {
    p: Vec<u8>,
    g: Vec<u8>,
}

/// What a PKCS#8 key says about its public half. Debug leaves secrets out.
pub enum PrivateKey {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    Ec {
        curve: Option<String>,
        point: Option<Vec<u8>>,
        /// The private scalar, kept only when the point is absent.
        scalar: Option<Zeroizing<Vec<u8>>>,
    },
    /// Ed25519 or Ed448: the public key, derived from the seed.
    Edwards {
        oid: &'static str,
        public: Vec<u8>,
    },
    Dsa {
        params: Option<DsaParams>,
        x: Zeroizing<Vec<u8>>,
    },
    /// Another algorithm, or a key that cannot be read: named for the report.
    Other(String),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrivateKey::Rsa { .. } => f.write_str("Rsa"),
            PrivateKey::Ec { curve, .. } => write!(f, "Ec({curve:?})"),
            PrivateKey::Edwards { oid, .. } => write!(f, "Edwards({oid})"),
            PrivateKey::Dsa { .. } => f.write_str("Dsa(redacted)"),
            PrivateKey::Other(n) => write!(f, "Other({n})"),
        }
    }
}

/// The certificate's public key, as the comparison needs it.
pub struct PublicKeyInfo<'a> {
    pub oid: String,
    /// The AlgorithmIdentifier's parameters, if any.
    pub params: Option<Tlv<'a>>,
    /// The BIT STRING's content without the unused-bits byte.
    pub key: &'a [u8],
}

/// Reads a DER SubjectPublicKeyInfo.
pub fn parse_spki(spki: &[u8]) -> Option<PublicKeyInfo<'_>> {
    let seq = Reader::new(spki).read().ok()?;
    let mut r = seq.children().ok()?;
    let alg = r.expect(der::TAG_SEQUENCE, "").ok()?;
    let mut ar = alg.children().ok()?;
    let oid = der::oid_to_string(ar.expect(der::TAG_OID, "").ok()?.content);
    let params = if ar.is_empty() { None } else { ar.read().ok() };
    let bits = r.expect(der::TAG_BIT_STRING, "").ok()?;
    Some(PublicKeyInfo {
        oid,
        params,
        key: bits.content.get(1..)?,
    })
}

fn name_of(oid: &str) -> String {
    match oid {
        "1.2.643.2.2.19" | "1.2.643.7.1.1.1.1" | "1.2.643.7.1.1.1.2" => format!("GOST ({oid})"),
        "1.3.101.110" => "X25519".into(),
        "1.3.101.111" => "X448".into(),
        other => other.to_string(),
    }
}

/// Reads a PKCS#8 PrivateKeyInfo (v1 or v2).
pub fn parse_private(pkcs8: &[u8]) -> PrivateKey {
    parse_private_inner(pkcs8).unwrap_or_else(|| PrivateKey::Other("unreadable key".into()))
}

fn parse_private_inner(pkcs8: &[u8]) -> Option<PrivateKey> {
    let seq = Reader::new(pkcs8).read().ok()?;
    let mut r = seq.children().ok()?;
    r.expect(der::TAG_INTEGER, "").ok()?;
    let alg = r.expect(der::TAG_SEQUENCE, "").ok()?;
    let mut ar = alg.children().ok()?;
    let oid = der::oid_to_string(ar.expect(der::TAG_OID, "").ok()?.content);
    let params = if ar.is_empty() { None } else { ar.read().ok() };
    let private = r.expect(der::TAG_OCTET_STRING, "").ok()?;
    let private = private.content;
    Some(match oid.as_str() {
        oids::RSA | oids::RSA_PSS | oids::RSAES_OAEP => {
            let rsa = Reader::new(private).read().ok()?;
            let mut rr = rsa.children().ok()?;
            rr.read().ok()?; // version
            let n = rr.read().ok()?.uint_bytes().ok()?.to_vec();
            let e = rr.read().ok()?.uint_bytes().ok()?.to_vec();
            PrivateKey::Rsa { n, e }
        }
        oids::EC => {
            // ECPrivateKey: version, privateKey, [0] parameters, [1] publicKey.
            let mut curve = params
                .filter(|p| p.tag == der::TAG_OID)
                .map(|p| der::oid_to_string(p.content));
            let mut point = None;
            let mut scalar = None;
            let ec = Reader::new(private).read().ok()?;
            let mut er = ec.children().ok()?;
            while !er.is_empty() {
                let t = er.read().ok()?;
                match t.tag {
                    der::TAG_OCTET_STRING => scalar = Some(Zeroizing::new(t.content.to_vec())),
                    0xa0 => {
                        let inner = t.children().ok()?.read().ok()?;
                        if inner.tag == der::TAG_OID && curve.is_none() {
                            curve = Some(der::oid_to_string(inner.content));
                        }
                    }
                    0xa1 => {
                        let bits = t.children().ok()?.read().ok()?;
                        point = bits.content.get(1..).map(<[u8]>::to_vec);
                    }
                    _ => {}
                }
            }
            PrivateKey::Ec {
                curve,
                scalar: if point.is_some() { None } else { scalar },
                point,
            }
        }
        oids::ED25519 => PrivateKey::Edwards {
            oid: oids::ED25519,
            public: ed25519_public(Reader::new(private).read().ok()?.content)?,
        },
        oids::ED448 => PrivateKey::Edwards {
            oid: oids::ED448,
            public: ed448_public(Reader::new(private).read().ok()?.content)?,
        },
        oids::DSA => {
            let x = Reader::new(private).read().ok()?;
            if x.tag != der::TAG_INTEGER {
                return None;
            }
            PrivateKey::Dsa {
                params: params.and_then(|p| dsa_params(&p)),
                x: Zeroizing::new(x.uint_bytes().ok()?.to_vec()),
            }
        }
        other => PrivateKey::Other(name_of(other)),
    })
}

/// Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }
pub fn dsa_params(t: &Tlv<'_>) -> Option<DsaParams> {
    if t.tag != der::TAG_SEQUENCE {
        return None;
    }
    let mut r = t.children().ok()?;
    let p = r.expect(der::TAG_INTEGER, "").ok()?.uint_bytes().ok()?;
    r.expect(der::TAG_INTEGER, "").ok()?;
    let g = r.expect(der::TAG_INTEGER, "").ok()?.uint_bytes().ok()?;
    Some(DsaParams {
        p: p.to_vec(),
        g: g.to_vec(),
    })
}

impl PrivateKey {
    /// Compares with a certificate's public key. `inherited` gives the DSA
    /// parameters of the issuing CA when the certificate states none.
    pub fn compare(
        &self,
        cert: &PublicKeyInfo<'_>,
        inherited: &dyn Fn() -> Option<DsaParams>,
    ) -> Comparison {
        let verdict = |same: bool| {
            if same {
                Comparison::Match
            } else {
                Comparison::Mismatch
            }
        };
        match self {
            PrivateKey::Rsa { n, e } => match cert.oid.as_str() {
                oids::RSA | oids::RSA_PSS | oids::RSAES_OAEP => verdict(
                    rsa_public(cert.key).is_some_and(|(cn, ce)| cn == n.as_slice() && ce == e),
                ),
                _ => Comparison::Mismatch,
            },
            PrivateKey::Ec {
                curve,
                point,
                scalar,
            } => {
                if cert.oid != oids::EC {
                    return Comparison::Mismatch;
                }
                let cert_curve = cert
                    .params
                    .as_ref()
                    .filter(|p| p.tag == der::TAG_OID)
                    .map(|p| der::oid_to_string(p.content));
                if let (Some(a), Some(b)) = (curve, &cert_curve)
                    && a != b
                {
                    return Comparison::Mismatch;
                }
                let derived;
                let point = match (point, scalar, curve.as_ref().or(cert_curve.as_ref())) {
                    (Some(p), _, _) => p,
                    (None, Some(d), Some(c)) if crate::ec::known(c) => {
                        match crate::ec::public_point(c, d) {
                            Some(p) => {
                                derived = p;
                                &derived
                            }
                            None => return Comparison::Mismatch,
                        }
                    }
                    _ => {
                        return Comparison::Cannot(
                            "EC (no public point, curve not supported)".into(),
                        );
                    }
                };
                verdict(same_point(point, cert.key))
            }
            PrivateKey::Edwards { oid, public } => {
                verdict(cert.oid == *oid && public.as_slice() == cert.key)
            }
            PrivateKey::Dsa { params, x } => {
                if cert.oid != oids::DSA {
                    return Comparison::Mismatch;
                }
                let params = params
                    .clone()
                    .or_else(|| cert.params.as_ref().and_then(dsa_params))
                    .or_else(inherited);
                let Some(params) = params else {
                    return Comparison::Cannot("DSA (no domain parameters)".into());
                };
                if params.p.len() > MAX_DSA_BYTES || params.p.iter().all(|&b| b == 0) {
                    return Comparison::Cannot("DSA (unusual domain parameters)".into());
                }
                let Some(y) = Reader::new(cert.key)
                    .read()
                    .ok()
                    .filter(|t| t.tag == der::TAG_INTEGER)
                    .and_then(|t| t.uint_bytes().ok())
                else {
                    return Comparison::Mismatch;
                };
                let p = BigUint::from_bytes_be(&params.p);
                let g = BigUint::from_bytes_be(&params.g);
                let x = BigUint::from_bytes_be(x);
                verdict(g.modpow(&x, &p) == BigUint::from_bytes_be(y))
            }
            PrivateKey::Other(name) => Comparison::Cannot(name.clone()),
        }
    }
}

/// Equal points, one possibly compressed (02/03 || X) and the other not (04 || X || Y).
fn same_point(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (full, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    match (full.first(), short.first()) {
        (Some(4), Some(&prefix @ (2 | 3))) if full.len() == 2 * short.len() - 1 => {
            let x = &full[1..short.len()];
            x == &short[1..] && full.last().is_some_and(|y| y & 1 == prefix & 1)
        }
        _ => false,
    }
}

fn rsa_public(bits: &[u8]) -> Option<(&[u8], &[u8])> {
    let seq = Reader::new(bits).read().ok()?;
    let mut r = seq.children().ok()?;
    let n = r.read().ok()?.uint_bytes().ok()?;
    let e = r.read().ok()?.uint_bytes().ok()?;
    Some((n, e))
}

/// The Ed25519 public key of a 32-byte seed (RFC 8032 5.1.5).
fn ed25519_public(seed: &[u8]) -> Option<Vec<u8>> {
    let seed = <&[u8; 32]>::try_from(seed).ok()?;
    Some(
        ed25519_dalek::SigningKey::from_bytes(seed)
            .verifying_key()
            .to_bytes()
            .to_vec(),
    )
}

/// The Ed448 public key of a 57-byte seed (RFC 8032 5.2.5).
fn ed448_public(seed: &[u8]) -> Option<Vec<u8>> {
    let key = ed448_goldilocks::SigningKey::try_from(seed).ok()?;
    Some(key.verifying_key().as_bytes().to_vec())
}
