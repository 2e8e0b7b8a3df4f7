//! What the Windows side observes in the stores, as plain data.
//!
//! The CryptoAPI code fills these in and nothing else; every decision made
//! from them lives in `select` and `decide`, which run (and are tested) anywhere.

/// A certificate store the check reads (core's model, here simply "location").
pub use certcheck_core::StoreLocation as Location;

/// One certificate found in a personal (MY) store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub der: Vec<u8>,
    pub location: Location,
}

/// What a silent attempt to open the certificate's private key gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAccess {
    /// The certificate has no key property at all (imported from a .cer file).
    NoKey,
    /// The key property points at a key container that is gone.
    Missing,
    /// Opened without any prompt: what the transmission software needs.
    Usable,
    /// Needs a UI (NTE_SILENT_CONTEXT): strong key protection was ticked.
    NeedsPrompt,
    /// Failed for another reason; the HRESULT is kept for the message.
    Failed(i32),
}

/// The chain Windows built for a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainFacts {
    /// `CERT_CHAIN_CONTEXT.TrustStatus.dwErrorStatus`.
    pub error_status: u32,
    /// Where the chain's top certificate (when self-signed) sits among the Root stores.
    pub root_location: Option<Location>,
}

/// Everything observed about one selected certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    pub listed: Listed,
    pub key: KeyAccess,
    /// `Err` holds the HRESULT when CertGetCertificateChain itself failed.
    pub chain: Result<ChainFacts, i32>,
}

/// A store that could not be opened (beyond simply not existing yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenFailure {
    pub location: Location,
    pub code: u32,
}

/// `CERT_TRUST_*` error bits that matter here (wincrypt.h; stable since Windows 2000).
pub mod trust {
    pub const IS_REVOKED: u32 = 0x0000_0004;
    pub const IS_NOT_SIGNATURE_VALID: u32 = 0x0000_0008;
    pub const IS_UNTRUSTED_ROOT: u32 = 0x0000_0020;
    pub const IS_CYCLIC: u32 = 0x0000_0080;
    pub const IS_PARTIAL_CHAIN: u32 = 0x0001_0000;
    /// Bits that mean the chain does not lead to a trusted root. Time validity
    /// is left out (the policy judges it, at `--at`), and so is revocation
    /// checking, which the check never asks for.
    pub const BREAKS_CHAIN: u32 =
        IS_REVOKED | IS_NOT_SIGNATURE_VALID | IS_UNTRUSTED_ROOT | IS_CYCLIC | IS_PARTIAL_CHAIN;
}
