//! I/O failures: output, a report or the guide could not be written (a full
//! disk, a missing folder). Exit status 74, never 2, which is about the
//! certificate.

/// An I/O failure with its message in both languages.
#[derive(Debug)]
pub struct IoFailure {
    pub ja: String,
    pub en: String,
}

impl IoFailure {
    /// `what_ja`/`what_en` name what could not be done; the OS's reason follows.
    pub fn new(what_ja: impl Into<String>, what_en: impl Into<String>, e: &std::io::Error) -> Self {
        let (reason_ja, reason_en) = reason(e);
        IoFailure {
            ja: format!("{}（{reason_ja}）", what_ja.into()),
            en: format!("{} ({reason_en})", what_en.into()),
        }
    }
}

/// The reason in plain words; the OS's own text only in the English part,
/// for whoever helps (never inside the Japanese sentence).
fn reason(e: &std::io::Error) -> (String, String) {
    use certcheck_core::findings::Lang;
    use certcheck_core::io_reason::IoReason;
    let why = IoReason::writing(e);
    (
        why.text(Lang::Ja).to_string(),
        format!("{}: {e}", why.text(Lang::En)),
    )
}

impl std::fmt::Display for IoFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.ja, self.en)
    }
}

impl std::error::Error for IoFailure {}
