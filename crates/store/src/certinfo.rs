//! What a certificate from a store says about itself, read from its DER bytes.
//!
//! Pure: the Windows side hands over the encoded bytes; parsing happens here so
//! that it is the same code on every platform and testable on Linux. The
//! reading is core's (`x509::describe`), the one the file check uses, so the
//! store and the file check never disagree about a certificate.

pub use certcheck_core::x509::Described as CertInfo;

/// Why a certificate's bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable certificate: {0}")]
pub struct ParseError(pub String);

/// Reads one DER certificate.
pub fn parse(der: &[u8]) -> Result<CertInfo, ParseError> {
    certcheck_core::x509::describe(der).map_err(|e| ParseError(e.to_string()))
}
