//! Test-only tools, kept out of the shipped crates: a DER encoder
//! ([`der`]), a PKCS#12 writer built on it ([`pkcs12`]) for the tests,
//! benches and `cargo xtask samples`, the openssl command for tests that
//! make certificates with it ([`openssl`]), the skip rule for outside
//! sources ([`outside`]), and a check that one-binary test
//! suites declare every test file ([`test_files`]).
//!
//! Only dev-dependencies and xtask may depend on this crate.
#![forbid(unsafe_code)]

pub mod der;
pub mod known_files;
pub mod openssl;
pub mod outside;
pub mod pkcs12;
pub mod test_files;
