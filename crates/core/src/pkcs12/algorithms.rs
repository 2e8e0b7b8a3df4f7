//! The algorithms PKCS#12 producers use, parsed from AlgorithmIdentifiers.

use crate::der::{self, DerError, Tlv, oid};

// OBJECT IDENTIFIERs written dotted, compared as their DER content bytes
// (made at compile time); the dotted form is made back only to name an
// unknown algorithm in a message.
const AES128_CBC: &[u8] = oid!("2.16.840.1.101.3.4.1.2");
const AES192_CBC: &[u8] = oid!("2.16.840.1.101.3.4.1.22");
const AES256_CBC: &[u8] = oid!("2.16.840.1.101.3.4.1.42");
const CAMELLIA128_CBC: &[u8] = oid!("1.2.392.200011.61.1.1.1.2");
const CAMELLIA192_CBC: &[u8] = oid!("1.2.392.200011.61.1.1.1.3");
const CAMELLIA256_CBC: &[u8] = oid!("1.2.392.200011.61.1.1.1.4");
const CAST5_CBC: &[u8] = oid!("1.2.840.113533.7.66.10");
const DES_EDE3_CBC: &[u8] = oid!("1.2.840.113549.3.7");
const HMAC_SHA1: &[u8] = oid!("1.2.840.113549.2.7");
const HMAC_SHA224: &[u8] = oid!("1.2.840.113549.2.8");
const HMAC_SHA256: &[u8] = oid!("1.2.840.113549.2.9");
const HMAC_SHA384: &[u8] = oid!("1.2.840.113549.2.10");
const HMAC_SHA512: &[u8] = oid!("1.2.840.113549.2.11");
const PBES2: &[u8] = oid!("1.2.840.113549.1.5.13");
const PBE_MD5_DES: &[u8] = oid!("1.2.840.113549.1.5.3");
const PBE_SHA1_3DES_2KEY: &[u8] = oid!("1.2.840.113549.1.12.1.4");
const PBE_SHA1_3DES_3KEY: &[u8] = oid!("1.2.840.113549.1.12.1.3");
const PBE_SHA1_DES: &[u8] = oid!("1.2.840.113549.1.5.10");
const PBE_SHA1_RC2_128: &[u8] = oid!("1.2.840.113549.1.12.1.5");
const PBE_SHA1_RC2_40: &[u8] = oid!("1.2.840.113549.1.12.1.6");
const PBE_SHA1_RC4_128: &[u8] = oid!("1.2.840.113549.1.12.1.1");
const PBE_SHA1_RC4_40: &[u8] = oid!("1.2.840.113549.1.12.1.2");
const PBKDF2: &[u8] = oid!("1.2.840.113549.1.5.12");
const PBMAC1: &[u8] = oid!("1.2.840.113549.1.5.14");
const RC2_CBC: &[u8] = oid!("1.2.840.113549.3.2");
const SHA1: &[u8] = oid!("1.3.14.3.2.26");
const SHA224: &[u8] = oid!("2.16.840.1.101.3.4.2.4");
const SHA256: &[u8] = oid!("2.16.840.1.101.3.4.2.1");
const SHA384: &[u8] = oid!("2.16.840.1.101.3.4.2.2");
const SHA512: &[u8] = oid!("2.16.840.1.101.3.4.2.3");

/// An algorithm's OID as its DER content bytes; Display gives the dotted form,
/// which only messages naming an unknown algorithm use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Oid<'a>(pub &'a [u8]);

impl std::fmt::Display for Oid<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&der::oid_to_string(self.0))
    }
}

/// Hashes used by MACs, the PKCS#12 KDF and PBKDF2's HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
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

    fn from_digest_oid(oid: &[u8]) -> Option<HashAlg> {
        Some(match oid {
            SHA1 => HashAlg::Sha1,
            SHA224 => HashAlg::Sha224,
            SHA256 => HashAlg::Sha256,
            SHA384 => HashAlg::Sha384,
            SHA512 => HashAlg::Sha512,
            _ => return None,
        })
    }

    fn from_hmac_oid(oid: &[u8]) -> Option<HashAlg> {
        Some(match oid {
            HMAC_SHA1 => HashAlg::Sha1,
            HMAC_SHA224 => HashAlg::Sha224,
            HMAC_SHA256 => HashAlg::Sha256,
            HMAC_SHA384 => HashAlg::Sha384,
            HMAC_SHA512 => HashAlg::Sha512,
            _ => return None,
        })
    }

    pub fn digest_oid(self) -> &'static [u8] {
        match self {
            HashAlg::Sha1 => SHA1,
            HashAlg::Sha224 => SHA224,
            HashAlg::Sha256 => SHA256,
            HashAlg::Sha384 => SHA384,
            HashAlg::Sha512 => SHA512,
        }
    }

    pub fn hmac_oid(self) -> &'static [u8] {
        match self {
            HashAlg::Sha1 => HMAC_SHA1,
            HashAlg::Sha224 => HMAC_SHA224,
            HashAlg::Sha256 => HMAC_SHA256,
            HashAlg::Sha384 => HMAC_SHA384,
            HashAlg::Sha512 => HMAC_SHA512,
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
pub fn read_algorithm<'a>(tlv: &Tlv<'a>) -> Result<(Oid<'a>, Option<Tlv<'a>>), DerError> {
    if tlv.tag != der::TAG_SEQUENCE {
        return Err(DerError::Malformed("expected an AlgorithmIdentifier"));
    }
    let mut r = tlv.children()?;
    let oid = r.expect(der::TAG_OID, "expected an algorithm OID")?;
    let params = if r.is_empty() { None } else { Some(r.read()?) };
    Ok((Oid(oid.content), params))
}

fn params<'a>(p: Option<Tlv<'a>>) -> Result<Tlv<'a>, DerError> {
    p.ok_or(DerError::Malformed("missing algorithm parameters"))
}

/// Parses a password-based encryption AlgorithmIdentifier.
pub fn parse_pbe(alg: &Tlv<'_>) -> Result<Pbe, AlgorithmError> {
    let (oid, p) = read_algorithm(alg)?;
    let pkcs12_cipher = match oid.0 {
        PBE_SHA1_3DES_3KEY => Some(Cipher::TripleDes { key_len: 24 }),
        PBE_SHA1_3DES_2KEY => Some(Cipher::TripleDes { key_len: 16 }),
        PBE_SHA1_RC2_128 => Some(Cipher::Rc2 { bits: 128 }),
        PBE_SHA1_RC2_40 => Some(Cipher::Rc2 { bits: 40 }),
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
    match oid.0 {
        PBES2 => parse_pbes2(params(p)?),
        PBE_SHA1_RC4_128 => Err(AlgorithmError::Unsupported("pbeWithSHAAnd128BitRC4".into())),
        PBE_SHA1_RC4_40 => Err(AlgorithmError::Unsupported("pbeWithSHAAnd40BitRC4".into())),
        PBE_MD5_DES => Err(AlgorithmError::Unsupported("pbeWithMD5AndDES-CBC".into())),
        PBE_SHA1_DES => Err(AlgorithmError::Unsupported("pbeWithSHA1AndDES-CBC".into())),
        other => Err(AlgorithmError::Unsupported(der::oid_to_string(other))),
    }
}

fn parse_pbes2(p: Tlv<'_>) -> Result<Pbe, AlgorithmError> {
    let mut r = p.children()?;
    let kdf = r.expect(der::TAG_SEQUENCE, "expected PBES2 keyDerivationFunc")?;
    let enc = r.expect(der::TAG_SEQUENCE, "expected PBES2 encryptionScheme")?;

    let (kdf_oid, kdf_params) = read_algorithm(&kdf)?;
    if kdf_oid.0 != PBKDF2 {
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
            HashAlg::from_hmac_oid(prf_oid.0)
                .ok_or_else(|| AlgorithmError::Unsupported(format!("PBKDF2 PRF {prf_oid}")))?
        }
    };

    let (enc_oid, enc_params) = read_algorithm(&enc)?;
    let ep = params(enc_params)?;
    let (cipher, iv) = match enc_oid.0 {
        AES128_CBC => (Cipher::Aes128, iv_of(&ep)?),
        AES192_CBC => (Cipher::Aes192, iv_of(&ep)?),
        AES256_CBC => (Cipher::Aes256, iv_of(&ep)?),
        DES_EDE3_CBC => (Cipher::TripleDes { key_len: 24 }, iv_of(&ep)?),
        CAMELLIA128_CBC => (Cipher::Camellia128, iv_of(&ep)?),
        CAMELLIA192_CBC => (Cipher::Camellia192, iv_of(&ep)?),
        CAMELLIA256_CBC => (Cipher::Camellia256, iv_of(&ep)?),
        CAST5_CBC => {
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
        RC2_CBC => {
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
        other => {
            return Err(AlgorithmError::Unsupported(format!(
                "PBES2 cipher {}",
                Oid(other)
            )));
        }
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
    HashAlg::from_digest_oid(oid.0).ok_or(AlgorithmError::Unsupported(format!("MAC digest {oid}")))
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
    if let Some(h) = HashAlg::from_digest_oid(oid.0) {
        return Ok(MacAlg::Pkcs12(h));
    }
    if oid.0 != PBMAC1 {
        return Err(MacAlgError::Unsupported(format!("MAC digest {oid}")));
    }
    // PBMAC1-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, messageAuthScheme AlgorithmIdentifier }
    let p = params.ok_or(MacAlgError::Invalid("no PBMAC1 parameters"))?;
    let mut r = p.children()?;
    let kdf = r.expect(der::TAG_SEQUENCE, "expected PBMAC1 keyDerivationFunc")?;
    let scheme = r.expect(der::TAG_SEQUENCE, "expected PBMAC1 messageAuthScheme")?;
    let (kdf_oid, kdf_params) = read_algorithm(&kdf)?;
    if kdf_oid.0 != PBKDF2 {
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
            HashAlg::from_hmac_oid(prf_oid.0)
                .ok_or_else(|| MacAlgError::Unsupported(format!("PBKDF2 PRF {prf_oid}")))?
        }
    };
    let (mac_oid, _) = read_algorithm(&scheme)?;
    let hmac = HashAlg::from_hmac_oid(mac_oid.0)
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
