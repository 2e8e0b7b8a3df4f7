//! The password decoders (BOM, UTF-8, UTF-16LE/BE, first line, length cap) on
//! any bytes, read whole or cut at the bound: no panic, and what comes out is
//! one line of text within the cap.
#![no_main]

use certcheck_core::password_input::{self, MAX_PASSWORD_CHARS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for complete in [true, false] {
        if let Ok(pw) = password_input::first_line(data, complete) {
            assert!(!pw.contains('\n') && !pw.contains('\0'));
            assert!(pw.chars().count() <= MAX_PASSWORD_CHARS);
            assert!(password_input::check(&pw).is_ok());
        }
    }
    let _ = password_input::first_line_read(data);
    // A stream reader stops after the first line: what it decodes from
    // there must be what the whole input decodes to.
    if let Some(n) = password_input::first_line_len(data) {
        assert!(n <= data.len());
        assert_eq!(
            password_input::first_line(&data[..n], true),
            password_input::first_line(data, true)
        );
    }
});
