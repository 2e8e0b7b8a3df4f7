//! certcheck-core's integration tests, as one test binary: each file in
//! tests/ is a module here, so a change to the library links one binary, not
//! six. Pick one file's tests with its module name:
//! `cargo test -p certcheck-core --test main mutation::`.
//!
//! The package sets `autotests = false`, so a file in tests/ that is not
//! declared below is never built; `every_test_file_is_a_module` catches that.

mod bounds;
mod key_consistency;
mod key_pairing;
mod module_cycles;
mod mutation;
mod parallel;
mod public_surface;
mod real_exports;
mod renewal_vectors;
mod secrets;
mod signatures;
mod wycheproof_vectors;

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
