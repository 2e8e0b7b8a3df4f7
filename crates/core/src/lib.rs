//! certcheck's core: what a file is, what a PKCS#12 file holds and how it is
//! protected, whether its certificate is valid and renewable, and findings.
//!
//! Everything here is a pure function of bytes, a password and a time; files,
//! prompts, the clock and the Windows store stay at the edges (the CLI and the
//! store crate).

pub mod check;
pub mod der;
pub mod findings;
pub mod office;
pub mod pkcs12;
pub mod policy;
pub mod relations;
pub mod report;
pub mod sniff;
pub mod typo;
pub mod x509;
