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
/// The guide inside it carries the file checker (built first) when the
/// WebAssembly tools exist, as the zip's guide folder does.
pub fn build(fast: bool) -> Result<PathBuf, BuildError> {
    let checker = crate::wasm::script().map_err(BuildError::Failed)?;
    let env: Vec<(&str, &Path)> = checker
        .as_ref()
        .map(|s| (crate::wasm::SCRIPT_ENV, s.path.as_path()))
        .into_iter()
        .collect();
    run_build_script(
        "scripts/build-windows.sh",
        fast.then_some("--fast"),
        &env,
        "the Windows build tools",
    )
}

/// Runs one of the cross-build scripts (Debian's rustc-web with -Zbuild-std) and
/// returns the artefact path it prints on its last line. The scripts exit 3
/// when a package is missing, after saying which; `tools` names them.
pub fn run_build_script(
    script: &str,
    args: Option<&str>,
    env: &[(&str, &Path)],
    tools: &str,
) -> Result<PathBuf, BuildError> {
    let script = root().join(script);
    let out = Command::new("sh")
        .arg(&script)
        .args(args)
        .envs(env.iter().copied())
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", script.display()))
        .map_err(BuildError::Failed)?;
    match out.status.code() {
        Some(0) => {}
        Some(3) => return Err(BuildError::ToolsMissing(format!("{tools} (see above)"))),
        _ => {
            return Err(BuildError::Failed(anyhow::anyhow!(
                "{} failed: {}",
                script.display(),
                out.status
            )));
        }
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let built = PathBuf::from(stdout.lines().last().unwrap_or_default().trim());
    if !built.is_file() {
        return Err(BuildError::Failed(anyhow::anyhow!(
            "the build printed {built:?}, which is not a file"
        )));
    }
    Ok(built)
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
