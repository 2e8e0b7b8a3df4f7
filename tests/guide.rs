//! The guide embedded in the binary: exported, and every finding's `guide`
//! link resolves inside the copy.

use crate::support;

use support::*;

fn catalog_anchors() -> Vec<String> {
    certcheck_core::findings::Code::ALL
        .iter()
        .map(|c| c.definition().anchor())
        .collect()
}

/// Exports the guide: every build embeds it (build.rs), so this must work.
fn exported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("guide");
    let run = certcheck(&["guide", "--export", path_str(&out)], &[], None);
    assert_eq!(run.code, 0, "guide --export failed: {}", run.stderr);
    dir
}

#[test]
fn the_exported_guide_has_a_section_for_every_finding() {
    let dir = exported();
    let trouble = std::fs::read_to_string(dir.path().join("guide/troubleshooting.html")).unwrap();
    for anchor in catalog_anchors() {
        assert!(
            trouble.contains(&format!("id=\"{anchor}\"")),
            "no section #{anchor} in the embedded guide"
        );
    }
    for page in ["index.html", "print.html", "searchindex-ja.js"] {
        assert!(
            dir.path().join("guide").join(page).is_file(),
            "{page} missing"
        );
    }
}

#[test]
fn every_guide_link_in_a_report_resolves_in_the_copy() {
    let dir = exported();
    let run = certcheck(
        &[
            "doctor",
            path_str(&sample("expired-aes.p12")),
            path_str(&sample("renewed-future-aes.p12")),
            "--password-env",
            "P",
            "--format",
            "json",
        ],
        &[("P", PASSWORD)],
        None,
    );
    for f in run.json()["findings"].as_array().unwrap() {
        let link = f["guide"].as_str().unwrap();
        let (page, anchor) = link.split_once('#').unwrap();
        let html = std::fs::read_to_string(dir.path().join("guide").join(page)).unwrap();
        assert!(
            html.contains(&format!("id=\"{anchor}\"")),
            "{link} does not resolve"
        );
    }
}

#[test]
fn export_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "mine").unwrap();
    let run = certcheck(&["guide", "--export", path_str(dir.path())], &[], None);
    assert_eq!(run.code, 64, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("index.html")).unwrap(),
        "mine"
    );
}

#[test]
fn guide_path_points_into_a_per_user_cache() {
    let cache = tempfile::tempdir().unwrap();
    let run = certcheck(
        &["guide", "--path"],
        &[
            ("XDG_CACHE_HOME", path_str(cache.path())),
            ("LOCALAPPDATA", path_str(cache.path())),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::path::PathBuf::from(run.stdout.trim());
    assert!(
        index.starts_with(cache.path()) && index.is_file(),
        "{}",
        run.stdout
    );
}
