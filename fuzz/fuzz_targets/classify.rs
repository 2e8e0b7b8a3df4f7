//! The file classifier on any bytes, with the real length and with a larger one
//! (as when the caller read only up to the size limit).
#![no_main]

use certcheck_core::{MAX_FILE_BYTES, classify_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let len = data.len() as u64;
    let _ = classify_file(data, len);
    if !data.is_empty() {
        let _ = classify_file(data, len + 1);
        let _ = classify_file(data, MAX_FILE_BYTES + 1);
    }
});
