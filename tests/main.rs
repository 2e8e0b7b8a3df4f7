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
mod dropped;
mod guide;
mod key_types;
mod offices;
mod outside;
mod pbmac1;
mod producers;
mod samples;
mod trust_boundary;
mod wording;

#[test]
fn every_test_file_is_a_module() {
    let package = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let missing =
        certcheck_testkit::test_files::undeclared_modules(package, include_str!("main.rs"));
    assert!(
        missing.is_empty(),
        "tests/*.rs not declared in tests/main.rs: {missing:?}"
    );
}
