//! What a certificate from a store says about itself, read from its DER bytes.
//!
//! Pure: the Windows side hands over the encoded bytes; parsing happens here so
//! that it is the same code on every platform and testable on Linux.

use certcheck_core::cert::{Sha256, Thumbprint};
use certcheck_core::office::Office;
use certcheck_core::x509::describe;
use chrono::{DateTime, Utc};

/// The facts about one certificate that the store check needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    /// Uppercase hex, no separators.
    pub serial: String,
    pub sha1: Thumbprint,
    pub sha256: Sha256,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// EKU allows client authentication (clientAuth, anyExtendedKeyUsage, or no EKU at all).
    pub client_auth: bool,
    /// basicConstraints says CA: a root or intermediate, never the claim certificate.
    pub is_ca: bool,
    /// The office its subject names: certificates of one office are judged together.
    pub office: Office,
}

/// Why a certificate's bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable certificate: {0}")]
pub struct ParseError(pub String);

impl CertInfo {
    /// Core's one certificate reader (`x509::describe`), so the store and the
    /// file check never disagree about a certificate.
    pub fn parse(der: &[u8]) -> Result<CertInfo, ParseError> {
        let d = describe(der).map_err(|e| ParseError(e.to_string()))?;
        Ok(CertInfo {
            subject: d.subject,
            issuer: d.issuer,
            serial: d.serial,
            sha1: d.sha1,
            sha256: d.sha256,
            not_before: d.not_before,
            not_after: d.not_after,
            client_auth: d.client_auth,
            is_ca: d.is_ca,
            office: d.office,
        })
    }
}
