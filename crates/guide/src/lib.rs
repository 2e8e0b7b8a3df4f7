//! certcheck's guide: an mdBook in Japanese, built as a library.
//!
//! - [`directive`] and [`render`]: short Markdown directives (`::: step`,
//!   `::: only agent`, `::: mock NAME`...) become HTML, so chapters stay Markdown.
//! - [`findings_page`]: one troubleshooting section per code of
//!   `certcheck_catalog::findings::Code::ALL`, generated, never copied.
//! - [`search_index`]: a bigram index, because mdBook's own search drops Japanese.
//! - [`postprocess`]: Japanese interface text, the index, and offline checks.
//! - [`archive`]: the built guide packed for certcheck's build script to embed.
#![forbid(unsafe_code)]

pub mod archive;
pub mod audience;
pub mod build;
pub mod directive;
pub mod error;
pub mod findings_page;
pub mod html;
pub mod localize;
pub mod mock;
pub mod postprocess;
pub mod preprocessor;
pub mod render;
pub mod search_index;
pub mod widgets;

pub use build::{BuildReport, build};
pub use error::GuideError;
pub use preprocessor::GuidePreprocessor;
