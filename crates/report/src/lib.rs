//! certcheck's report: what a command found as one typed [`document`], and
//! the printers that render it.
//!
//! Commands build a document ([`assemble`]) and pick a printer: [`text`]
//! (the terminal, ja/en, colour written as it prints), [`json`] (the stable
//! contract, which [`read`] reads back for `certcheck report view`),
//! [`markdown`] (the helpdesk report as Markdown and as HTML), [`csv`] (the
//! offices' table) and [`ics`] (reminders). Every untrusted string passes the
//! one sanitizer, [`safe_text`].
//!
//! Feature `store` (the Windows store's section, from certcheck-store) is
//! for the binary; the WebAssembly module builds without it.

#![forbid(unsafe_code)]

pub mod assemble;
pub mod csv;
pub mod document;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod read;
pub mod safe_text;
pub mod text;
