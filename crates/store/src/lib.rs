//! Confirms that the claim certificate is installed the way the procedure
//! says: in the current user's Personal store (CurrentUser\MY), with a private
//! key usable without a prompt, under a trusted root, with a chain Windows
//! can build.
//!
//! Read-only: every store is opened with `CERT_STORE_READONLY_FLAG`, nothing is
//! written, and no key material is ever read out (a key is only opened, to see
//! whether that works silently, and closed again).
//!
//! The CryptoAPI calls (`windows`) only gather facts; `select` and `decide`
//! make every decision from them and are plain functions tested on any
//! platform.
//!
//! The modules are private: the binary and the report use [`inspect`] with a
//! [`Query`], and read the [`StoreReport`] with its [`Candidate`]s. The tests
//! feed observed facts to `decide` and `select` through the hidden `testing`
//! module, as the Windows side does.

mod decide;
mod facts;
mod select;
// The only unsafe code in the crate: calls into CryptoAPI and CNG, whose
// handles are wrapped there in owners that free them once.
#[cfg(windows)]
#[allow(unsafe_code)]
mod windows;

use certcheck_core::findings::{Code, Finding};
use certcheck_core::policy::Validity;
use certcheck_core::relations::Sighting;
use certcheck_core::{CertSummary, Location, OfficeRow, StoreLocation, Thumbprint};
use chrono::{DateTime, Utc};

/// Which certificates to check.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// SHA-1 thumbprints; empty means every client-authentication certificate.
    pub thumbprints: Vec<Thumbprint>,
    /// Case-insensitive substring of the issuer DN, to narrow the discovery.
    pub issuer_contains: Option<String>,
}

/// One certificate found in a personal store, and how it stands (printed
/// through crates/report's document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What the certificate says of itself (core's one reading).
    pub cert: CertSummary,
    /// `CurrentUser\MY` or `LocalMachine\MY`.
    pub location: StoreLocation,
    pub has_private_key: bool,
    /// `None` when there is no key to try.
    pub key_usable_silently: Option<bool>,
    /// `None` when the chain could not be asked for.
    pub root_trusted: Option<bool>,
    pub root_location: Option<StoreLocation>,
    pub chain_builds: Option<bool>,
    pub validity: Validity,
}

impl Candidate {
    /// The candidate as relations and its office's row see it.
    pub fn sighting(&self) -> Sighting {
        Sighting {
            cert: self.cert.clone(),
            location: Location::Store(self.location),
            // No key at all is as unusable as one that asks.
            key_usable: if self.has_private_key {
                self.key_usable_silently
            } else {
                Some(false)
            },
            root_trusted: self.root_trusted,
        }
    }
}

/// The result of a store check.
#[derive(Debug, Clone)]
pub struct StoreReport {
    pub candidates: Vec<Candidate>,
    /// One row per office, soonest last day first (printed by the CLI as the
    /// document's `offices`).
    pub offices: Vec<OfficeRow>,
    pub findings: Vec<Finding>,
}

/// Looks the claim certificate up in the Windows certificate stores.
///
/// Elsewhere it returns the single finding `store.unsupported_platform`.
pub fn inspect(query: &Query, at: DateTime<Utc>) -> StoreReport {
    #[cfg(windows)]
    {
        decide::decide(&windows::observe(query), at)
    }
    #[cfg(not(windows))]
    {
        let _ = (query, at);
        unsupported()
    }
}

/// The report on a platform without the Windows stores.
#[cfg(not(windows))]
fn unsupported() -> StoreReport {
    StoreReport {
        candidates: Vec::new(),
        offices: Vec::new(),
        findings: vec![Finding::new(Code::StoreUnsupportedPlatform).with_detail(
            "伝送するパソコンで certcheck store を実行してください。手で確かめる場合は、certmgr.msc を開き「個人」→「証明書」に証明書があり、アイコンに鍵の印が付いていること、「信頼されたルート証明機関」→「証明書」に発行元があることを見てください",
            "run certcheck store on the transmitting PC. To look by hand, open certmgr.msc: the certificate should be under Personal > Certificates with a key on its icon, and its issuer under Trusted Root Certification Authorities > Certificates",
        )],
    }
}

/// Internals for the tests only (not part of the API, hidden from the
/// documentation): the decisions made from observed facts, which the tests
/// drive with facts they make up, on any platform.
#[doc(hidden)]
pub mod testing {
    pub use crate::decide::{Observations, decide};
    pub use crate::facts::{ChainFacts, KeyAccess, Listed, Location, Observed, OpenFailure, trust};
    pub use crate::select::{Selection, select};
}
