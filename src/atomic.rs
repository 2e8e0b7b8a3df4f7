//! Writing files and folders whole or not at all, never replacing what is
//! there and never through a symlink: a full disk leaves no partial report
//! that would then block the retry. A file is written under a temporary name
//! in the same folder and hard-linked into place (which fails if the name is
//! taken, a symlink included); a folder is filled under a temporary name and
//! renamed into place.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Why a file or folder was not created.
#[derive(Debug)]
pub enum CreateError {
    /// The name is taken (a file, a symlink, or a folder that is not empty).
    Exists,
    Io(std::io::Error),
}

impl From<std::io::Error> for CreateError {
    fn from(e: std::io::Error) -> Self {
        CreateError::Io(e)
    }
}

/// A name next to `path` that no one else uses: hidden, with our process id.
fn temporary_name(path: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(
        ".{name}.certcheck-{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

fn taken(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Creates `path` holding `data`, or nothing at all.
pub fn create_file(path: &Path, data: &[u8]) -> Result<(), CreateError> {
    if taken(path) {
        return Err(CreateError::Exists);
    }
    let tmp = temporary_name(path);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(data)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    let linked = std::fs::hard_link(&tmp, path);
    let result = match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(CreateError::Exists),
        // A file system without hard links (FAT on a USB stick): create the
        // name exclusively and copy, removing it again if the copy fails.
        Err(_) => copy_exclusive(data, path),
    };
    let _ = std::fs::remove_file(&tmp);
    result
}

fn copy_exclusive(data: &[u8], path: &Path) -> Result<(), CreateError> {
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CreateError::Exists);
        }
        Err(e) => return Err(e.into()),
    };
    if let Err(e) = f.write_all(data).and_then(|()| f.sync_all()) {
        drop(f);
        let _ = std::fs::remove_file(path);
        return Err(e.into());
    }
    Ok(())
}

/// Whether `dir` may receive a new folder: absent, or an empty real folder.
fn free_for_folder(dir: &Path) -> Result<bool, CreateError> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e.into()),
        Ok(m) if m.is_dir() && std::fs::read_dir(dir)?.next().is_none() => Ok(true),
        Ok(_) => Err(CreateError::Exists),
    }
}

/// Fills a temporary folder next to `dir` with `files` (relative paths).
fn fill_temporary<'a>(
    dir: &Path,
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<PathBuf, CreateError> {
    let tmp = temporary_name(dir);
    std::fs::create_dir(&tmp)?;
    let filled = (|| -> std::io::Result<()> {
        for (name, data) in files {
            let path = tmp.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            f.write_all(data)?;
        }
        Ok(())
    })();
    if let Err(e) = filled {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e.into());
    }
    Ok(tmp)
}

/// Creates the folder `dir` holding `files`, or nothing at all. `dir` may
/// exist if it is an empty folder; anything else there is refused before
/// anything is written.
pub fn create_folder<'a>(
    dir: &Path,
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<(), CreateError> {
    let empty_exists = free_for_folder(dir)?;
    let tmp = fill_temporary(dir, files)?;
    let placed = if empty_exists {
        // The folder stays (it may be the shell's current folder, which a
        // replaced folder would leave the shell outside of): the contents move in.
        move_into_empty(&tmp, dir)
    } else {
        std::fs::rename(&tmp, dir).map_err(CreateError::from)
    };
    let _ = std::fs::remove_dir_all(&tmp);
    placed
}

/// Moves every entry of `from` into the empty folder `dir`, all or none:
/// anything that appears in `dir` meanwhile stops it (nothing is replaced)
/// and what was moved is taken out again.
fn move_into_empty(from: &Path, dir: &Path) -> Result<(), CreateError> {
    let mut moved = Vec::new();
    let result = (|| {
        if std::fs::read_dir(dir)?.next().is_some() {
            return Err(CreateError::Exists);
        }
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            let to = dir.join(entry.file_name());
            if taken(&to) {
                return Err(CreateError::Exists);
            }
            std::fs::rename(entry.path(), &to)?;
            moved.push(to);
        }
        Ok(())
    })();
    if result.is_err() {
        for p in &moved {
            let _ = std::fs::remove_dir_all(p).or_else(|_| std::fs::remove_file(p));
        }
    }
    result
}

/// Replaces our own folder `dir` (a cache) with `files`, whole: the new copy
/// is complete before it takes the name, and the old one is removed after.
pub fn replace_folder<'a>(
    dir: &Path,
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<(), CreateError> {
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = fill_temporary(dir, files)?;
    let old = temporary_name(dir);
    // Moves whatever has the name (a stale copy, even a symlink) aside unread.
    let moved = taken(dir) && std::fs::rename(dir, &old).is_ok();
    let placed = std::fs::rename(&tmp, dir);
    if moved {
        let _ = std::fs::remove_dir_all(&old).or_else(|_| std::fs::remove_file(&old));
    }
    if let Err(e) = placed {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e.into());
    }
    Ok(())
}
