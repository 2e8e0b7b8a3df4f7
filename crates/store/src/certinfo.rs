//! What a certificate from a store says about itself, read from its DER bytes.
//!
//! Pure: the Windows side hands over the encoded bytes; parsing happens here so
//! that it is the same code on every platform and testable on Linux.

use certcheck_core::cert::{Sha256, Thumbprint};
use certcheck_core::hex::Hex;
use certcheck_core::office::Office;
use chrono::{DateTime, Utc};
use x509_parser::prelude::{FromDer, X509Certificate};

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
    pub fn parse(der: &[u8]) -> Result<CertInfo, ParseError> {
        let (_, cert) = X509Certificate::from_der(der).map_err(|e| ParseError(e.to_string()))?;
        let eku = cert
            .extended_key_usage()
            .map_err(|e| ParseError(e.to_string()))?;
        let client_auth = match eku {
            None => true,
            Some(ext) => ext.value.client_auth || ext.value.any,
        };
        let is_ca = cert
            .basic_constraints()
            .map_err(|e| ParseError(e.to_string()))?
            .is_some_and(|bc| bc.value.ca);
        let time = |t: x509_parser::time::ASN1Time| {
            DateTime::<Utc>::from_timestamp(t.timestamp(), 0)
                .ok_or_else(|| ParseError("time out of range".into()))
        };
        Ok(CertInfo {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: format!("{:X}", Hex(cert.raw_serial())),
            sha1: Thumbprint::of(der),
            sha256: Sha256::of(der),
            not_before: time(cert.validity().not_before)?,
            not_after: time(cert.validity().not_after)?,
            client_auth,
            is_ca,
            office: Office::of(cert.subject()),
        })
    }
}
