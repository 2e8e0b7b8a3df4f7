//! The certificates and keys found in a file: roles, thumbprints, key matching
//! and the signature from the issuing CA; and [`CertSummary`], the one reading
//! of a certificate that the file check, the store check and the report share.

use crate::cert::{Sha256, Thumbprint};
use crate::hex::Hex;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::keycheck::key_consistent;
use crate::keypair;
use crate::office::Office;

/// What a certificate is for, within the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The one whose private key is in the file: the claim certificate.
    Client,
    /// A CA certificate (the issuing root or an intermediate).
    Ca,
    Other,
}

/// One certificate in a file: its summary and what the file says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCert {
    pub summary: CertSummary,
    pub role: Role,
    pub has_private_key: bool,
    /// The friendlyName attribute the file gives it.
    pub friendly_name: Option<String>,
}

/// Is the client certificate signed by a CA certificate in the file?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Chain {
    /// Verified up to `depth` certificates, ending at a self-signed root when `to_root`.
    Verified { depth: usize, to_root: bool },
    /// No certificate in the file has the client's issuer as its subject.
    IssuerMissing,
    /// The issuer is present but the signature does not verify.
    SignatureInvalid,
    /// The signature algorithm is one we cannot check.
    Unsupported { algorithm: String },
    /// There is no client certificate to start from.
    NoClient,
}

/// One certificate or key as the file holds it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub der: &'a [u8],
    pub friendly_name: Option<&'a str>,
    /// The localKeyId attribute that pairs a key with its certificate.
    pub local_key_id: Option<&'a [u8]>,
}

/// Everything learned from the certificates and keys of one file.
#[derive(Debug, Clone)]
pub struct Inventory {
    pub certificates: Vec<FileCert>,
    /// Index of the client certificate in `certificates`.
    pub client: Option<usize>,
    pub keys: usize,
    /// Keys that match no certificate.
    pub unmatched_keys: usize,
    /// Certificates that could not be parsed as X.509.
    pub unparsable: usize,
    /// Keys whose private parts contradict their public parts (damaged key
    /// material that a MAC-less file cannot otherwise reveal).
    pub inconsistent_keys: usize,
    /// Kinds of keys that could not be compared with any certificate.
    pub uncompared: Vec<String>,
    pub chain: Chain,
}

/// Whether `der` is exactly one X.509 certificate.
pub fn is_certificate(der: &[u8]) -> bool {
    matches!(X509Certificate::from_der(der), Ok(([], _)))
}

/// Builds the inventory from DER certificates and PKCS#8 keys.
pub fn inventory(certs_in: &[Item<'_>], keys_in: &[Item<'_>]) -> Inventory {
    let parsed: Vec<Option<X509Certificate<'_>>> = certs_in
        .iter()
        .map(|c| match X509Certificate::from_der(c.der) {
            Ok(([], c)) => Some(c),
            _ => None,
        })
        .collect();
    let keys: Vec<keypair::PrivateKey> = keys_in
        .iter()
        .map(|k| keypair::parse_private(k.der))
        .collect();

    // has_key[i]: certificate i is the pair of some key in the file.
    let mut has_key = vec![false; certs_in.len()];
    let mut matched_keys = vec![false; keys.len()];
    let mut uncompared = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        let mut cannot = None;
        for (i, cert) in parsed.iter().enumerate() {
            let Some(cert) = cert else { continue };
            let Some(spki) = keypair::parse_spki(cert.public_key().raw) else {
                continue;
            };
            let inherited = || inherited_dsa_params(&parsed, i);
            match key.compare(&spki, &inherited) {
                keypair::Comparison::Match => {
                    has_key[i] = true;
                    matched_keys[k] = true;
                }
                keypair::Comparison::Mismatch => {}
                keypair::Comparison::Cannot(what) => cannot = Some(what),
            }
        }
        if let (false, Some(what)) = (matched_keys[k], cannot) {
            // Not compared: the file's own pairing (localKeyId), else its leaf.
            if let Some(i) = paired_certificate(certs_in, &parsed, keys_in[k].local_key_id) {
                has_key[i] = true;
                matched_keys[k] = true;
            }
            uncompared.push(what);
        }
    }

    let mut certificates = Vec::new();
    let mut index_of_parsed = Vec::new();
    let mut client = None;
    let mut undescribed = 0;
    for (i, (item, cert)) in certs_in.iter().zip(&parsed).enumerate() {
        let Some(cert) = cert else { continue };
        let Ok(summary) = summarize_parsed(cert, item.der) else {
            undescribed += 1;
            continue;
        };
        let has_key = has_key[i];
        let info = FileCert {
            role: if has_key {
                Role::Client
            } else if summary.is_ca {
                Role::Ca
            } else {
                Role::Other
            },
            summary,
            has_private_key: has_key,
            friendly_name: item.friendly_name.map(str::to_string),
        };
        if has_key && client.is_none() {
            client = Some(certificates.len());
        }
        certificates.push(info);
        index_of_parsed.push(i);
    }

    let certs: Vec<&X509Certificate<'_>> = index_of_parsed
        .iter()
        .filter_map(|&i| parsed[i].as_ref())
        .collect();
    let path = client.map(|c| chain_path(&certs, c));

    // The chain's signature checks and each key's own consistency are
    // independent curve and RSA computations, most of the fixed cost of a
    // file with few KDF iterations: they run on the cores at once.
    enum Job<'a> {
        Signature(usize, usize),
        Key(&'a [u8]),
    }
    enum Done {
        Signature(Result<bool, String>),
        Key(Option<bool>),
    }
    let links = path.as_ref().map_or(&[][..], |(links, _)| links);
    let jobs: Vec<Job<'_>> = links
        .iter()
        .map(|&(cert, issuer)| Job::Signature(cert, issuer))
        .chain(keys_in.iter().map(|k| Job::Key(k.der)))
        .collect();
    let done = crate::pkcs12::par::map(&jobs, |job| match *job {
        Job::Signature(cert, issuer) => {
            Done::Signature(verify_signature(certs[cert], certs[issuer]))
        }
        Job::Key(der) => Done::Key(key_consistent(der)),
    });
    let mut signatures = Vec::new();
    let mut inconsistent_keys = 0;
    for d in done {
        match d {
            Done::Signature(check) => signatures.push(check),
            Done::Key(consistent) => inconsistent_keys += usize::from(consistent == Some(false)),
        }
    }

    let chain = match (client, &path) {
        (Some(c), Some(path)) => {
            let chain = judge_chain(path, &signatures);
            // The issuer of the client is a CA even without basicConstraints.
            if let Chain::Verified { .. } = chain {
                mark_issuers(&certs, c, &mut certificates);
            }
            chain
        }
        _ => Chain::NoClient,
    };

    Inventory {
        unparsable: parsed.iter().filter(|p| p.is_none()).count() + undescribed,
        inconsistent_keys,
        keys: keys_in.len(),
        uncompared,
        unmatched_keys: matched_keys.iter().filter(|m| !**m).count(),
        certificates,
        client,
        chain,
    }
}

/// What one certificate says about itself: the one reading of these X.509
/// fields, shared by the file check (`inventory`), the Windows store check
/// (crates/store) and the report (crates/report), so all judge and print a
/// certificate the same way. The JSON form is the report's, not this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertSummary {
    pub subject: String,
    pub issuer: String,
    /// Uppercase hex, no separators, as Windows shows it.
    pub serial: String,
    pub sha1: Thumbprint,
    pub sha256: Sha256,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// The EKU allows TLS client authentication: clientAuth or
    /// anyExtendedKeyUsage, or no EKU at all. An EKU extension that cannot be
    /// read (malformed, or present twice) allows nothing: a TLS server would
    /// not take the certificate for client authentication either.
    pub client_auth: bool,
    /// basicConstraints says CA (an unreadable one says nothing).
    pub is_ca: bool,
    pub self_signed: bool,
    /// The office its subject names: certificates of one office are judged together.
    pub office: Office,
}

/// Why a certificate's bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("not one X.509 certificate: {0}")]
    NotCertificate(String),
    #[error("a validity date outside the representable range")]
    DateOutOfRange,
}

/// Reads one DER certificate (nothing may follow it).
pub fn summarize(der: &[u8]) -> Result<CertSummary, Unreadable> {
    match X509Certificate::from_der(der) {
        Ok(([], cert)) => summarize_parsed(&cert, der),
        Ok(_) => Err(Unreadable::NotCertificate(
            "data after the certificate".into(),
        )),
        Err(e) => Err(Unreadable::NotCertificate(e.to_string())),
    }
}

fn summarize_parsed(cert: &X509Certificate<'_>, der: &[u8]) -> Result<CertSummary, Unreadable> {
    let time = |t: x509_parser::time::ASN1Time| {
        DateTime::<Utc>::from_timestamp(t.timestamp(), 0).ok_or(Unreadable::DateOutOfRange)
    };
    Ok(CertSummary {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        serial: format!("{:X}", Hex(cert.raw_serial())),
        sha1: Thumbprint::of(der),
        sha256: Sha256::of(der),
        not_before: time(cert.validity().not_before)?,
        not_after: time(cert.validity().not_after)?,
        client_auth: match cert.extended_key_usage() {
            Ok(None) => true,
            Ok(Some(eku)) => eku.value.client_auth || eku.value.any,
            Err(_) => false,
        },
        is_ca: cert
            .basic_constraints()
            .ok()
            .flatten()
            .is_some_and(|bc| bc.value.ca),
        self_signed: cert.subject().as_raw() == cert.issuer().as_raw(),
        office: Office::of(cert.subject()),
    })
}

fn find_issuer(certs: &[&X509Certificate<'_>], of: usize) -> Option<usize> {
    let issuer = certs[of].issuer().as_raw();
    // Prefer another certificate; a self-signed one is its own issuer.
    (0..certs.len()).find(|&j| j != of && certs[j].subject().as_raw() == issuer)
}

/// Where the walk from the client up its issuers (by name) ends.
enum PathEnd {
    /// At a self-signed root; the path's last link is the root's own signature.
    Root,
    /// At a certificate whose issuer is not in the file.
    NoIssuer,
    /// At a certificate already on the path.
    Loop,
}

/// The signatures the chain from `client` needs checked, in order, as
/// (certificate, issuer) pairs found by names alone, and where the walk ends.
fn chain_path(certs: &[&X509Certificate<'_>], client: usize) -> (Vec<(usize, usize)>, PathEnd) {
    let mut links = Vec::new();
    let mut current = client;
    let mut seen = vec![false; certs.len()];
    loop {
        seen[current] = true;
        let cert = certs[current];
        if cert.subject().as_raw() == cert.issuer().as_raw() && current != client {
            // A self-signed root: check its own signature too.
            links.push((current, current));
            return (links, PathEnd::Root);
        }
        let Some(issuer) = find_issuer(certs, current) else {
            return (links, PathEnd::NoIssuer);
        };
        links.push((current, issuer));
        if seen[issuer] {
            return (links, PathEnd::Loop);
        }
        current = issuer;
    }
}

/// The chain's verdict from its path and each link's signature check, in
/// the path's order: the first link that fails decides.
fn judge_chain(path: &(Vec<(usize, usize)>, PathEnd), checks: &[Result<bool, String>]) -> Chain {
    for check in checks {
        match check {
            Ok(true) => {}
            Ok(false) => return Chain::SignatureInvalid,
            Err(alg) => {
                return Chain::Unsupported {
                    algorithm: alg.clone(),
                };
            }
        }
    }
    let (links, end) = path;
    match end {
        PathEnd::Root => Chain::Verified {
            depth: links.len() - 1,
            to_root: true,
        },
        PathEnd::NoIssuer if links.is_empty() => Chain::IssuerMissing,
        PathEnd::NoIssuer | PathEnd::Loop => Chain::Verified {
            depth: links.len(),
            to_root: false,
        },
    }
}

fn mark_issuers(certs: &[&X509Certificate<'_>], client: usize, infos: &mut [FileCert]) {
    let mut current = client;
    for _ in 0..certs.len() {
        match find_issuer(certs, current) {
            Some(i) if i != client => {
                if infos[i].role == Role::Other {
                    infos[i].role = Role::Ca;
                }
                current = i;
            }
            _ => break,
        }
    }
}

/// Verifies `cert`'s signature with `issuer`'s public key. Err names what
/// was not checked (an algorithm or key outside `verify`'s).
fn verify_signature(
    cert: &X509Certificate<'_>,
    issuer: &X509Certificate<'_>,
) -> Result<bool, String> {
    crate::verify::verify(
        issuer.public_key().raw,
        &cert.signature_algorithm.algorithm.to_id_string(),
        cert.tbs_certificate.as_ref(),
        &cert.signature_value.data,
    )
    .map_err(|e| e.0)
}

/// DSA parameters a certificate inherits (RFC 3279 2.3.2): those of the
/// nearest issuer in the file that states them.
fn inherited_dsa_params(
    parsed: &[Option<X509Certificate<'_>>],
    of: usize,
) -> Option<keypair::DsaParams> {
    let mut current = parsed[of].as_ref()?;
    for _ in 0..parsed.len() {
        let issuer = parsed.iter().flatten().find(|c| {
            c.subject().as_raw() == current.issuer().as_raw() && !std::ptr::eq(*c, current)
        })?;
        let spki = keypair::parse_spki(issuer.public_key().raw)?;
        if let Some(p) = spki.params.as_ref().and_then(keypair::dsa_params) {
            return Some(p);
        }
        current = issuer;
    }
    None
}

/// The certificate a key the file pairs by localKeyId; else, for a key
/// without a usable id, the only certificate or the one leaf (a certificate
/// that issued none of the others).
fn paired_certificate(
    certs: &[Item<'_>],
    parsed: &[Option<X509Certificate<'_>>],
    key_id: Option<&[u8]>,
) -> Option<usize> {
    if let Some(id) = key_id
        && let Some(i) =
            (0..certs.len()).find(|&i| parsed[i].is_some() && certs[i].local_key_id == Some(id))
    {
        return Some(i);
    }
    let usable: Vec<usize> = (0..parsed.len()).filter(|&i| parsed[i].is_some()).collect();
    let leaves: Vec<usize> = usable
        .iter()
        .copied()
        .filter(|&i| {
            let subject = parsed[i].as_ref().map(|c| c.subject().as_raw());
            !usable
                .iter()
                .any(|&j| j != i && parsed[j].as_ref().map(|c| c.issuer().as_raw()) == subject)
        })
        .collect();
    match (usable.as_slice(), leaves.as_slice()) {
        ([only], _) | (_, [only]) => Some(*only),
        _ => None,
    }
}
