//! The files the suites open with their right password: the repository's
//! samples and, when the clone has them beside it, the real exports.

use std::path::{Path, PathBuf};

/// The samples' password (samples/README.md).
pub const SAMPLE_PASSWORD: &str = "Kaigo-Sample-2026";
/// The real exports' password (shared/testdata/README.md).
pub const EXPORT_PASSWORD: &str = "password";

/// Each file's name, path and password (None: no password), sorted by name
/// within samples/ and then within `exports`.
pub fn known_files(
    workspace_root: &Path,
    exports: Option<&Path>,
) -> Vec<(String, PathBuf, Option<String>)> {
    let samples = workspace_root.join("samples");
    let dirs = std::iter::once((samples.as_path(), SAMPLE_PASSWORD))
        .chain(exports.map(|e| (e, EXPORT_PASSWORD)));
    let mut files = Vec::new();
    for (dir, default_pw) in dirs {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_none_or(|e| e != "md"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let password = match name.as_str() {
                "no-password.p12" => None,
                "unicode-password-aes.p12" => Some("介護パスワード2026".to_string()),
                _ => Some(default_pw.to_string()),
            };
            files.push((name, p, password));
        }
    }
    files
}
