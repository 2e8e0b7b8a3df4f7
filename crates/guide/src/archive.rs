//! The built guide as one flat archive, for certcheck to embed (build.rs) and
//! read back at run time (src/guide.rs holds the reader; keep both in step).
//!
//! Format: for each file, sorted by path: u32 LE name length, the name
//! (UTF-8, `/`-separated, relative), u32 LE data length, the data.

use std::path::{Path, PathBuf};

use crate::error::GuideError;

/// Every file under `dir`, as (relative `/` path, full path), sorted.
pub fn files(dir: &Path) -> Result<Vec<(String, PathBuf)>, GuideError> {
    let mut out = Vec::new();
    collect(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), GuideError> {
    for entry in std::fs::read_dir(dir).map_err(GuideError::io(dir))? {
        let path = entry.map_err(GuideError::io(dir))?.path();
        if path.is_dir() {
            collect(&path, base, out)?;
        } else if let Ok(rel) = path.strip_prefix(base) {
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, path));
        }
    }
    Ok(())
}

/// Packs a built guide. Refuses a folder without `index.html`: an empty
/// archive would make a certcheck that silently lacks its guide.
pub fn pack(dir: &Path) -> Result<Vec<u8>, GuideError> {
    let files = files(dir)?;
    if !files.iter().any(|(name, _)| name == "index.html") {
        return Err(GuideError::Mdbook(format!(
            "{} holds no index.html: the guide was not built",
            dir.display()
        )));
    }
    let mut blob = Vec::new();
    for (name, path) in &files {
        let data = std::fs::read(path).map_err(GuideError::io(path))?;
        for part in [name.as_bytes(), &data] {
            let len = u32::try_from(part.len())
                .map_err(|_| GuideError::Mdbook(format!("{name} is too large to embed")))?;
            blob.extend_from_slice(&len.to_le_bytes());
            blob.extend_from_slice(part);
        }
    }
    Ok(blob)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_sorted_files_with_lengths_and_refuses_a_folder_without_index() {
        let dir = tempfile::tempdir().unwrap();
        assert!(pack(dir.path()).is_err());
        std::fs::create_dir(dir.path().join("css")).unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>").unwrap();
        std::fs::write(dir.path().join("css/a.css"), "x").unwrap();
        let blob = pack(dir.path()).unwrap();
        let mut want = Vec::new();
        for part in [&b"css/a.css"[..], b"x", b"index.html", b"<p>"] {
            want.extend_from_slice(&(part.len() as u32).to_le_bytes());
            want.extend_from_slice(part);
        }
        assert_eq!(blob, want);
    }
}
