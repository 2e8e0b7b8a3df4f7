//! Size and work bounds, through the real binary: a file over 1 MiB is refused
//! before parsing and without reading it whole, and an iteration count over
//! the ceiling is refused before any hashing.

use crate::support;

use std::fs::File;
use std::time::{Duration, Instant};

use support::*;

fn check_json(path: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check", path, "--password-env", "P", "--format", "json"];
    args.extend_from_slice(extra);
    certcheck(&args, &[("P", PASSWORD)], None)
}

#[test]
fn one_byte_over_a_mebibyte_is_too_large_and_exactly_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let limit = certcheck_core::MAX_FILE_BYTES as usize;
    // Starts like a PKCS#12 file so that only the size can refuse it.
    let mut bytes = std::fs::read(sample("current-aes.p12")).unwrap();
    bytes.resize(limit + 1, 0);
    let over = dir.path().join("over.p12");
    std::fs::write(&over, &bytes).unwrap();
    let run = check_json(path_str(&over), &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.codes(), ["file.too_large"]);
    assert_eq!(run.json()["file"]["bytes"], limit as u64 + 1);

    bytes.truncate(limit);
    let at = dir.path().join("at-limit.p12");
    std::fs::write(&at, &bytes).unwrap();
    let run = check_json(path_str(&at), &[]);
    assert!(
        !run.codes().contains(&"file.too_large".to_string()),
        "{}",
        run.stdout
    );
}

#[test]
fn huge_sparse_files_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    // 4 GiB as a large download would be; 1 TiB, which no machine reads in
    // the time allowed below, proves only the first bytes are read.
    for (name, size) in [("4GiB.p12", 4u64 << 30), ("1TiB.p12", 1u64 << 40)] {
        let path = dir.path().join(name);
        File::create(&path).unwrap().set_len(size).unwrap();
        let t0 = Instant::now();
        let run = check_json(path_str(&path), &[]);
        let took = t0.elapsed();
        assert_eq!(run.code, 2, "{name}: {}", run.stdout);
        assert_eq!(run.codes(), ["file.too_large"], "{name}");
        assert_eq!(run.json()["file"]["bytes"], size, "{name}");
        // Not hashed either: the hash would need the whole file.
        assert!(run.json()["file"]["sha256"].is_null(), "{name}");
        assert!(took < Duration::from_secs(10), "{name}: {took:?}");
    }
}

#[test]
fn an_iteration_count_one_over_the_ceiling_is_refused() {
    // The sample uses 3,000,000 iterations; the default ceiling is 2,000,000.
    let f = sample("excessive-iterations.p12");
    for ceiling in [None, Some("2999999")] {
        let extra: Vec<&str> = ceiling
            .iter()
            .flat_map(|c| ["--max-iterations", c])
            .collect();
        let run = check_json(path_str(&f), &extra);
        assert_eq!(run.code, 2, "{ceiling:?}: {}", run.stdout);
        assert_eq!(run.codes(), ["p12.excessive_iterations"], "{ceiling:?}");
        assert_eq!(run.json()["protection"]["mac"]["iterations"], 3_000_000);
    }
}
