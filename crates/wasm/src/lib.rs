//! certcheck's file check for the guide's page, as WebAssembly with a small
//! hand-written interface (no generated glue, so the page needs no loader):
//!
//! 1. `certcheck_alloc(len)` twice, copy the file's bytes and the password
//!    (UTF-8) into the returned buffers;
//! 2. `certcheck_check(...)` returns a result buffer: 4 bytes of length
//!    (little-endian) then the JSON document `certcheck check --format json` prints;
//! 3. `certcheck_free` every buffer (the password's is wiped first).
//!
//! `certcheck_visible` gives the page the CLI's visible form of an untrusted
//! string (a file name, an office name, a finding's text): the one sanitizer,
//! `certcheck_report::safe_text::visible`, not a JavaScript copy of it.
//!
//! The module imports `certcheck.now_ms` (performance.now) for the slip
//! search's time bound and `certcheck.nfkc` (String.prototype.normalize) for
//! comparing office names (crates/core/src/nfkc.rs). Everything else is in
//! `check_document`, which native tests can call too.
//!
//! Unsafe code: only the exports (unmangled names, raw buffers the page
//! passes) and `bytes` (a view of such a buffer) allow it, each by name; the
//! workspace denies it everywhere else.

use std::time::Duration;

use certcheck_core::check::{self, CheckOptions, Read};
use certcheck_core::clock::Instant;
use certcheck_core::findings::Lang;
use certcheck_core::pkcs12::{Budget, OpenOptions};
use certcheck_core::policy;
use certcheck_report::assemble;
use chrono::{DateTime, Utc};
use zeroize::Zeroize;

/// How long one file may take in the page. The work bounds are the CLI's
/// (`OpenOptions::default()`); the time is longer than the CLI's 8 s because
/// WebAssembly hashes more slowly than native code. The page's worker is
/// stopped after 60 s whatever happens.
pub const PAGE_DEADLINE: Duration = Duration::from_secs(20);

/// What the page asks.
pub struct Request<'a> {
    /// The file's name, for the document's `file.path`.
    pub name: &'a str,
    /// The file's first bytes, up to the size limit + 1.
    pub data: &'a [u8],
    /// The file's real length.
    pub total_len: u64,
    /// None: the file is opened without a password (`--no-password`).
    pub password: Option<&'a str>,
    pub at: DateTime<Utc>,
    pub lang: Lang,
}

/// The JSON document for one file, built by the same functions as
/// `certcheck check --format json` (without the store: the page cannot see it).
pub fn check_document(req: &Request<'_>) -> serde_json::Value {
    let options = CheckOptions {
        at: req.at,
        open: OpenOptions::default(),
    };
    let read = Read::Bytes {
        data: req.data,
        total_len: req.total_len,
    };
    // One budget and one deadline for everything this file costs, as in the CLI.
    let budget = Budget::new(options.open.max_work, Some(Instant::now() + PAGE_DEADLINE));
    let report = check::check_with_slip_search(req.name, read, req.password, options, &budget);
    let doc = assemble::check(&report, None, req.at, req.lang);
    serde_json::to_value(&doc).unwrap_or(serde_json::Value::Null)
}

/// The moment to judge at: `--at`-style text when given (tests), else the page's clock.
pub fn moment(at_text: &str, now_ms: f64) -> Option<DateTime<Utc>> {
    if at_text.is_empty() {
        DateTime::from_timestamp_millis(now_ms as i64)
    } else {
        policy::parse_at(at_text)
    }
}

/// Largest file the page hands over whole (the CLI's limit).
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn certcheck_max_file_bytes() -> f64 {
    certcheck_core::sniff::MAX_FILE_BYTES as f64
}

/// A zeroed buffer of `len` bytes for the page to fill; null when `len` is 0.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn certcheck_alloc(len: usize) -> *mut u8 {
    if len == 0 {
        return std::ptr::null_mut();
    }
    let mut buf = vec![0u8; len].into_boxed_slice();
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Wipes and frees a buffer from `certcheck_alloc` or `certcheck_check`.
///
/// # Safety
/// `ptr` and `len` are exactly what an allocation returned (for a result
/// buffer, `len` is its length prefix + 4); each buffer is freed once.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn certcheck_free(ptr: *mut u8, len: usize) {
    if ptr.is_null() || len == 0 {
        return;
    }
    // SAFETY: the caller passes back a live allocation of exactly `len` bytes.
    let mut buf = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
    buf.zeroize();
}

/// Checks a file. Text arguments are UTF-8; `has_password` 0 means none
/// (`--no-password`); `lang` 1 is English, anything else Japanese.
/// Returns a buffer: u32 length (little-endian), then the JSON document.
///
/// # Safety
/// Each (pointer, length) pair is a live buffer from `certcheck_alloc` (or
/// null with length 0).
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn certcheck_check(
    name_ptr: *const u8,
    name_len: usize,
    data_ptr: *const u8,
    data_len: usize,
    total_len: f64,
    password_ptr: *const u8,
    password_len: usize,
    has_password: u32,
    at_ptr: *const u8,
    at_len: usize,
    now_ms: f64,
    lang: u32,
) -> *mut u8 {
    // SAFETY: see the function's contract.
    let (name, data, password, at) = unsafe {
        (
            bytes(name_ptr, name_len),
            bytes(data_ptr, data_len),
            bytes(password_ptr, password_len),
            bytes(at_ptr, at_len),
        )
    };
    let lang = if lang == 1 { Lang::En } else { Lang::Ja };
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let doc = match (
        moment(&text(at), now_ms),
        std::str::from_utf8(password).ok(),
    ) {
        (Some(at), Some(pw)) => check_document(&Request {
            name: &text(name),
            data,
            total_len: (total_len.max(0.0) as u64).max(data.len() as u64),
            password: (has_password != 0).then_some(pw),
            at,
            lang,
        }),
        // The page sends what a text field holds and a valid clock; this is a bug there.
        _ => serde_json::json!({"error": "bad request"}),
    };
    result_buffer(&serde_json::to_vec_pretty(&doc).unwrap_or_default())
}

/// `text` as the CLI prints untrusted text: control and bidi/invisible
/// format characters shown as `\x1b` or `<U+202E>`. Invalid UTF-8 (the page
/// only sends what `TextEncoder` made) becomes U+FFFD.
pub fn visible_text(text: &[u8]) -> String {
    certcheck_report::safe_text::visible(&String::from_utf8_lossy(text)).into_owned()
}

/// The visible form of a UTF-8 string, as a result buffer like
/// `certcheck_check`'s: u32 length (little-endian), then the UTF-8 text.
///
/// # Safety
/// `(ptr, len)` is a live buffer from `certcheck_alloc` (or null with 0).
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn certcheck_visible(ptr: *const u8, len: usize) -> *mut u8 {
    // SAFETY: see the function's contract.
    let text = unsafe { bytes(ptr, len) };
    result_buffer(visible_text(text).as_bytes())
}

/// A buffer holding `body` behind its u32 length (little-endian), for the page
/// to read and hand back to `certcheck_free` (length + 4).
fn result_buffer(body: &[u8]) -> *mut u8 {
    let mut out = Vec::with_capacity(body.len() + 4);
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    let out = out.into_boxed_slice();
    Box::into_raw(out).cast::<u8>()
}

/// # Safety
/// `ptr` is valid for `len` bytes, or `len` is 0.
#[allow(unsafe_code)]
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller's contract.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_is_the_cli_sanitizer() {
        let name = "\u{202e}gpj.exe 事業所\u{200b}名\x1b";
        assert_eq!(
            visible_text(name.as_bytes()),
            certcheck_report::safe_text::visible(name)
        );
        assert_eq!(
            visible_text(name.as_bytes()),
            "<U+202E>gpj.exe 事業所<U+200B>名\\x1b"
        );
        assert_eq!(visible_text(b"plain, Co., Ltd."), "plain, Co., Ltd.");
    }
}
