//! PKCS#12 files made at test time by real producers (openssl 3, Java keytool, GnuTLS certtool,
//! NSS pk12util, python cryptography), opened by the real `certcheck` binary.
//!
//! Every test builds its own fictional CA and client certificates with openssl in a temp dir, packs
//! them with one producer in each variant the producer offers, and checks certcheck's JSON against
//! what the producer was told to write and against the thumbprint openssl computes independently.
//! A missing producer prints a loud SKIP line; with CERTCHECK_CI=1 it fails instead.
//!
//! Each test prints its rows of the producer × variant table (`cargo test --test main producers --
//! --nocapture` shows them).

pub mod common;
pub mod der;
mod gnutls;
mod java;
mod nss;
mod openssl;
mod python;
mod tamper;
