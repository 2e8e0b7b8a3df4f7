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
//! A certificate is read once, by [`summarize_certificate`], into a
//! [`CertSummary`]: the file check, the store crate and the report all
//! hold that one summary (plus their own facts: a file's key and role, a
//! store's key access and chain, a `relations::Sighting`'s location), and only
//! the report's document defines the JSON. The modules use one another in one
//! direction only (tests/module_cycles.rs).
//!
//! # The public surface
//!
//! The modules are private; what the binary, the store, the report, the
//! WebAssembly checker and the xtask use is chosen here, by name, and kept so
//! by tests/public_surface.rs. Most of it is re-exported at the root under
//! names that say what they are ([`classify_file`], [`FileKind`],
//! [`summarize_certificate`], [`office_table`]). Six modules stay public,
//! each one coherent unit whose functions are read with its name:
//!
//! - [`check`]: the file check itself (`check::check`, its variants within a
//!   budget, with the slip search, with derivations run ahead by the page's
//!   workers), its options and its report.
//! - [`policy`]: the renewal rules in Asia/Tokyo (`policy::evaluate`,
//!   `policy::parse_at`, `policy::jst_date`); the guide's calculator mirrors
//!   them, and both are tested against one file of vectors.
//! - [`relations`]: what certificates seen in files and in the store say
//!   together (`relations::relate`, `relations::successions`,
//!   `relations::reminders`).
//! - [`password_input`]: a password as Windows and shells hand it over
//!   (`password_input::first_line`, `password_input::check`).
//! - [`findings`] and [`io_reason`]: the catalog crate's, re-exported.
//!
//! Tests, the bench, the fuzz targets and the test kit reach the internals
//! (the DER reader, the PKCS#12 walk, the X.509 inventory, the verifier)
//! through one hidden module, `testing`, and nothing else does.
//!
//! # Why the PKCS#12 and BER code is our own
//!
//! The reader in `der` and the walk in `pkcs12` are written here on
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
//!   not PKCS#12; `der::DerError` keeps the two apart.
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

mod cert;
pub mod check;
mod clock;
mod der;
mod ec;
mod hex;
mod keycheck;
mod keypair;
mod nfkc;
mod office;
mod office_table;
mod oids;
pub mod password_input;
mod pkcs12;
pub mod policy;
pub mod relations;
mod sniff;
mod typo;
mod verify;
mod x509;

// The findings catalog and the typed reasons behind details live in a leaf
// crate (the guide reads them without this crate's cryptography); they are
// part of this crate's results, so they are re-exported under their old paths.
pub use certcheck_catalog::{findings, io_reason};

// What a file is, before any cryptography.
pub use sniff::{Kind as FileKind, MAX_FILE_BYTES, classify as classify_file};

// Opening a PKCS#12 file: the options, the password's outcome, how the file is
// protected, and the work budget with the page's derivations run ahead.
pub use pkcs12::open::{DEFAULT_MAX_ITERATIONS, MacSummary, Scheme};
pub use pkcs12::{Budget, Derived, OpenOptions, PasswordOutcome, Protection, derive_ahead};
// The page's WebCrypto path: a PBKDF2 job described for the browser, finished
// with the key it derived, and the core's own PBKDF2 to cross-check it.
pub use pkcs12::algorithms::HashAlg;
pub use pkcs12::open::{ahead_pbkdf2, derive_ahead_keyed};
pub use pkcs12::pbe::{Pbkdf2Job, pbkdf2_within};

// The certificates: the one summary of a certificate, its place in a file,
// the file's chain, and the digests and locations that name it.
pub use cert::{BadDigest, Location, Sha256, StoreLocation, Thumbprint, UnknownLocation};
pub use x509::{
    CertSummary, Chain, FileCert, Role, Unreadable, summarize as summarize_certificate,
};

// Offices: certificates grouped by their subject, one row each.
pub use office::Office;
pub use office_table::{OfficeRow, table as office_table};

// Small things the edges share with the core: the clock that works in the
// page too, and NFKC that uses the browser's in the page.
pub use clock::Instant;
pub use nfkc::nfkc;

/// Internals for the tests, the bench, the fuzz targets and the test kit
/// (crates/testkit, which `cargo xtask samples` drives), and for nothing else:
/// not part of the API, hidden from the documentation, free to change. Each
/// module re-exports one internal module whole, so a test names what it
/// reaches into: `certcheck_core::testing::pkcs12::open`.
#[doc(hidden)]
pub mod testing {
    /// The BER/DER reader and its tags.
    pub mod der {
        pub use crate::der::*;
    }
    /// The PKCS#12 walk, its schemes, MACs, key derivation and opening.
    pub mod pkcs12 {
        pub use crate::pkcs12::*;
    }
    /// The X.509 inventory of a file.
    pub mod x509 {
        pub use crate::x509::*;
    }
    pub use crate::hex::Hex;
    pub use crate::verify::verify;
}
