//! The openssl command as a test's certificate factory: run it in a folder,
//! and find out first whether it is there (a loud SKIP without it, a failure
//! under CERTCHECK_CI=1, where .ci/run installs it).

use std::path::Path;
use std::process::Command;

/// Runs `openssl ARGS` in `dir`; panics with openssl's message if it fails.
pub fn run(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether openssl can run; `suite` names the tests that skip without it.
pub fn available(suite: &str) -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        crate::outside::missing(suite, "openssl");
    }
    ok
}
