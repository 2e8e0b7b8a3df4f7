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
    Camellia128,
    Camellia192,
    Camellia256,
    /// CAST5 (CAST-128) with a key of 5 to 16 bytes.
    Cast5 {
        key_len: usize,
    },
}

impl Cipher {
    pub fn key_len(self) -> usize {
        match self {
            Cipher::TripleDes { key_len } => key_len,
            Cipher::Rc2 { bits } => bits / 8,
            Cipher::Aes128 => 16,
            Cipher::Aes192 => 24,
            Cipher::Aes256 => 32,
            Cipher::Camellia128 => 16,
            Cipher::Camellia192 => 24,
            Cipher::Camellia256 => 32,
            Cipher::Cast5 { key_len } => key_len,
        }
    }

    pub fn block_len(self) -> usize {
        match self {
            Cipher::TripleDes { .. } | Cipher::Rc2 { .. } | Cipher::Cast5 { .. } => 8,
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
            Cipher::Camellia128 => "Camellia-128-CBC".into(),
            Cipher::Camellia192 => "Camellia-192-CBC".into(),
            Cipher::Camellia256 => "Camellia-256-CBC".into(),
            Cipher::Cast5 { key_len } => format!("CAST5-CBC ({}-bit key)", key_len * 8),
        }
    }

    /// Ciphers OpenSSL 3 only offers in its legacy provider.
    pub fn is_legacy(self) -> bool {
        matches!(
            self,
            Cipher::TripleDes { .. } | Cipher::Rc2 { .. } | Cipher::Cast5 { .. }
        )
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
pub fn read_algorithm<'a>(tlv: &Tlv<'a>) -> Result<(String, Option<Tlv<'a>>), DerError> {
    if tlv.tag != der::TAG_SEQUENCE {
        return Err(DerError::Malformed("expected an AlgorithmIdentifier"));
    }
    let mut r = tlv.children()?;
    let oid = r.expect(der::TAG_OID, "expected an algorithm OID")?;
    let params = if r.is_empty() { None } else { Some(r.read()?) };
    Ok((der::oid_to_string(oid.content), params))
}

fn params<'a>(p: Option<Tlv<'a>>) -> Result<Tlv<'a>, DerError> {
    p.ok_or(DerError::Malformed("missing algorithm parameters"))
}

/// Parses a password-based encryption AlgorithmIdentifier.
pub fn parse_pbe(alg: &Tlv<'_>) -> Result<Pbe, AlgorithmError> {
    let (oid, p) = read_algorithm(alg)?;
    let pkcs12_cipher = match oid.as_str() {
        "1.2.840.113549.1.12.1.3" => Some(Cipher::TripleDes { key_len: 24 }),
        "1.2.840.113549.1.12.1.4" => Some(Cipher::TripleDes { key_len: 16 }),
        "1.2.840.113549.1.12.1.5" => Some(Cipher::Rc2 { bits: 128 }),
        "1.2.840.113549.1.12.1.6" => Some(Cipher::Rc2 { bits: 40 }),
        _ => None,
    };
    if let Some(cipher) = pkcs12_cipher {
        let p = params(p)?;
        let mut r = p.children()?;
        let salt = r
            .expect(der::TAG_OCTET_STRING, "expected a salt")?
            .octets()?
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
        "1.2.840.113549.1.5.13" => parse_pbes2(params(p)?),
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

fn parse_pbes2(p: Tlv<'_>) -> Result<Pbe, AlgorithmError> {
    let mut r = p.children()?;
    let kdf = r.expect(der::TAG_SEQUENCE, "expected PBES2 keyDerivationFunc")?;
    let enc = r.expect(der::TAG_SEQUENCE, "expected PBES2 encryptionScheme")?;

    let (kdf_oid, kdf_params) = read_algorithm(&kdf)?;
    if kdf_oid != "1.2.840.113549.1.5.12" {
        return Err(AlgorithmError::Unsupported(format!(
            "PBES2 key derivation {kdf_oid}"
        )));
    }
    let kp = params(kdf_params)?;
    let mut kr = kp.children()?;
    let salt_tlv = kr.read()?;
    if salt_tlv.tag & 0x1f != der::TAG_OCTET_STRING {
        return Err(AlgorithmError::Unsupported(
            "PBKDF2 salt from another source".into(),
        ));
    }
    let salt = salt_tlv.octets()?.into_owned();
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
            let (prf_oid, _) = read_algorithm(&alg)?;
            HashAlg::from_hmac_oid(&prf_oid)
                .ok_or_else(|| AlgorithmError::Unsupported(format!("PBKDF2 PRF {prf_oid}")))?
        }
    };

    let (enc_oid, enc_params) = read_algorithm(&enc)?;
    let ep = params(enc_params)?;
    let (cipher, iv) = match enc_oid.as_str() {
        "2.16.840.1.101.3.4.1.2" => (Cipher::Aes128, iv_of(&ep)?),
        "2.16.840.1.101.3.4.1.22" => (Cipher::Aes192, iv_of(&ep)?),
        "2.16.840.1.101.3.4.1.42" => (Cipher::Aes256, iv_of(&ep)?),
        "1.2.840.113549.3.7" => (Cipher::TripleDes { key_len: 24 }, iv_of(&ep)?),
        "1.2.392.200011.61.1.1.1.2" => (Cipher::Camellia128, iv_of(&ep)?),
        "1.2.392.200011.61.1.1.1.3" => (Cipher::Camellia192, iv_of(&ep)?),
        "1.2.392.200011.61.1.1.1.4" => (Cipher::Camellia256, iv_of(&ep)?),
        "1.2.840.113533.7.66.10" => {
            // OpenSSL writes the IV alone; RFC 2984 (Bouncy Castle) a
            // SEQUENCE { iv OCTET STRING DEFAULT 0, keyLength INTEGER (bits) }.
            let (iv, bits) = if ep.tag == der::TAG_SEQUENCE {
                let mut r = ep.children()?;
                let iv = match r.optional(der::TAG_OCTET_STRING)? {
                    Some(t) => t.octets()?.into_owned(),
                    None => vec![0; 8],
                };
                let bits = r
                    .expect(der::TAG_INTEGER, "expected the CAST5 key length")?
                    .uint()?;
                (iv, Some(bits))
            } else {
                (iv_of(&ep)?, None)
            };
            // PBKDF2's keyLength, when stated, is the length actually derived.
            let key_len = key_length.or(bits.map(|b| b / 8)).unwrap_or(16);
            if !(5..=16).contains(&key_len) || bits.is_some_and(|b| b != key_len * 8) {
                return Err(AlgorithmError::Unsupported(format!(
                    "CAST5 key length {key_len} bytes"
                )));
            }
            let key_len = key_len as usize;
            (Cipher::Cast5 { key_len }, iv)
        }
        "1.2.840.113549.3.2" => {
            // RC2-CBC parameters: SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
            let mut r = ep.children()?;
            let version = r
                .optional(der::TAG_INTEGER)?
                .map(|t| t.uint())
                .transpose()?;
            let iv = r
                .expect(der::TAG_OCTET_STRING, "expected an RC2 IV")?
                .octets()?
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

fn iv_of(p: &Tlv<'_>) -> Result<Vec<u8>, DerError> {
    if p.tag & 0x1f != der::TAG_OCTET_STRING {
        return Err(DerError::Malformed("expected an IV"));
    }
    Ok(p.octets()?.into_owned())
}

/// Parses a MAC's DigestAlgorithmIdentifier.
pub fn parse_digest(alg: &Tlv<'_>) -> Result<HashAlg, AlgorithmError> {
    let (oid, _) = read_algorithm(alg)?;
    HashAlg::from_digest_oid(&oid).ok_or(AlgorithmError::Unsupported(format!("MAC digest {oid}")))
}

/// PBMAC1 (RFC 8018, used in PKCS#12 by RFC 9579): an HMAC keyed by PBKDF2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pbmac1 {
    pub prf: HashAlg,
    pub hmac: HashAlg,
    pub salt: Vec<u8>,
    pub iterations: u64,
    pub key_len: usize,
}

impl Pbmac1 {
    pub fn describe(&self) -> String {
        format!(
            "PBMAC1 (PBKDF2-HMAC-{}, HMAC-{})",
            self.prf.name(),
            self.hmac.name()
        )
    }
}

/// How the MAC of a PKCS#12 file is keyed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MacAlg {
    /// RFC 7292: the PKCS#12 KDF with this hash, then HMAC with the same hash.
    Pkcs12(HashAlg),
    Pbmac1(Pbmac1),
}

/// Why a MAC algorithm cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MacAlgError {
    #[error("unsupported MAC {0}")]
    Unsupported(String),
    /// Parameters RFC 9579 forbids (no key length, a short key, no salt):
    /// the file is malformed, whatever the password.
    #[error("invalid PBMAC1 parameters: {0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Der(#[from] DerError),
}

/// The shortest PBMAC1 key accepted. RFC 9579 requires keyLength; a key
/// shorter than SHA-1's output would weaken the HMAC below every classic MAC.
pub const PBMAC1_MIN_KEY_LEN: u64 = 20;

/// Parses a MAC's DigestAlgorithmIdentifier: a hash, or PBMAC1 with its parameters.
pub fn parse_mac_algorithm(alg: &Tlv<'_>) -> Result<MacAlg, MacAlgError> {
    let (oid, params) = read_algorithm(alg)?;
    if let Some(h) = HashAlg::from_digest_oid(&oid) {
        return Ok(MacAlg::Pkcs12(h));
    }
    if oid != "1.2.840.113549.1.5.14" {
        return Err(MacAlgError::Unsupported(format!("MAC digest {oid}")));
    }
    // PBMAC1-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, messageAuthScheme AlgorithmIdentifier }
    let p = params.ok_or(MacAlgError::Invalid("no PBMAC1 parameters"))?;
    let mut r = p.children()?;
    let kdf = r.expect(der::TAG_SEQUENCE, "expected PBMAC1 keyDerivationFunc")?;
    let scheme = r.expect(der::TAG_SEQUENCE, "expected PBMAC1 messageAuthScheme")?;
    let (kdf_oid, kdf_params) = read_algorithm(&kdf)?;
    if kdf_oid != "1.2.840.113549.1.5.12" {
        return Err(MacAlgError::Unsupported(format!(
            "PBMAC1 key derivation {kdf_oid}"
        )));
    }
    let kp = kdf_params.ok_or(MacAlgError::Invalid("no PBKDF2 parameters"))?;
    let mut kr = kp.children()?;
    let salt_tlv = kr.read()?;
    if salt_tlv.tag & 0x1f != der::TAG_OCTET_STRING {
        return Err(MacAlgError::Unsupported(
            "PBKDF2 salt from another source".into(),
        ));
    }
    let salt = salt_tlv.octets()?.into_owned();
    let iterations = kr
        .expect(der::TAG_INTEGER, "expected PBKDF2 iterations")?
        .uint()?;
    let key_len = kr
        .optional(der::TAG_INTEGER)?
        .map(|t| t.uint())
        .transpose()?
        .ok_or(MacAlgError::Invalid("PBKDF2 keyLength is missing"))?;
    let prf = match kr.optional(der::TAG_SEQUENCE)? {
        None => HashAlg::Sha1,
        Some(a) => {
            let (prf_oid, _) = read_algorithm(&a)?;
            HashAlg::from_hmac_oid(&prf_oid)
                .ok_or_else(|| MacAlgError::Unsupported(format!("PBKDF2 PRF {prf_oid}")))?
        }
    };
    let (mac_oid, _) = read_algorithm(&scheme)?;
    let hmac = HashAlg::from_hmac_oid(&mac_oid)
        .ok_or_else(|| MacAlgError::Unsupported(format!("PBMAC1 MAC {mac_oid}")))?;
    if salt.is_empty() {
        return Err(MacAlgError::Invalid("the PBKDF2 salt is empty"));
    }
    if iterations == 0 {
        return Err(MacAlgError::Invalid("the PBKDF2 iteration count is 0"));
    }
    if key_len < PBMAC1_MIN_KEY_LEN {
        return Err(MacAlgError::Invalid("the PBKDF2 key is too short"));
    }
    if key_len > 1024 {
        return Err(MacAlgError::Invalid("the PBKDF2 key is too long"));
    }
    Ok(MacAlg::Pbmac1(Pbmac1 {
        prf,
        hmac,
        salt,
        iterations,
        key_len: key_len as usize,
    }))
}
