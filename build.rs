//! Renders the guide (book/) into OUT_DIR and embeds it, so every build of
//! certcheck (`cargo build`, `cargo install --path .`, `cargo run`) carries
//! it with no preparatory step; `cargo xtask book` calls the same library.
//! For Windows targets it also links version information into the .exe,
//! so its Properties dialog says what it is.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    embed_guide(&manifest.join("book"), &out);
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        windows_version_info(&out);
    }
}

fn fail(message: String) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

fn embed_guide(book: &Path, out: &Path) {
    // A directory is scanned whole: any change under book/ re-renders. The
    // guide crate (and the findings catalog it reads) is a build dependency,
    // so changes there rebuild this script anyway. Output goes to OUT_DIR
    // only, never under book/, so rendering cannot trigger itself.
    println!("cargo:rerun-if-changed={}", book.display());
    let rendered = out.join("book");
    if let Err(e) = certcheck_guide::build(book, &rendered) {
        fail(format!("building the guide from {}: {e}", book.display()));
    }
    add_checker(&rendered);
    let blob = certcheck_guide::pack_archive(&rendered)
        .unwrap_or_else(|e| fail(format!("packing the guide: {e}")));
    let archive = out.join("guide.bin");
    std::fs::write(&archive, blob)
        .unwrap_or_else(|e| fail(format!("writing {}: {e}", archive.display())));
}

/// The guide's file checker (certcheck-wasm.js, the WebAssembly module as a
/// script) is built by xtask (`cargo xtask windows`, `dist`) with its own
/// toolchain and handed over in CERTCHECK_GUIDE_CHECKER; a plain `cargo build`
/// goes without it and the page says the checker is not in this build.
fn add_checker(rendered: &Path) {
    const VAR: &str = "CERTCHECK_GUIDE_CHECKER";
    println!("cargo:rerun-if-env-changed={VAR}");
    let Some(script) = std::env::var_os(VAR) else {
        return;
    };
    let script = PathBuf::from(script);
    println!("cargo:rerun-if-changed={}", script.display());
    let name = script
        .file_name()
        .unwrap_or_else(|| fail(format!("{VAR}={} names no file", script.display())));
    std::fs::copy(&script, rendered.join(name))
        .unwrap_or_else(|e| fail(format!("{VAR}: copying {}: {e}", script.display())));
}

/// The VERSIONINFO resource: product name, version and a Japanese description
/// (language 0x0411, Unicode), compiled by MinGW's windres and linked into the
/// binary. Only GNU targets are built for Windows here (scripts/build-windows.sh).
fn windows_version_info(out: &Path) {
    if std::env::var("CARGO_CFG_TARGET_ENV").as_deref() != Ok("gnu") {
        println!("cargo:warning=no Windows version information: only the -gnu targets compile it");
        return;
    }
    println!("cargo:rerun-if-env-changed=WINDRES");
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").expect("cargo sets it");
    let windres =
        std::env::var("WINDRES").unwrap_or_else(|_| format!("{arch}-w64-mingw32-windres"));
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets it");
    let number = ["MAJOR", "MINOR", "PATCH"]
        .map(|p| std::env::var(format!("CARGO_PKG_VERSION_{p}")).expect("cargo sets it"))
        .join(",");
    let rc = out.join("version.rc");
    let obj = out.join("version.o");
    let text = format!(
        r#"#pragma code_page(65001)
1 VERSIONINFO
FILEVERSION {number},0
PRODUCTVERSION {number},0
FILEFLAGSMASK 0x3f
FILEFLAGS 0
FILEOS 0x40004
FILETYPE 1
FILESUBTYPE 0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "041104b0"
    BEGIN
      VALUE "CompanyName", "certcheck"
      VALUE "FileDescription", "電子証明書（介護保険の請求用）の確認ツール"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "certcheck"
      VALUE "LegalCopyright", "MIT OR Apache-2.0"
      VALUE "OriginalFilename", "certcheck.exe"
      VALUE "ProductName", "certcheck"
      VALUE "ProductVersion", "{version}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x411, 1200
  END
END
"#
    );
    std::fs::write(&rc, text).unwrap_or_else(|e| fail(format!("writing {}: {e}", rc.display())));
    let status = Command::new(&windres)
        .args(["--codepage=65001", "-O", "coff", "-i"])
        .arg(&rc)
        .arg("-o")
        .arg(&obj)
        .status()
        .unwrap_or_else(|e| {
            fail(format!(
                "cannot run {windres} ({e}): apt-get install binutils-mingw-w64-x86-64, or set WINDRES"
            ))
        });
    if !status.success() {
        fail(format!("{windres} failed on {} ({status})", rc.display()));
    }
    // An object file, unlike an archive member, is always linked in whole.
    println!("cargo:rustc-link-arg-bins={}", obj.display());
}
