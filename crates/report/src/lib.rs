//! certcheck's report: what a command found as one typed [`Document`], and
//! the printers that render it.
//!
//! Commands build a document ([`assemble`]: one builder per command) and pick
//! a printer: [`render_text`] (the terminal, ja/en, colour written as it
//! prints), [`render_json`] (the stable contract, which [`parse_json_report`]
//! reads back for `certcheck report view`), [`render_markdown`] and
//! [`render_html`] (the helpdesk report), [`render_csv`] (the offices' table)
//! and [`render_ics`] (reminders). Every untrusted string passes the one
//! sanitizer, [`visible`] (in `safe_text`).
//!
//! The modules are private and this root chooses what the binary and the
//! WebAssembly module use, under names that say what they are; `assemble`
//! stays a module, its builders named by the command they serve
//! (`assemble::check`, `assemble::doctor`). The document's parts (its
//! sections and entries, the JSON contract) are reached through
//! [`Document`]'s fields.
//!
//! Feature `store` (the Windows store's section, from certcheck-store) is
//! for the binary; the WebAssembly module builds without it.

#![forbid(unsafe_code)]

pub mod assemble;
mod csv;
mod document;
mod ics;
mod json;
mod markdown;
mod read;
mod safe_text;
mod text;

pub use csv::render as render_csv;
pub use document::{Document, Environment};
pub use ics::render as render_ics;
pub use json::render as render_json;
pub use markdown::{
    render as render_markdown, render_for_terminal as render_markdown_for_terminal,
    to_html as render_html,
};
pub use read::{
    MAX_REPORT_BYTES, MAX_VALUES as MAX_REPORT_VALUES, ReportError, parse as parse_json_report,
};
pub use safe_text::visible;
pub use text::render as render_text;

/// Internals for the tests only (not part of the API, hidden from the
/// documentation).
#[doc(hidden)]
pub mod testing {
    pub use crate::text::verdict_label;
}
