//! `cargo xtask windows`: cross-builds certcheck.exe with scripts/build-windows.sh,
//! the one recipe shared with CI and with people who want the .exe.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

/// Why the build could not run: tools absent (a skip for the Wine tests) or a real failure.
pub enum BuildError {
    ToolsMissing(String),
    Failed(anyhow::Error),
}

/// Builds certcheck.exe and returns its path; `fast` compiles quicker, for tests.
pub fn build(fast: bool) -> Result<PathBuf, BuildError> {
    let script = root().join("scripts/build-windows.sh");
    let out = Command::new("sh")
        .arg(&script)
        .args(fast.then_some("--fast"))
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", script.display()))
        .map_err(BuildError::Failed)?;
    // The script exits 3 when a package is missing, after saying which.
    match out.status.code() {
        Some(0) => {}
        Some(3) => {
            return Err(BuildError::ToolsMissing(
                "the Windows build tools (see above)".into(),
            ));
        }
        _ => {
            return Err(BuildError::Failed(anyhow::anyhow!(
                "{} failed: {}",
                script.display(),
                out.status
            )));
        }
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let exe = PathBuf::from(stdout.lines().last().unwrap_or_default().trim());
    if !exe.is_file() {
        return Err(BuildError::Failed(anyhow::anyhow!(
            "the build printed {exe:?}, which is not a file"
        )));
    }
    Ok(exe)
}

pub fn run(args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        bail!(
            "`cargo xtask windows` takes no arguments (got {a:?}); scripts/build-windows.sh passes extras to cargo"
        );
    }
    match build(false) {
        Ok(exe) => {
            println!("{}", exe.display());
            Ok(())
        }
        Err(BuildError::ToolsMissing(what)) => bail!("cannot build certcheck.exe: {what} missing"),
        Err(BuildError::Failed(e)) => Err(e),
    }
}
