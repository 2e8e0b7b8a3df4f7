//! certcheck's findings catalog, a leaf crate: what every finding code means
//! and how it reads, with no PKCS#12, X.509 or cryptography behind it.
//!
//! - [`findings`]: the codes, their severities, Japanese and English texts and
//!   guide anchors; a finding and the verdict of a set of findings.
//! - [`io_reason`]: why a file could not be read or written, in both languages.
//! - [`escape_html`]: the one escaper of text put into generated HTML.
//!
//! The core re-exports [`findings`] and [`io_reason`] (they are part of its
//! results); the guide, which the binary's build script runs, depends on this
//! crate alone, so building the binary compiles the cryptography once.
//!
//! `findings` and `io_reason` stay public modules: each is one unit (a code's
//! whole definition, a reason's wording) and the core re-exports them under
//! those names. The escaper, one function, is re-exported at the root.
#![forbid(unsafe_code)]

pub mod findings;
mod html;
pub mod io_reason;

pub use html::escape as escape_html;
