//! The guide embedded at build time (see build.rs): export it, put it in a
//! per-user cache and open it in the default browser.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use certcheck_report::visible;

use crate::atomic::{self, CreateError};
use crate::io_failure::IoFailure;
use crate::usage::UsageError;

static ARCHIVE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/guide.bin"));

/// The embedded files as (relative path, bytes), read lazily from static data.
pub fn files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    let mut rest = ARCHIVE;
    std::iter::from_fn(move || {
        let take = |rest: &mut &'static [u8]| -> Option<&'static [u8]> {
            let len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
            let data = rest.get(4..4 + len)?;
            *rest = &rest[4 + len..];
            Some(data)
        };
        let name = std::str::from_utf8(take(&mut rest)?).ok()?;
        let data = take(&mut rest)?;
        Some((name, data))
    })
}

/// Writes the guide out as the folder `dir`, whole or not at all. `dir` must
/// not exist or be an empty folder; anything else is refused before writing.
/// Returns the index page's full path (`.` becomes the current folder's).
pub fn export(dir: &Path) -> Result<PathBuf> {
    let dir = &full_path(dir);
    atomic::create_folder(dir, files()).map_err(|e| match e {
        CreateError::Exists => UsageError::new(
            format!("{} は空のフォルダーではありません。上書きしないので、新しいフォルダー名か空のフォルダーを指定してください。", visible(&dir.display().to_string())),
            format!("{} is not an empty folder; certcheck does not overwrite, choose a new or empty folder.", visible(&dir.display().to_string())),
        )
        .into(),
        CreateError::Io(e) => anyhow::Error::from(IoFailure::new(
            format!("ガイドを {} に書き出せません", visible(&dir.display().to_string())),
            format!("cannot write the guide to {}", visible(&dir.display().to_string())),
            &e,
        )),
    })?;
    Ok(dir.join("index.html"))
}

/// `dir` as a full path with a last component of its own: `.` and `..` are
/// resolved, so the folder has a name to work beside.
fn full_path(dir: &Path) -> PathBuf {
    let full = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    if full.file_name().is_some() {
        full
    } else {
        std::fs::canonicalize(&full).unwrap_or(full)
    }
}

/// What marks a complete cached copy of exactly this guide.
fn stamp() -> String {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(ARCHIVE);
    format!("{} {hash:016x}\n", env!("CARGO_PKG_VERSION"))
}

const STAMP_FILE: &str = ".certcheck-guide";

/// The per-user cache folder for this version's guide.
pub fn cache_dir() -> Option<PathBuf> {
    // Only a full path: an empty or relative variable would put the cache
    // (and the path shown for it) in whatever folder certcheck was started from.
    let full = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    let base = if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA").and_then(full)
    } else {
        std::env::var_os("XDG_CACHE_HOME")
            .and_then(full)
            .or_else(|| Some(std::env::var_os("HOME").and_then(full)?.join(".cache")))
    }?;
    Some(
        base.join("certcheck")
            .join(format!("guide-{}", env!("CARGO_PKG_VERSION"))),
    )
}

/// Makes sure the cached copy exists and returns its index page.
pub fn cached() -> Result<PathBuf> {
    let dir = cache_dir().ok_or_else(|| {
        anyhow::Error::from(UsageError::new(
            "ガイドを置く場所（ユーザーのキャッシュフォルダー）が分かりません。--export フォルダー名 で書き出してください。",
            "cannot find a per-user cache folder; use --export DIR instead.",
        ))
    })?;
    let stamp = stamp();
    let current = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())
        && std::fs::read_to_string(dir.join(STAMP_FILE)).is_ok_and(|s| s == stamp);
    if !current {
        // The cache is ours: replace it whole so it always matches this binary.
        let all = files()
            .map(|(n, d)| -> (&str, &[u8]) { (n, d) })
            .chain(std::iter::once((STAMP_FILE, stamp.as_bytes())));
        atomic::replace_folder(&dir, all).map_err(|e| {
            let e = match e {
                CreateError::Io(e) => e,
                CreateError::Exists => std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            };
            IoFailure::new(
                format!(
                    "ガイドを {} に用意できません",
                    visible(&dir.display().to_string())
                ),
                format!(
                    "cannot set up the guide in {}",
                    visible(&dir.display().to_string())
                ),
                &e,
            )
        })?;
    }
    Ok(dir.join("index.html"))
}

/// Opens a page in the default browser.
pub fn open_in_browser(page: &Path) -> Result<()> {
    let status = if cfg!(windows) {
        std::process::Command::new("explorer").arg(page).status()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(page).status()
    } else {
        std::process::Command::new("xdg-open").arg(page).status()
    };
    // explorer.exe returns 1 even on success; only a failure to start counts.
    status.map(drop).context("cannot start a browser")
}
