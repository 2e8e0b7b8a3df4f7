//! Printers: the stable JSON document and the plain-text report (ja/en).
//!
//! Both take an [`Outcome`]: what a command found, assembled by the CLI from
//! the file check, the store check or both.

pub mod csv;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod read;
pub mod safe_text;
pub mod text;

use chrono::{DateTime, Utc};

use crate::check::FileReport;
use crate::findings::{Finding, Verdict};

/// Everything one command found.
#[derive(Debug, Clone)]
pub struct Outcome<'a> {
    /// "check", "store", "doctor", ...
    pub command: &'static str,
    pub at: DateTime<Utc>,
    /// The files checked: one for `check`, any number for `doctor`.
    pub files: Vec<&'a FileReport>,
    /// Extra top-level JSON members (e.g. "store"), in order.
    pub extra_json: Vec<(&'static str, serde_json::Value)>,
    /// Extra text sections (title ja, title en, lines), in order.
    pub extra_text: Vec<TextSection>,
    /// All findings, in priority order.
    pub findings: Vec<Finding>,
}

/// A titled block of text lines for the text printer.
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    pub title_ja: String,
    pub title_en: String,
    pub lines_ja: Vec<String>,
    pub lines_en: Vec<String>,
}

impl Outcome<'_> {
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings)
    }
}
