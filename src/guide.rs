//! The guide embedded at build time (build.rs renders book/ and packs it with
//! certcheck_guide::archive): export it, put it in a per-user cache and open
//! it in the default browser.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

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

/// Writes the guide into `dir`, refusing to replace any file already there.
pub fn export(dir: &Path, overwrite_ours: bool) -> Result<PathBuf> {
    for (name, data) in files() {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        if !overwrite_ours && path.exists() {
            return Err(UsageError::new(
                format!("{} はすでにあります。上書きしないので、空のフォルダを指定してください。", path.display()),
                format!("{} already exists; certcheck does not overwrite files, choose an empty folder.", path.display()),
            )
            .into());
        }
        std::fs::write(&path, data).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(dir.join("index.html"))
}

/// The per-user cache folder for this version's guide.
pub fn cache_dir() -> Option<PathBuf> {
    let base = if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    } else {
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
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
            "ガイドを置く場所（ユーザーのキャッシュフォルダ）が分かりません。--export フォルダ名 で書き出してください。",
            "cannot find a per-user cache folder; use --export DIR instead.",
        ))
    })?;
    // The cache is ours: refresh it so it always matches this binary.
    export(&dir, true)
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
