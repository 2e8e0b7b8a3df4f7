//! Outside sources a test needs but the repository does not hold (a tool, a
//! folder of real exports beside the clone): a loud SKIP when missing, a
//! failure under CERTCHECK_CI=1, where .ci/run provides them.

use std::path::{Path, PathBuf};

/// Whether this run is CI's (`CERTCHECK_CI=1`), where nothing may be skipped.
pub fn ci() -> bool {
    std::env::var("CERTCHECK_CI").as_deref() == Ok("1")
}

/// Says loudly that `suite` skips because `what` is missing; panics under CI.
pub fn missing(suite: &str, what: &str) {
    assert!(!ci(), "CERTCHECK_CI=1 and {what} is missing ({suite})");
    eprintln!("SKIP {suite}: {what} is missing");
}

/// `shared/testdata/<sub>` beside the repository's clone (as CI lays it), or
/// None after a loud SKIP when the clone stands alone.
pub fn shared_testdata(workspace_root: &Path, sub: &str, suite: &str) -> Option<PathBuf> {
    let dir = workspace_root.join("../shared/testdata").join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        missing(
            suite,
            &format!("{} (../shared beside the clone)", dir.display()),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_a_skip_and_under_ci_a_failure() {
        let alone = tempfile::tempdir().unwrap();
        let clone = alone.path().join("certcheck");
        let got = std::panic::catch_unwind(|| shared_testdata(&clone, "real-exports", "test"));
        if ci() {
            assert!(got.is_err(), "CERTCHECK_CI=1 must fail");
        } else {
            assert_eq!(got.unwrap(), None);
        }
        // Beside a clone that exists (`clone/..` needs it).
        std::fs::create_dir(&clone).unwrap();
        let exports = alone.path().join("shared/testdata/real-exports");
        std::fs::create_dir_all(&exports).unwrap();
        assert_eq!(
            shared_testdata(&clone, "real-exports", "test"),
            Some(clone.join("../shared/testdata/real-exports"))
        );
    }
}
