//! One test binary per package: with `autotests = false`, a file in tests/
//! that tests/main.rs does not declare is never built. This finds such files.

use std::path::Path;

/// The `tests/*.rs` files (other than main.rs) of `package_dir` that
/// `main_rs` (the text of tests/main.rs) does not declare as `mod NAME;`.
pub fn undeclared_modules(package_dir: &Path, main_rs: &str) -> Vec<String> {
    let mut missing = Vec::new();
    let entries = std::fs::read_dir(package_dir.join("tests")).expect("tests/ is readable");
    for entry in entries {
        let path = entry.expect("tests/ is readable").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_module = path.extension().is_some_and(|e| e == "rs") && stem != "main";
        if is_module && !main_rs.contains(&format!("\nmod {stem};\n")) {
            missing.push(stem.to_string());
        }
    }
    missing.sort();
    missing
}
