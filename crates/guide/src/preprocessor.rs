//! The mdBook preprocessor: renders every chapter's directives.

use std::path::PathBuf;

use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::errors::Result as MdResult;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

use crate::error::GuideError;
use crate::render::{RenderContext, render_chapter};

/// Runs inside mdBook (registered by [`crate::build`]); no binary to install.
pub struct GuidePreprocessor {
    mocks_dir: PathBuf,
}

impl GuidePreprocessor {
    pub const NAME: &'static str = "certcheck-guide";

    /// `mocks_dir` holds the mock-up fragments (`book/mocks`).
    pub fn new(mocks_dir: impl Into<PathBuf>) -> GuidePreprocessor {
        GuidePreprocessor {
            mocks_dir: mocks_dir.into(),
        }
    }

    /// Renders all chapters, stopping at the first error.
    pub fn process(&self, mut book: Book) -> Result<Book, GuideError> {
        let mut failure = None;
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            if failure.is_some() {
                return;
            }
            let name = chapter
                .source_path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| chapter.name.clone());
            let ctx = RenderContext {
                mocks_dir: &self.mocks_dir,
            };
            match render_chapter(&chapter.content, &ctx) {
                Ok(content) => chapter.content = content,
                Err(e) => {
                    failure = Some(GuideError::Directive {
                        chapter: name,
                        line: e.line,
                        message: e.message,
                    })
                }
            }
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(book),
        }
    }
}

impl Preprocessor for GuidePreprocessor {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn run(&self, _ctx: &PreprocessorContext, book: Book) -> MdResult<Book> {
        Ok(self.process(book)?)
    }

    fn supports_renderer(&self, renderer: &str) -> MdResult<bool> {
        Ok(renderer == "html")
    }
}
