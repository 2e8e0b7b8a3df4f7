//! The guide is a build dependency of the binary (build.rs renders the book),
//! so whatever it depends on is compiled a second time for the build script.
//! It reads only the findings catalog, a leaf: this holds it there, so the
//! PKCS#12/X.509 code and its ciphers are never compiled for the build script.

use std::collections::BTreeSet;
use std::process::Command;

/// `name version` of every package in `package`'s normal dependencies
/// (resolved by Cargo for this platform), down to `depth` if given.
fn normal_deps(package: &str, depth: Option<u32>) -> BTreeSet<String> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "tree",
        "--offline",
        "--quiet",
        "--edges",
        "normal",
        "--prefix",
        "none",
        "--format",
        "{p}",
        "--package",
        package,
    ]);
    if let Some(d) = depth {
        cmd.args(["--depth", &d.to_string()]);
    }
    let out = cmd.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("cargo tree writes UTF-8")
        .lines()
        // "serde v1.0.229", "certcheck-catalog v0.1.0 (/path)", "serde_derive v1.0.229 (proc-macro)"
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some(format!("{} {}", words.next()?, words.next()?))
        })
        .filter(|p| !p.starts_with(&format!("{package} ")))
        .collect()
}

fn names(packages: &BTreeSet<String>) -> BTreeSet<&str> {
    packages
        .iter()
        .filter_map(|p| p.split(' ').next())
        .collect()
}

#[test]
fn the_catalog_depends_on_serde_alone() {
    let direct = normal_deps("certcheck-catalog", Some(1));
    assert_eq!(names(&direct), BTreeSet::from(["serde"]), "{direct:?}");
}

#[test]
fn the_guide_compiles_none_of_the_cores_dependencies() {
    let guide = normal_deps("certcheck-guide", None);
    let guide_names = names(&guide);
    // Not vacuous: the tree was read, and the catalog is in it.
    assert!(
        guide_names.contains("certcheck-catalog") && guide_names.contains("mdbook-driver"),
        "{guide_names:?}"
    );
    assert!(
        !guide_names.contains("certcheck-core"),
        "the guide depends on the core again"
    );

    // What the core depends on directly (its ciphers, hashes, signature and
    // X.509 crates, num-bigint...) must not arrive with the guide, except the
    // few plain crates the guide declares itself (serde, thiserror...).
    let core = normal_deps("certcheck-core", Some(1));
    assert!(names(&core).contains("x509-parser"), "{core:?}");
    let own = normal_deps("certcheck-guide", Some(1));
    let pulled: Vec<&String> = core
        .iter()
        .filter(|p| guide.contains(*p) && !own.contains(*p))
        .collect();
    assert!(
        pulled.is_empty(),
        "the guide (a build dependency of the binary) pulls in the core's {pulled:?}"
    );
    for heavy in [
        "ring",
        "x509-parser",
        "rsa",
        "p256",
        "aes",
        "des",
        "hmac",
        "num-bigint",
    ] {
        assert!(!guide_names.contains(heavy), "the guide pulls in {heavy}");
    }
}
