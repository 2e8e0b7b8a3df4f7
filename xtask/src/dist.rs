//! `cargo xtask dist`: a release build (the guide is embedded by build.rs),
//! shell completions and the man page, into target/dist.
//!
//! `cargo xtask dist --windows`: target/dist/certcheck-VERSION-windows-x86_64.zip
//! for staff PCs: certcheck.exe (guide embedded, version information checked),
//! the guide as a folder that opens from file://, and a Japanese read-me.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::windows::{self, BuildError};

/// The read-me's name inside the zip, and its text ({version} filled in).
pub const README_NAME: &str = "はじめにお読みください.txt";
const README: &str = include_str!("../dist/はじめにお読みください.txt");
/// The guide's folder inside the zip (the read-me names it).
pub const GUIDE_FOLDER: &str = "ガイド";

pub fn run(args: &[String]) -> Result<()> {
    match args {
        [] => native(),
        [flag] if flag == "--windows" => match windows_zip() {
            Ok(zip) => {
                println!("{}", zip.display());
                Ok(())
            }
            Err(BuildError::ToolsMissing(what)) => {
                bail!("cannot build certcheck.exe: {what} missing")
            }
            Err(BuildError::Failed(e)) => Err(e),
        },
        _ => bail!("usage: cargo xtask dist [--windows]"),
    }
}

fn native() -> Result<()> {
    let root = windows::root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(&cargo);
    // The guide embedded in the binary carries the file checker too.
    if let Some(checker) = crate::wasm::script()? {
        build.env(crate::wasm::SCRIPT_ENV, &checker.path);
    }
    if !build
        .current_dir(&root)
        .args(["build", "--release", "-p", "certcheck"])
        .status()?
        .success()
    {
        bail!("the release build failed");
    }
    let dist = root.join("target/dist");
    let bin = root.join("target/release/certcheck");
    std::fs::create_dir_all(&dist)?;
    if !Command::new(&bin)
        .arg("generate")
        .arg(dist.join("completions"))
        .status()?
        .success()
    {
        bail!("certcheck generate failed");
    }
    std::fs::copy(&bin, dist.join("certcheck"))?;
    println!("dist: {}", dist.display());
    Ok(())
}

/// certcheck's version, from the root Cargo.toml's [package] table.
pub fn version() -> Result<String> {
    let manifest = std::fs::read_to_string(windows::root().join("Cargo.toml"))?;
    let package = manifest
        .split("\n[")
        .find(|t| t.starts_with("[package]") || t.starts_with("package]"))
        .context("no [package] in Cargo.toml")?;
    package
        .lines()
        .find_map(|l| {
            let v = l.strip_prefix("version")?.trim_start().strip_prefix('=')?;
            Some(v.trim().trim_matches('"').to_string())
        })
        .context("no version in Cargo.toml's [package]")
}

/// Where `cargo xtask dist --windows` puts the zip.
pub fn windows_zip_path(version: &str) -> PathBuf {
    windows::root()
        .join("target/dist")
        .join(format!("certcheck-{version}-windows-x86_64.zip"))
}

/// Builds the release certcheck.exe, checks its version information, and writes the zip.
pub fn windows_zip() -> Result<PathBuf, BuildError> {
    let exe = windows::build(false)?;
    pack(&exe).map_err(BuildError::Failed)
}

fn pack(exe_path: &Path) -> Result<PathBuf> {
    let version = version()?;
    let exe = std::fs::read(exe_path).with_context(|| format!("reading {}", exe_path.display()))?;
    crate::pe_version::verify(&exe, &version)
        .with_context(|| format!("the version information of {}", exe_path.display()))?;

    let staging = windows::root().join("target/dist/windows-guide");
    crate::book::build(&staging)?;

    let zip_path = windows_zip_path(&version);
    std::fs::create_dir_all(zip_path.parent().expect("target/dist"))?;
    // Written beside, then renamed: a failed run leaves no half zip behind.
    let partial = zip_path.with_extension("zip.partial");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&partial)?);
    // Zip times are local without a zone: Japan time, as on the staff PCs.
    let now = time::OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(9, 0, 0)?);
    let stamp = zip::DateTime::from_date_and_time(
        now.year() as u16,
        now.month().into(),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
    )?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    zip.start_file("certcheck.exe", options)?;
    zip.write_all(&exe)?;
    // Notepad on older Windows reads a file without a BOM as Shift_JIS.
    let readme = format!(
        "\u{feff}{}",
        README.replace("{version}", &version).replace('\n', "\r\n")
    );
    zip.start_file(README_NAME, options)?;
    zip.write_all(readme.as_bytes())?;
    for (name, path) in certcheck_guide::archive_files(&staging)? {
        zip.start_file(format!("{GUIDE_FOLDER}/{name}"), options)?;
        zip.write_all(&std::fs::read(&path)?)?;
    }
    zip.finish()?;
    std::fs::rename(&partial, &zip_path)?;
    let size = std::fs::metadata(&zip_path)?.len();
    eprintln!(
        "dist: {} ({:.1} MiB)",
        zip_path.display(),
        size as f64 / 1024.0 / 1024.0
    );
    Ok(zip_path)
}

/// Extracts one file of the zip (the Wine tests run the .exe taken from it).
pub fn extract(zip_path: &Path, name: &str, to: &Path) -> Result<()> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path)?)?;
    let mut entry = archive
        .by_name(name)
        .with_context(|| format!("{name} is not in {}", zip_path.display()))?;
    let mut out = std::fs::File::create(to)?;
    std::io::copy(&mut entry, &mut out)?;
    Ok(())
}
