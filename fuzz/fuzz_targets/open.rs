//! The PKCS#12 opener and the whole check on any bytes, with the samples'
//! password. The ceiling is lowered so that a mutated iteration count costs
//! milliseconds, not the second the default allows; the ceiling's own logic is
//! the same at any value.
#![no_main]

use certcheck_core::check::{self, CheckOptions, Read};
use certcheck_core::testing::pkcs12::{self, OpenOptions};
use libfuzzer_sys::fuzz_target;

const PASSWORD: &str = "Kaigo-Sample-2026";
const OPTIONS: OpenOptions = OpenOptions {
    max_iterations: 4096,
    max_work: 200_000,
    parallel: certcheck_core::testing::pkcs12::par::threads_available(),
};

fuzz_target!(|data: &[u8]| {
    let _ = pkcs12::open(data, Some(PASSWORD), OPTIONS);
    let at = chrono::DateTime::from_timestamp(1_796_050_800, 0).expect("a valid time");
    let report = check::check(
        "fuzz.p12",
        Read::Bytes {
            data,
            total_len: data.len() as u64,
        },
        Some(PASSWORD),
        CheckOptions { at, open: OPTIONS },
    );
    assert!(!report.findings.is_empty(), "every file gets a finding");
});
