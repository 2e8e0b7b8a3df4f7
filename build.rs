//! Embeds the built guide (`cargo xtask book` → target/book) in the binary.
//!
//! When the guide has not been built, the binary still builds (so the quick
//! start works on a fresh machine) but says so loudly: a cargo warning here,
//! and `certcheck guide` explains how to get it. CI builds the guide first and
//! a test checks that it is embedded.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, base, out)?;
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push((rel.to_string_lossy().replace('\\', "/"), path.clone()));
        }
    }
    Ok(())
}

fn main() {
    println!("cargo:rerun-if-env-changed=CERTCHECK_GUIDE_DIR");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_DIR");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("target"));
    let dir = std::env::var_os("CERTCHECK_GUIDE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| target.join("book"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("guide.bin");

    let mut files = Vec::new();
    let complete = dir.join("index.html").is_file() && dir.join("troubleshooting.html").is_file();
    if complete {
        collect(&dir, &dir, &mut files).expect("the built guide is readable");
        files.sort();
        for (_, path) in &files {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        println!("cargo:rerun-if-changed={}", dir.display());
    } else {
        println!(
            "cargo:warning=the guide is not built ({} missing): this certcheck will have no embedded guide; run `cargo xtask book` first",
            dir.display()
        );
        // Re-run once the book appears.
        println!("cargo:rerun-if-changed={}", target.display());
        files.clear();
    }
    // A flat archive: for each file, u32 name length, name, u32 data length, data.
    let mut blob = Vec::new();
    for (name, path) in &files {
        let data = std::fs::read(path).expect("a guide file is readable");
        blob.extend_from_slice(&(name.len() as u32).to_le_bytes());
        blob.extend_from_slice(name.as_bytes());
        blob.extend_from_slice(&(data.len() as u32).to_le_bytes());
        blob.extend_from_slice(&data);
    }
    std::fs::write(&out, blob).expect("OUT_DIR is writable");
}
