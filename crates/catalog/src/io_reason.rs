//! Why a file could not be read or written, as a typed reason with its
//! Japanese and English words, so that no operating-system text ("No such
//! file or directory (os error 2)") ends up inside a Japanese sentence. The
//! OS's own words stay available to callers as technical detail.

use std::io::{self, ErrorKind};

use crate::findings::Lang;

/// A reason a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoReason {
    /// Reading: no file at that path.
    FileNotFound,
    /// Writing: the folder to write into does not exist.
    FolderNotFound,
    /// A folder was given where a file is expected.
    IsFolder,
    /// Something that is not a regular file (a device, a pipe where a file is expected).
    NotRegularFile,
    PermissionDenied,
    DiskFull,
    ReadOnly,
    /// Any other failure while reading.
    ReadFailed,
    /// Any other failure while writing.
    WriteFailed,
}

impl IoReason {
    /// The reason a read failed.
    pub fn reading(e: &io::Error) -> IoReason {
        match e.kind() {
            ErrorKind::NotFound => IoReason::FileNotFound,
            ErrorKind::IsADirectory => IoReason::IsFolder,
            ErrorKind::InvalidInput => IoReason::NotRegularFile,
            ErrorKind::PermissionDenied => IoReason::PermissionDenied,
            _ => IoReason::ReadFailed,
        }
    }

    /// The reason a write failed.
    pub fn writing(e: &io::Error) -> IoReason {
        match e.kind() {
            ErrorKind::NotFound => IoReason::FolderNotFound,
            ErrorKind::IsADirectory => IoReason::IsFolder,
            ErrorKind::PermissionDenied => IoReason::PermissionDenied,
            ErrorKind::StorageFull => IoReason::DiskFull,
            ErrorKind::ReadOnlyFilesystem => IoReason::ReadOnly,
            _ => IoReason::WriteFailed,
        }
    }

    pub fn text(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            IoReason::FileNotFound => ("ファイルが見つかりません", "the file was not found"),
            IoReason::FolderNotFound => ("フォルダーがありません", "the folder does not exist"),
            IoReason::IsFolder => (
                "ファイルではなくフォルダーです",
                "it is a folder, not a file",
            ),
            IoReason::NotRegularFile => ("通常のファイルではありません", "not a regular file"),
            IoReason::PermissionDenied => ("権限がありません", "permission denied"),
            IoReason::DiskFull => ("ディスクがいっぱいです", "the disk is full"),
            IoReason::ReadOnly => ("書き込みできない場所です", "read-only location"),
            IoReason::ReadFailed => ("読み取れませんでした", "it could not be read"),
            IoReason::WriteFailed => ("書き込めませんでした", "it could not be written"),
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_become_reasons_in_both_languages() {
        let gone = io::Error::from(ErrorKind::NotFound);
        assert_eq!(IoReason::reading(&gone), IoReason::FileNotFound);
        assert_eq!(IoReason::writing(&gone), IoReason::FolderNotFound);
        assert_eq!(
            IoReason::reading(&io::Error::from(ErrorKind::IsADirectory)).text(Lang::Ja),
            "ファイルではなくフォルダーです"
        );
        let odd = io::Error::other("os text");
        assert_eq!(
            IoReason::reading(&odd).text(Lang::En),
            "it could not be read"
        );
        assert_eq!(
            IoReason::writing(&odd).text(Lang::Ja),
            "書き込めませんでした"
        );
    }
}
