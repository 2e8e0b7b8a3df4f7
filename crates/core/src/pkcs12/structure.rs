//! The PKCS#12 structure, walked without any cryptography: PFX, MacData,
//! AuthenticatedSafe, ContentInfos, SafeBags. Bounded in depth and count.

use std::borrow::Cow;

use crate::der::{self, DerError, Reader, Tlv, oid};

use super::algorithms::{self, AlgorithmError, HashAlg, MacAlg, MacAlgError, Pbe, Pbmac1};

/// More bags than any real file holds; beyond this the file is refused.
pub const MAX_BAGS: usize = 256;
/// More AuthenticatedSafe parts than any real file holds.
pub const MAX_PARTS: usize = 64;

// OBJECT IDENTIFIERs written dotted, compared as their DER content bytes
// (made at compile time); the dotted form is made back only for names in
// messages.
pub const OID_DATA: &[u8] = oid!("1.2.840.113549.1.7.1");
pub const OID_SIGNED_DATA: &[u8] = oid!("1.2.840.113549.1.7.2");
pub const OID_ENVELOPED_DATA: &[u8] = oid!("1.2.840.113549.1.7.3");
pub const OID_ENCRYPTED_DATA: &[u8] = oid!("1.2.840.113549.1.7.6");
pub const OID_KEY_BAG: &[u8] = oid!("1.2.840.113549.1.12.10.1.1");
pub const OID_SHROUDED_KEY_BAG: &[u8] = oid!("1.2.840.113549.1.12.10.1.2");
pub const OID_CERT_BAG: &[u8] = oid!("1.2.840.113549.1.12.10.1.3");
pub const OID_SAFE_CONTENTS_BAG: &[u8] = oid!("1.2.840.113549.1.12.10.1.6");
pub const OID_X509_CERT: &[u8] = oid!("1.2.840.113549.1.9.22.1");
pub const OID_FRIENDLY_NAME: &[u8] = oid!("1.2.840.113549.1.9.20");
pub const OID_LOCAL_KEY_ID: &[u8] = oid!("1.2.840.113549.1.9.21");

/// Why the structure could not be walked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StructureError {
    #[error(transparent)]
    Der(#[from] DerError),
    #[error("unsupported: {0}")]
    Unsupported(String),
    #[error("more than {0} items")]
    TooMany(usize),
}

impl From<AlgorithmError> for StructureError {
    fn from(e: AlgorithmError) -> Self {
        match e {
            AlgorithmError::Der(d) => StructureError::Der(d),
            AlgorithmError::Unsupported(s) => StructureError::Unsupported(s),
        }
    }
}

/// The MAC as the file states it.
#[derive(Debug, Clone)]
pub struct MacData {
    /// The HMAC's hash (for PBMAC1, its messageAuthScheme's).
    pub hash: Result<HashAlg, String>,
    pub digest: Vec<u8>,
    /// For PBMAC1, PBKDF2's salt and iteration count: RFC 9579 leaves
    /// MacData's own fields unused.
    pub salt: Vec<u8>,
    pub iterations: u64,
    /// Some for RFC 9579 PBMAC1; Err names parameters that make it invalid.
    pub pbmac1: Option<Result<Pbmac1, String>>,
}

/// One ContentInfo of the AuthenticatedSafe.
#[derive(Debug, Clone)]
pub enum Part<'a> {
    /// Unencrypted SafeContents.
    Plain(Cow<'a, [u8]>),
    /// Password-encrypted SafeContents.
    Encrypted {
        pbe: Result<Pbe, String>,
        data: Cow<'a, [u8]>,
    },
    /// Public-key encrypted or something else we cannot open.
    Other(String),
}

/// The outer PFX.
#[derive(Debug, Clone)]
pub struct Pfx<'a> {
    /// What the MAC covers: the AuthenticatedSafe's octets.
    pub auth_safe: Cow<'a, [u8]>,
    pub mac: Option<MacData>,
    pub parts: Vec<Part<'a>>,
    /// True when the file uses BER (indefinite lengths or segmented strings).
    pub ber: bool,
}

/// A SafeBag's attributes we report.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    pub friendly_name: Option<String>,
    pub local_key_id: Option<Vec<u8>>,
}

/// One SafeBag. Its Debug output leaves unencrypted key bytes out.
#[derive(Clone)]
pub enum Bag {
    Cert {
        der: Vec<u8>,
        attrs: Attributes,
    },
    /// An unencrypted PKCS#8 PrivateKeyInfo.
    Key {
        pkcs8: zeroize::Zeroizing<Vec<u8>>,
        attrs: Attributes,
    },
    /// An EncryptedPrivateKeyInfo.
    ShroudedKey {
        pbe: Result<Pbe, String>,
        data: Vec<u8>,
        attrs: Attributes,
    },
    Other(String),
}

impl std::fmt::Debug for Bag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bag::Cert { der, attrs } => f
                .debug_struct("Cert")
                .field("der", der)
                .field("attrs", attrs)
                .finish(),
            Bag::Key { pkcs8, attrs } => f
                .debug_struct("Key")
                .field("pkcs8", &format_args!("{} bytes redacted", pkcs8.len()))
                .field("attrs", attrs)
                .finish(),
            Bag::ShroudedKey { pbe, data, attrs } => f
                .debug_struct("ShroudedKey")
                .field("pbe", pbe)
                .field("data", data)
                .field("attrs", attrs)
                .finish(),
            Bag::Other(name) => f.debug_tuple("Other").field(name).finish(),
        }
    }
}

fn is_ber(t: &Tlv<'_>) -> bool {
    t.indefinite || (t.constructed() && t.tag & 0x1f == der::TAG_OCTET_STRING)
}

/// Walks the outer structure of a PKCS#12 file.
pub fn parse_pfx(bytes: &[u8]) -> Result<Pfx<'_>, StructureError> {
    let mut top = Reader::new(bytes);
    let pfx = top.expect(der::TAG_SEQUENCE, "a PKCS#12 file starts with a SEQUENCE")?;
    let mut ber = pfx.indefinite;
    let mut r = pfx.children()?;
    let version = r
        .expect(der::TAG_INTEGER, "expected the PFX version")?
        .uint()?;
    if version != 3 {
        return Err(DerError::Malformed("PFX version is not 3").into());
    }
    let auth = r.expect(der::TAG_SEQUENCE, "expected the authSafe ContentInfo")?;
    ber |= auth.indefinite;
    let mut ar = auth.children()?;
    let ctype = ar.expect(der::TAG_OID, "expected a content type")?.content;
    if ctype == OID_SIGNED_DATA {
        return Err(StructureError::Unsupported(
            "public-key integrity mode (signedData)".into(),
        ));
    }
    if ctype != OID_DATA {
        return Err(DerError::Malformed("authSafe is not data").into());
    }
    let explicit = ar.expect(der::TAG_CONTEXT_0, "expected authSafe content")?;
    ber |= explicit.indefinite;
    let mut er = explicit.children()?;
    let octets_tlv = er.expect(der::TAG_OCTET_STRING, "expected the authSafe octets")?;
    ber |= is_ber(&octets_tlv);
    let auth_safe = octets_tlv.octets()?;

    let mac = match r.optional(der::TAG_SEQUENCE)? {
        None => None,
        Some(m) => Some(parse_mac(&m)?),
    };

    let parts = parse_auth_safe(octets_tlv.reader_over(&auth_safe)?, &mut ber)?;
    Ok(Pfx {
        auth_safe,
        mac,
        parts,
        ber,
    })
}

fn parse_mac(m: &Tlv<'_>) -> Result<MacData, StructureError> {
    let mut r = m.children()?;
    let digest_info = r.expect(der::TAG_SEQUENCE, "expected the MAC DigestInfo")?;
    let mut dr = digest_info.children()?;
    let alg = dr.expect(der::TAG_SEQUENCE, "expected the MAC algorithm")?;
    let (hash, pbmac1) = match algorithms::parse_mac_algorithm(&alg) {
        Ok(MacAlg::Pkcs12(h)) => (Ok(h), None),
        Ok(MacAlg::Pbmac1(p)) => (Ok(p.hmac), Some(Ok(p))),
        Err(MacAlgError::Unsupported(s)) => (Err(s), None),
        Err(e @ MacAlgError::Invalid(_)) => (Err("PBMAC1".into()), Some(Err(e.to_string()))),
        Err(MacAlgError::Der(e)) => return Err(e.into()),
    };
    let digest = dr
        .expect(der::TAG_OCTET_STRING, "expected the MAC value")?
        .octets()?
        .into_owned();
    let salt = r
        .expect(der::TAG_OCTET_STRING, "expected the MAC salt")?
        .octets()?
        .into_owned();
    let iterations = match r.optional(der::TAG_INTEGER)? {
        Some(t) => t.uint()?,
        None => 1,
    };
    let (salt, iterations) = match &pbmac1 {
        Some(Ok(p)) => (p.salt.clone(), p.iterations),
        _ => (salt, iterations),
    };
    Ok(MacData {
        hash,
        digest,
        salt,
        iterations,
        pbmac1,
    })
}

/// `outer` reads the AuthenticatedSafe's octets, one level below the element
/// that held them.
fn parse_auth_safe<'a>(
    mut outer: Reader<'_>,
    ber: &mut bool,
) -> Result<Vec<Part<'a>>, StructureError> {
    // The parts are copied out: the octets may be a re-assembled (BER) copy.
    let mut parts = Vec::new();
    let seq = outer.expect(der::TAG_SEQUENCE, "expected the AuthenticatedSafe")?;
    *ber |= seq.indefinite;
    let mut r = seq.children()?;
    while !r.is_empty() {
        if parts.len() >= MAX_PARTS {
            return Err(StructureError::TooMany(MAX_PARTS));
        }
        let ci = r.expect(der::TAG_SEQUENCE, "expected a ContentInfo")?;
        *ber |= ci.indefinite;
        let mut cr = ci.children()?;
        let ctype = cr.expect(der::TAG_OID, "expected a content type")?.content;
        let part = match ctype {
            OID_DATA => {
                let explicit = cr.expect(der::TAG_CONTEXT_0, "expected data content")?;
                *ber |= explicit.indefinite;
                let os = explicit
                    .children()?
                    .expect(der::TAG_OCTET_STRING, "expected data octets")?;
                *ber |= is_ber(&os);
                Part::Plain(Cow::Owned(os.octets()?.into_owned()))
            }
            OID_ENCRYPTED_DATA => {
                let explicit = cr.expect(der::TAG_CONTEXT_0, "expected encryptedData content")?;
                *ber |= explicit.indefinite;
                let ed = explicit
                    .children()?
                    .expect(der::TAG_SEQUENCE, "expected EncryptedData")?;
                *ber |= ed.indefinite;
                let mut edr = ed.children()?;
                edr.expect(der::TAG_INTEGER, "expected EncryptedData version")?;
                let eci = edr.expect(der::TAG_SEQUENCE, "expected EncryptedContentInfo")?;
                *ber |= eci.indefinite;
                let mut er = eci.children()?;
                er.expect(der::TAG_OID, "expected the encrypted content type")?;
                let alg = er.expect(der::TAG_SEQUENCE, "expected the encryption algorithm")?;
                let pbe = pbe_or_name(&alg)?;
                let content = er.read()?;
                if content.tag & 0x1f != 0 || content.tag & 0xc0 != 0x80 {
                    return Err(DerError::Malformed("expected [0] encrypted content").into());
                }
                *ber |= content.indefinite || content.constructed();
                let data = content.octets()?.into_owned();
                Part::Encrypted {
                    pbe,
                    data: Cow::Owned(data),
                }
            }
            OID_ENVELOPED_DATA => Part::Other("envelopedData".into()),
            other => Part::Other(der::oid_to_string(other)),
        };
        parts.push(part);
    }
    Ok(parts)
}

/// Parses a PBE algorithm, keeping an unsupported one as its name.
pub fn pbe_or_name(alg: &Tlv<'_>) -> Result<Result<Pbe, String>, StructureError> {
    match algorithms::parse_pbe(alg) {
        Ok(p) => Ok(Ok(p)),
        Err(AlgorithmError::Unsupported(s)) => Ok(Err(s)),
        Err(AlgorithmError::Der(e)) => Err(e.into()),
    }
}

/// Walks SafeContents into bags, descending into nested SafeContents bags.
pub fn parse_safe_contents(data: &[u8], bags: &mut Vec<Bag>) -> Result<(), StructureError> {
    let mut outer = Reader::new(data);
    let seq = outer.expect(der::TAG_SEQUENCE, "expected SafeContents")?;
    if !outer.is_empty() {
        return Err(DerError::Malformed("bytes after SafeContents").into());
    }
    walk_bags(&seq, bags)
}

fn walk_bags(seq: &Tlv<'_>, bags: &mut Vec<Bag>) -> Result<(), StructureError> {
    let mut r = seq.children()?;
    while !r.is_empty() {
        if bags.len() >= MAX_BAGS {
            return Err(StructureError::TooMany(MAX_BAGS));
        }
        let bag = r.expect(der::TAG_SEQUENCE, "expected a SafeBag")?;
        let mut br = bag.children()?;
        let bag_id = br.expect(der::TAG_OID, "expected a bag type")?.content;
        let value = br.expect(der::TAG_CONTEXT_0, "expected a bag value")?;
        let attrs = match br.optional(der::TAG_SET)? {
            Some(set) => parse_attributes(&set)?,
            None => Attributes::default(),
        };
        let mut vr = value.children()?;
        let inner = vr.read()?;
        match bag_id {
            OID_CERT_BAG => {
                let mut cr = inner.children()?;
                let cert_type = cr
                    .expect(der::TAG_OID, "expected a certificate type")?
                    .content;
                let cv = cr.expect(der::TAG_CONTEXT_0, "expected a certificate value")?;
                let os = cv
                    .children()?
                    .expect(der::TAG_OCTET_STRING, "expected certificate octets")?;
                if cert_type == OID_X509_CERT {
                    bags.push(Bag::Cert {
                        der: os.octets()?.into_owned(),
                        attrs,
                    });
                } else {
                    bags.push(Bag::Other(format!(
                        "certificate type {}",
                        der::oid_to_string(cert_type)
                    )));
                }
            }
            OID_KEY_BAG => {
                bags.push(Bag::Key {
                    pkcs8: zeroize::Zeroizing::new(inner.raw.to_vec()),
                    attrs,
                });
            }
            OID_SHROUDED_KEY_BAG => {
                let mut kr = inner.children()?;
                let alg = kr.expect(der::TAG_SEQUENCE, "expected the key encryption algorithm")?;
                let pbe = pbe_or_name(&alg)?;
                let data = kr
                    .expect(der::TAG_OCTET_STRING, "expected the encrypted key")?
                    .octets()?
                    .into_owned();
                bags.push(Bag::ShroudedKey { pbe, data, attrs });
            }
            OID_SAFE_CONTENTS_BAG => walk_bags(&inner, bags)?,
            other => bags.push(Bag::Other(der::oid_to_string(other))),
        }
    }
    Ok(())
}

fn parse_attributes(set: &Tlv<'_>) -> Result<Attributes, StructureError> {
    let mut attrs = Attributes::default();
    let mut r = set.children()?;
    while !r.is_empty() {
        let attr = r.expect(der::TAG_SEQUENCE, "expected an attribute")?;
        let mut ar = attr.children()?;
        let oid = ar
            .expect(der::TAG_OID, "expected an attribute type")?
            .content;
        let values = ar.expect(der::TAG_SET, "expected attribute values")?;
        let mut vr = values.children()?;
        if vr.is_empty() {
            continue;
        }
        let v = vr.read()?;
        match oid {
            OID_FRIENDLY_NAME if v.tag == der::TAG_BMP_STRING => {
                let units: Vec<u16> = v
                    .content
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                attrs.friendly_name = Some(String::from_utf16_lossy(&units));
            }
            OID_LOCAL_KEY_ID if v.tag & 0x1f == der::TAG_OCTET_STRING => {
                attrs.local_key_id = Some(v.octets()?.into_owned());
            }
            _ => {}
        }
    }
    Ok(attrs)
}

/// Checks that decrypted bytes are one well-formed element of the expected tag,
/// with nothing after it: the "valid DER" half of telling a damaged file from a
/// wrong password.
pub fn is_well_formed(data: &[u8], tag: u8) -> bool {
    let mut r = Reader::new(data);
    match r.read() {
        Ok(t) if t.tag == tag && r.is_empty() => t.constructed() && walk_all(&t),
        _ => false,
    }
}

fn walk_all(t: &Tlv<'_>) -> bool {
    let Ok(mut r) = t.children() else {
        return false;
    };
    while !r.is_empty() {
        match r.read() {
            Ok(c) if c.constructed() && c.tag & 0x1f != der::TAG_OCTET_STRING => {
                if !walk_all(&c) {
                    return false;
                }
            }
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    true
}
