//! `cargo xtask book [--out DIR]`: builds the guide into target/book/ with
//! `certcheck_guide::build`, the same call certcheck's build.rs makes to embed it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

/// The default output directory.
pub fn default_out() -> PathBuf {
    workspace_root().join("target").join("book")
}

/// Parses `[--out DIR]`.
pub fn out_dir(args: &[String]) -> Result<PathBuf> {
    match args {
        [] => Ok(default_out()),
        [flag, dir] if flag == "--out" => Ok(PathBuf::from(dir)),
        _ => bail!("usage: cargo xtask book [--out DIR]"),
    }
}

/// Builds the book and prints where it is and how big it came out.
pub fn run(args: &[String]) -> Result<PathBuf> {
    let out = out_dir(args)?;
    let report = build(&out)?;
    println!(
        "guide built: {} ({} pages, {:.1} KiB, {} search sections, {} ms)\nopen {}",
        report.out_dir.display(),
        report.pages,
        report.bytes as f64 / 1024.0,
        report.search_sections,
        report.millis,
        report.out_dir.join("index.html").display(),
    );
    match report.checker_bytes {
        Some(n) => println!(
            "file checker: {} ({:.1} KiB of WebAssembly)",
            crate::wasm::SCRIPT_FILE,
            n as f64 / 1024.0
        ),
        None => println!("file checker: NOT included"),
    }
    Ok(out)
}

/// What a build made.
pub struct Built {
    pub out_dir: PathBuf,
    pub pages: usize,
    pub bytes: u64,
    pub search_sections: usize,
    pub millis: u128,
    /// The file checker's module size, when it is in the guide.
    pub checker_bytes: Option<u64>,
}

/// Builds into `out`, replacing what was there (the guide crate does), with the
/// file checker when it can be built.
pub fn build(out: &Path) -> Result<Built> {
    let r = certcheck_guide::build(&workspace_root().join("book"), out)
        .context("building the guide")?;
    let checker_bytes = crate::wasm::embed_into(out)?;
    Ok(Built {
        out_dir: r.out_dir,
        pages: r.pages,
        bytes: r.bytes,
        search_sections: r.search_sections,
        millis: r.millis,
        checker_bytes,
    })
}
