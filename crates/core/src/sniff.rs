//! What a file is, before any cryptography: the cheap checks that turn a failed
//! download or a wrong file into a precise finding.

use crate::der::{self, DerError};

/// No real PKCS#12 certificate file comes near this size (they are a few KiB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The kind of a file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Empty,
    TooLarge,
    /// A web page: a failed or timed-out download saved under the certificate's name.
    Html,
    /// PEM text (-----BEGIN ...).
    Pem,
    Zip,
    /// DER/BER whose outer length runs past the end of the file.
    Truncated,
    /// Starts like DER/BER: worth handing to the PKCS#12 walk.
    Asn1,
    /// Base64 text that decodes to DER (a PKCS#12 pasted as text).
    Base64,
    Other,
}

/// Classifies `bytes`. `total_len` is the file's real size, which may exceed
/// `bytes.len()` when the caller read only up to the size limit.
pub fn classify(bytes: &[u8], total_len: u64) -> Kind {
    if total_len == 0 {
        return Kind::Empty;
    }
    if total_len > MAX_FILE_BYTES {
        return Kind::TooLarge;
    }
    let text = skip_bom_and_space(bytes);
    if text.starts_with(b"-----BEGIN") {
        return Kind::Pem;
    }
    if looks_like_html(text) {
        return Kind::Html;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if bytes[0] == der::TAG_SEQUENCE {
        return match der::parse_header(bytes) {
            Err(DerError::Truncated) => Kind::Truncated,
            Err(_) => Kind::Other,
            Ok((_, start, Some(len))) if start + len > bytes.len() => Kind::Truncated,
            Ok(_) => Kind::Asn1,
        };
    }
    // "MI" is how base64 of a DER SEQUENCE with a long length begins.
    if text.starts_with(b"MI")
        && text
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=\r\n".contains(b))
    {
        return Kind::Base64;
    }
    Kind::Other
}

fn skip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[start..]
}

fn looks_like_html(text: &[u8]) -> bool {
    let head: Vec<u8> = text.iter().take(1024).map(u8::to_ascii_lowercase).collect();
    let starts = [
        "<!doctype",
        "<html",
        "<?xml",
        "<head",
        "<body",
        "<!--",
        "<meta",
        "<script",
        "<title",
    ];
    starts.iter().any(|s| head.starts_with(s.as_bytes())) || head.windows(5).any(|w| w == b"<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify(b"", 0), Kind::Empty);
        assert_eq!(classify(b"x", MAX_FILE_BYTES + 1), Kind::TooLarge);
        assert_eq!(
            classify(b"\xef\xbb\xbf  <!DOCTYPE html><html>", 30),
            Kind::Html
        );
        assert_eq!(
            classify(b"<HTML><BODY>Session timed out</BODY></HTML>", 44),
            Kind::Html
        );
        assert_eq!(classify(b"-----BEGIN CERTIFICATE-----\n", 28), Kind::Pem);
        assert_eq!(classify(b"PK\x03\x04rest", 8), Kind::Zip);
        assert_eq!(
            classify(&[0x30, 0x82, 0x0a, 0x00, 0x02], 5),
            Kind::Truncated
        );
        assert_eq!(classify(&[0x30, 0x03, 0x02, 0x01, 0x03], 5), Kind::Asn1);
        assert_eq!(
            classify(b"MIIKJAIBAzCCCe4GCSqGSIb3DQEHAaCCCd8Egg", 38),
            Kind::Base64
        );
        assert_eq!(classify(b"hello", 5), Kind::Other);
    }
}
