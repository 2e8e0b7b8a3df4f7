//! Usage errors: bad arguments the user can fix; exit status 64.

/// A usage error with its message in both languages.
#[derive(Debug)]
pub struct UsageError {
    pub ja: String,
    pub en: String,
}

impl UsageError {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> UsageError {
        UsageError {
            ja: ja.into(),
            en: en.into(),
        }
    }
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.ja, self.en)
    }
}

impl std::error::Error for UsageError {}
