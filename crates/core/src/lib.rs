//! certcheck's core: what a file is, what a PKCS#12 file holds and how it is
//! protected, whether its certificate is valid and renewable, and findings.
//!
//! Everything here is a pure function of bytes, a password and a time; files,
//! prompts, the clock and the Windows store stay at the edges (the CLI and the
//! store crate).
//!
//! # Data flow
//!
//! ```text
//! file bytes ─► sniff ─► pkcs12 (structure walk, MAC, decryption) ─► x509 (inventory;
//!            keypair + ec: does each key belong to a certificate?)
//!            ─► policy (validity, renewal window, Asia/Tokyo) ─► findings ─► check::FileReport
//!            ─► (certcheck-report) document ─► printers (text, JSON, Markdown/HTML, CSV, iCalendar)
//! ```
//!
//! A certificate is read once, by `x509::summarize`, into an
//! `x509::CertSummary`: the file check, the store crate and the report all
//! hold that one summary (plus their own facts: a file's key and role, a
//! store's key access and chain, a `relations::Sighting`'s location), and only
//! the report's document defines the JSON. The modules use one another in one
//! direction only (tests/module_cycles.rs).
//!
//! # Why the PKCS#12 and BER code is our own
//!
//! The reader in [`der`] and the walk in [`pkcs12`] are written here on
//! RustCrypto primitives (sha1, sha2, hmac, cbc, des, rc2, aes, camellia,
//! cast5; PBKDF2 is our own loop so it can stop at a budget) rather
//! than taken from a PKCS#12 crate, for reasons that are about the users'
//! answers, not about parsing as such:
//!
//! - **Wrong password or damaged file.** When the MAC fails, certcheck still
//!   tries to decrypt each part and checks whether the result is well-formed;
//!   that needs a tolerant, partial walk that keeps going past one bad part.
//!   Typed parsers (`der`/`pkcs12`, `p12-keystore`) stop at the first error, and
//!   the `p12` crate (0.6.3) reports wrong password, unsupported algorithm and
//!   corruption as one error.
//! - **Truncated told from malformed.** A download cut short (a length that
//!   runs past the end) is a different next step from a file that is simply
//!   not PKCS#12; [`der::DerError`] keeps the two apart.
//! - **Hard bounds.** Nesting depth, part and bag counts and iteration counts
//!   are checked before any work is done, so hostile files cannot make the
//!   checker loop, allocate without bound or spend minutes in a KDF.
//! - **Unknown algorithms kept by name.** A scheme we cannot decrypt is still
//!   reported (by OID) with `p12.unsupported_algorithm`, instead of failing the
//!   whole parse.
//! - **BER in place.** NSS (Firefox, pk12util) writes BER with indefinite
//!   lengths and its MAC covers those bytes, so re-encoding to DER first would
//!   break the MAC. `der` 0.8 now has a `ber` feature, but the reasons above
//!   still hold; `p12-keystore` (which cannot read BER and caps iterations at
//!   1,000,000) stays as an independent test oracle in `tests/real_exports.rs`.
// Native builds have no unsafe code at all. The WebAssembly build's clock
// imports `performance.now()` from the page (clock.rs), which needs an
// `unsafe extern` block; that module and the page's NFKC (nfkc.rs) alone allow it.
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]

pub mod cert;
pub mod check;
pub mod clock;
pub mod der;
pub mod ec;
pub mod hex;
mod keycheck;
pub mod keypair;
pub mod nfkc;
pub mod office;
pub mod office_table;
mod oids;
pub mod password_input;
pub mod pkcs12;
pub mod policy;
pub mod relations;
pub mod sniff;
pub mod typo;
pub mod verify;
pub mod x509;

// The findings catalog and the typed reasons behind details live in a leaf
// crate (the guide reads them without this crate's cryptography); they are
// part of this crate's results, so they are re-exported under their old paths.
pub use certcheck_catalog::{findings, io_reason};
