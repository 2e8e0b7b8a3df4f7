//! The algorithms PKCS#12 producers use, parsed from AlgorithmIdentifiers.

use serde::Serialize;

use crate::der::{self, DerError, Tlv};

/// Hashes used by MACs, the PKCS#12 KDF and PBKDF2's HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HashAlg {
    #[serde(rename = "SHA-1")]
    Sha1,
    #[serde(rename = "SHA-224")]
    Sha224,
    #[serde(rename = "SHA-256")]
    Sha256,
    #[serde(rename = "SHA-384")]
    Sha384,
    #[serde(rename = "SHA-512")]
    Sha512,
}

impl HashAlg {
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "SHA-1",
            HashAlg::Sha224 => "SHA-224",
            HashAlg::Sha256 => "SHA-256",
            HashAlg::Sha384 => "SHA-384",
            HashAlg::Sha512 => "SHA-512",
        }
    }

    pub fn output_len(self) -> usize {
        match self {
            HashAlg::Sha1 => 20,
            HashAlg::Sha224 => 28,
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    fn from_digest_oid(oid: &str) -> Option<HashAlg> {
        Some(match oid {
            "1.3.14.3.2.26" => HashAlg::Sha1,
            "2.16.840.1.101.3.4.2.4" => HashAlg::Sha224,
            "2.16.840.1.101.3.4.2.1" => HashAlg::Sha256,
            "2.16.840.1.101.3.4.2.2" => HashAlg::Sha384,
            "2.16.840.1.101.3.4.2.3" => HashAlg::Sha512,
            _ => return None,
        })
    }

    fn from_hmac_oid(oid: &str) -> Option<HashAlg> {
        Some(match oid {
            "1.2.840.113549.2.7" => HashAlg::Sha1,
            "1.2.840.113549.2.8" => HashAlg::Sha224,
            "1.2.840.113549.2.9" => HashAlg::Sha256,
            "1.2.840.113549.2.10" => HashAlg::Sha384,
            "1.2.840.113549.2.11" => HashAlg::Sha512,
            _ => return None,
        })
    }

    pub fn digest_oid(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "1.3.14.3.2.26",
            HashAlg::Sha224 => "2.16.840.1.101.3.4.2.4",
            HashAlg::Sha256 => "2.16.840.1.101.3.4.2.1",
            HashAlg::Sha384 => "2.16.840.1.101.3.4.2.2",
            HashAlg::Sha512 => "2.16.840.1.101.3.4.2.3",
        }
    }

    pub fn hmac_oid(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "1.2.840.113549.2.7",
            HashAlg::Sha224 => "1.2.840.113549.2.8",
            HashAlg::Sha256 => "1.2.840.113549.2.9",
            HashAlg::Sha384 => "1.2.840.113549.2.10",
            HashAlg::Sha512 => "1.2.840.113549.2.11",
        }
    }
}

/// Block ciphers in CBC mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cipher {
    /// Two- or three-key Triple DES (key length 16 or 24).
    TripleDes {
        key_len: usize,
    },
    /// RC2 with an effective key length in bits.
    Rc2 {
        bits: usize,
    },
    Aes128,
    Aes192,
    Aes256,
}

impl Cipher {
    pub fn key_len(self) -> usize {
        match self {
            Cipher::TripleDes { key_len } => key_len,
            Cipher::Rc2 { bits } => bits / 8,
            Cipher::Aes128 => 16,
            Cipher::Aes192 => 24,
            Cipher::Aes256 => 32,
        }
    }

    pub fn block_len(self) -> usize {
        match self {
            Cipher::TripleDes { .. } | Cipher::Rc2 { .. } => 8,
            _ => 16,
        }
    }

    pub fn name(self) -> String {
        match self {
            Cipher::TripleDes { key_len: 16 } => "2-key 3DES-CBC".into(),
            Cipher::TripleDes { .. } => "3DES-CBC".into(),
            Cipher::Rc2 { bits } => format!("RC2-{bits}-CBC"),
            Cipher::Aes128 => "AES-128-CBC".into(),
            Cipher::Aes192 => "AES-192-CBC".into(),
            Cipher::Aes256 => "AES-256-CBC".into(),
        }
    }

    pub fn is_legacy(self) -> bool {
        matches!(self, Cipher::TripleDes { .. } | Cipher::Rc2 { .. })
    }

    pub fn is_aes(self) -> bool {
        matches!(self, Cipher::Aes128 | Cipher::Aes192 | Cipher::Aes256)
    }
}

/// A password-based encryption scheme with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pbe {
    /// PKCS#12's own PBES1 schemes (SHA-1 KDF, BMPString password).
    Pkcs12 {
        cipher: Cipher,
        salt: Vec<u8>,
        iterations: u64,
    },
    /// PBES2: PBKDF2 with an HMAC, then a CBC cipher (password as UTF-8 bytes).
    Pbes2 {
        prf: HashAlg,
        salt: Vec<u8>,
        iterations: u64,
        cipher: Cipher,
        iv: Vec<u8>,
    },
}

impl Pbe {
    pub fn iterations(&self) -> u64 {
        match self {
            Pbe::Pkcs12 { iterations, .. } | Pbe::Pbes2 { iterations, .. } => *iterations,
        }
    }

    pub fn cipher(&self) -> Cipher {
        match self {
            Pbe::Pkcs12 { cipher, .. } | Pbe::Pbes2 { cipher, .. } => *cipher,
        }
    }

    /// A short human-readable name, e.g. "PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC)".
    pub fn describe(&self) -> String {
        match self {
            Pbe::Pkcs12 { cipher, .. } => format!("PKCS#12 PBE (SHA-1, {})", cipher.name()),
            Pbe::Pbes2 { prf, cipher, .. } => {
                format!("PBES2 (PBKDF2-HMAC-{}, {})", prf.name(), cipher.name())
            }
        }
    }
}

/// An algorithm we recognise the shape of but cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlgorithmError {
    #[error("unsupported algorithm {0}")]
    Unsupported(String),
    #[error(transparent)]
    Der(#[from] DerError),
}

/// Reads an AlgorithmIdentifier: (OID as text, parameters if any).
pub fn read_algorithm<'a>(
    tlv: &Tlv<'a>,
    depth: usize,
) -> Result<(String, Option<Tlv<'a>>), DerError> {
    if tlv.tag != der::TAG_SEQUENCE {
        return Err(DerError::Malformed("expected an AlgorithmIdentifier"));
    }
    let mut r = tlv.children(depth)?;
    let oid = r.expect(der::TAG_OID, "expected an algorithm OID")?;
    let params = if r.is_empty() { None } else { Some(r.read()?) };
    Ok((der::oid_to_string(oid.content), params))
}

fn params<'a>(p: Option<Tlv<'a>>) -> Result<Tlv<'a>, DerError> {
    p.ok_or(DerError::Malformed("missing algorithm parameters"))
}

/// Parses a password-based encryption AlgorithmIdentifier.
pub fn parse_pbe(alg: &Tlv<'_>, depth: usize) -> Result<Pbe, AlgorithmError> {
    let (oid, p) = read_algorithm(alg, depth)?;
    let pkcs12_cipher = match oid.as_str() {
        "1.2.840.113549.1.12.1.3" => Some(Cipher::TripleDes { key_len: 24 }),
        "1.2.840.113549.1.12.1.4" => Some(Cipher::TripleDes { key_len: 16 }),
        "1.2.840.113549.1.12.1.5" => Some(Cipher::Rc2 { bits: 128 }),
        "1.2.840.113549.1.12.1.6" => Some(Cipher::Rc2 { bits: 40 }),
        _ => None,
    };
    if let Some(cipher) = pkcs12_cipher {
        let p = params(p)?;
        let mut r = p.children(depth + 1)?;
        let salt = r
            .expect(der::TAG_OCTET_STRING, "expected a salt")?
            .octets(depth + 2)?
            .into_owned();
        let iterations = r
            .expect(der::TAG_INTEGER, "expected an iteration count")?
            .uint()?;
        return Ok(Pbe::Pkcs12 {
            cipher,
            salt,
            iterations,
        });
    }
    match oid.as_str() {
        "1.2.840.113549.1.5.13" => parse_pbes2(params(p)?, depth + 1),
        "1.2.840.113549.1.12.1.1" => {
            Err(AlgorithmError::Unsupported("pbeWithSHAAnd128BitRC4".into()))
        }
        "1.2.840.113549.1.12.1.2" => {
            Err(AlgorithmError::Unsupported("pbeWithSHAAnd40BitRC4".into()))
        }
        "1.2.840.113549.1.5.3" => Err(AlgorithmError::Unsupported("pbeWithMD5AndDES-CBC".into())),
        "1.2.840.113549.1.5.10" => Err(AlgorithmError::Unsupported("pbeWithSHA1AndDES-CBC".into())),
        other => Err(AlgorithmError::Unsupported(other.to_string())),
    }
}

fn parse_pbes2(p: Tlv<'_>, depth: usize) -> Result<Pbe, AlgorithmError> {
    let mut r = p.children(depth)?;
    let kdf = r.expect(der::TAG_SEQUENCE, "expected PBES2 keyDerivationFunc")?;
    let enc = r.expect(der::TAG_SEQUENCE, "expected PBES2 encryptionScheme")?;

    let (kdf_oid, kdf_params) = read_algorithm(&kdf, depth + 1)?;
    if kdf_oid != "1.2.840.113549.1.5.12" {
        return Err(AlgorithmError::Unsupported(format!(
            "PBES2 key derivation {kdf_oid}"
        )));
    }
    let kp = params(kdf_params)?;
    let mut kr = kp.children(depth + 2)?;
    let salt_tlv = kr.read()?;
    if salt_tlv.tag & 0x1f != der::TAG_OCTET_STRING {
        return Err(AlgorithmError::Unsupported(
            "PBKDF2 salt from another source".into(),
        ));
    }
    let salt = salt_tlv.octets(depth + 3)?.into_owned();
    let iterations = kr
        .expect(der::TAG_INTEGER, "expected PBKDF2 iterations")?
        .uint()?;
    let key_length = kr
        .optional(der::TAG_INTEGER)?
        .map(|t| t.uint())
        .transpose()?;
    let prf = match kr.optional(der::TAG_SEQUENCE)? {
        None => HashAlg::Sha1,
        Some(alg) => {
            let (prf_oid, _) = read_algorithm(&alg, depth + 3)?;
            HashAlg::from_hmac_oid(&prf_oid)
                .ok_or_else(|| AlgorithmError::Unsupported(format!("PBKDF2 PRF {prf_oid}")))?
        }
    };

    let (enc_oid, enc_params) = read_algorithm(&enc, depth + 1)?;
    let ep = params(enc_params)?;
    let (cipher, iv) = match enc_oid.as_str() {
        "2.16.840.1.101.3.4.1.2" => (Cipher::Aes128, iv_of(&ep, depth)?),
        "2.16.840.1.101.3.4.1.22" => (Cipher::Aes192, iv_of(&ep, depth)?),
        "2.16.840.1.101.3.4.1.42" => (Cipher::Aes256, iv_of(&ep, depth)?),
        "1.2.840.113549.3.7" => (Cipher::TripleDes { key_len: 24 }, iv_of(&ep, depth)?),
        "1.2.840.113549.3.2" => {
            // RC2-CBC parameters: SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
            let mut r = ep.children(depth + 2)?;
            let version = r
                .optional(der::TAG_INTEGER)?
                .map(|t| t.uint())
                .transpose()?;
            let iv = r
                .expect(der::TAG_OCTET_STRING, "expected an RC2 IV")?
                .octets(depth + 3)?
                .into_owned();
            let bits = match version {
                Some(160) => 40,
                Some(120) => 64,
                Some(58) | None => 128,
                Some(v) if v >= 256 => v as usize,
                Some(v) => {
                    return Err(AlgorithmError::Unsupported(format!(
                        "RC2 parameter version {v}"
                    )));
                }
            };
            let bits = key_length.map(|k| (k * 8) as usize).unwrap_or(bits);
            (Cipher::Rc2 { bits }, iv)
        }
        other => return Err(AlgorithmError::Unsupported(format!("PBES2 cipher {other}"))),
    };
    if iv.len() != cipher.block_len() {
        return Err(AlgorithmError::Der(DerError::Malformed(
            "IV length does not match the cipher",
        )));
    }
    if let Some(k) = key_length
        && k as usize != cipher.key_len()
    {
        return Err(AlgorithmError::Unsupported(format!(
            "PBKDF2 key length {k} for {}",
            cipher.name()
        )));
    }
    Ok(Pbe::Pbes2 {
        prf,
        salt,
        iterations,
        cipher,
        iv,
    })
}

fn iv_of(p: &Tlv<'_>, depth: usize) -> Result<Vec<u8>, DerError> {
    if p.tag & 0x1f != der::TAG_OCTET_STRING {
        return Err(DerError::Malformed("expected an IV"));
    }
    Ok(p.octets(depth + 2)?.into_owned())
}

/// Parses a MAC's DigestAlgorithmIdentifier.
pub fn parse_digest(alg: &Tlv<'_>, depth: usize) -> Result<HashAlg, AlgorithmError> {
    let (oid, _) = read_algorithm(alg, depth)?;
    HashAlg::from_digest_oid(&oid).ok_or(AlgorithmError::Unsupported(format!("MAC digest {oid}")))
}
