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

/// The OS's reason in plain words, for the failures users meet.
fn reason(e: &std::io::Error) -> (String, String) {
    use std::io::ErrorKind as K;
    let plain = match e.kind() {
        K::StorageFull => Some(("ディスクがいっぱいです", "the disk is full")),
        K::NotFound => Some(("フォルダがありません", "the folder does not exist")),
        K::PermissionDenied => Some(("書き込む権限がありません", "permission denied")),
        K::ReadOnlyFilesystem => Some(("書き込みできない場所です", "read-only location")),
        _ => None,
    };
    match plain {
        Some((ja, en)) => (ja.to_string(), en.to_string()),
        None => (e.to_string(), e.to_string()),
    }
}

impl std::fmt::Display for IoFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.ja, self.en)
    }
}

impl std::error::Error for IoFailure {}
