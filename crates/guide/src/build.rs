//! Builds the book with mdBook as a library, then post-processes the output.

use std::path::{Path, PathBuf};
use std::time::Instant;

use mdbook_driver::MDBook;

use crate::error::GuideError;
use crate::postprocess;
use crate::preprocessor::GuidePreprocessor;

/// What a build produced, for the caller to report.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    pub pages: usize,
    pub bytes: u64,
    pub search_sections: usize,
    pub millis: u128,
}

/// Builds the book at `book_root` into `out_dir` (replaced if it exists).
pub fn build(book_root: &Path, out_dir: &Path) -> Result<BuildReport, GuideError> {
    let started = Instant::now();
    // Nothing left over from an older build may survive into this one.
    if out_dir.exists() {
        std::fs::remove_dir_all(out_dir).map_err(GuideError::io(out_dir))?;
    }
    let mdbook_err = |e: mdbook_driver::errors::Error| GuideError::Mdbook(format!("{e:#}"));
    let mut book = MDBook::load(book_root).map_err(mdbook_err)?;
    book.config.build.build_dir = std::path::absolute(out_dir).map_err(GuideError::io(out_dir))?;
    book.with_preprocessor(GuidePreprocessor::new(book_root.join("mocks")));
    book.build().map_err(mdbook_err)?;
    let summary = postprocess::run(out_dir)?;
    Ok(BuildReport {
        out_dir: out_dir.to_path_buf(),
        pages: summary.pages,
        bytes: summary.bytes,
        search_sections: summary.search_sections,
        millis: started.elapsed().as_millis(),
    })
}
