//! The OBJECT IDENTIFIERs of public-key algorithms and named curves that the
//! key comparison (keypair, keycheck) and the signature check (verify) share,
//! written dotted like every OID here (`der::oid_to_string` and x509-parser's
//! `to_id_string` give that form; the PKCS#12 walk makes bytes from it).

pub const RSA: &str = "1.2.840.113549.1.1.1";
pub const RSA_PSS: &str = "1.2.840.113549.1.1.10";
/// RSAES-OAEP as a SubjectPublicKeyInfo algorithm (RFC 4055 section 4.1): the
/// same RSAPublicKey (n, e) as rsaEncryption; .NET's test suite has such certificates.
pub const RSAES_OAEP: &str = "1.2.840.113549.1.1.7";
pub const EC: &str = "1.2.840.10045.2.1";
pub const ED25519: &str = "1.3.101.112";
pub const ED448: &str = "1.3.101.113";
pub const DSA: &str = "1.2.840.10040.4.1";

pub const P256: &str = "1.2.840.10045.3.1.7";
pub const P384: &str = "1.3.132.0.34";
pub const P521: &str = "1.3.132.0.35";
pub const BRAINPOOL_P256R1: &str = "1.3.36.3.3.2.8.1.1.7";
pub const BRAINPOOL_P384R1: &str = "1.3.36.3.3.2.8.1.1.11";
