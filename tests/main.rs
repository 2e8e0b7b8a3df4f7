//! certcheck's integration tests, as one test binary: each file in tests/ is a
//! module here, so a change to the library links one test binary, not eleven.
//! Pick one file's tests with its module name: `cargo test --test main cli::`.
//!
//! The package sets `autotests = false`, so a file in tests/ that is not
//! declared below is never built; `every_test_file_is_a_module` catches that.

mod support;

mod bounds;
mod cli;
mod cross_suite;
mod doctor;
mod guide;
mod key_types;
mod offices;
mod pbmac1;
mod producers;
mod samples;
mod trust_boundary;

#[test]
fn every_test_file_is_a_module() {
    let dir = support::root().join("tests");
    let main = include_str!("main.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_module = path.extension().is_some_and(|e| e == "rs") && stem != "main";
        if is_module && !main.contains(&format!("\nmod {stem};\n")) {
            missing.push(stem.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "tests/*.rs not declared in tests/main.rs: {missing:?}"
    );
}
