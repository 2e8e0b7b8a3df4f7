//! certcheck's guide: an mdBook in Japanese, built as a library.
//!
//! - `directive` and `render`: short Markdown directives (`::: step`,
//!   `::: only agent`, `::: mock NAME`...) become HTML, so chapters stay Markdown.
//! - `findings_page`: one troubleshooting section per code of
//!   `certcheck_catalog::findings::Code::ALL`, generated, never copied.
//! - `search_index`: a bigram index, because mdBook's own search drops Japanese.
//! - `postprocess`: Japanese interface text, the index, and offline checks.
//! - `archive`: the built guide packed for certcheck's build script to embed.
//!
//! The modules are private. Their users (certcheck's build script and the
//! xtask) need three things, chosen here: [`build`] the book (with its
//! [`BuildReport`] and [`GuideError`]), [`pack_archive`] the result for the
//! binary to embed, and list its [`archive_files`] for a distribution.
#![forbid(unsafe_code)]

mod archive;
mod audience;
mod build;
mod directive;
mod error;
mod findings_page;
mod html;
mod localize;
mod mock;
mod postprocess;
mod preprocessor;
mod render;
mod search_index;
mod widgets;

pub use archive::{files as archive_files, pack as pack_archive};
pub use build::{BuildReport, build};
pub use error::GuideError;
