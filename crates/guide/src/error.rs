//! The guide's error type: everything that makes the build fail.

use std::path::PathBuf;

/// Why the guide could not be built.
#[derive(Debug, thiserror::Error)]
pub enum GuideError {
    /// A directive line that the preprocessor does not understand.
    #[error("{chapter}:{line}: {message}")]
    Directive {
        chapter: String,
        line: usize,
        message: String,
    },

    /// A mock-up named by `::: mock` has no file under `book/mocks/`.
    #[error("{chapter}: mock-up {name:?} not found at {path}")]
    MissingMock {
        chapter: String,
        name: String,
        path: PathBuf,
    },

    /// A finding code from the catalog has no section in the built page.
    #[error("troubleshooting page lacks sections for: {0:?}")]
    MissingFindingSections(Vec<String>),

    /// A built page refers to something outside the book's own files.
    #[error("{page} refers to an outside resource: {url}")]
    ExternalResource { page: String, url: String },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// mdBook itself failed (loading the book or rendering it).
    #[error("mdBook: {0}")]
    Mdbook(String),
}

impl GuideError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> GuideError {
        let path = path.into();
        move |source| GuideError::Io { path, source }
    }
}
