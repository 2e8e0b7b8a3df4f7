//! certcheck's file check for the guide's page, as WebAssembly with a small
//! hand-written interface (no generated glue, so the page needs no loader):
//!
//! 1. `certcheck_alloc(len)` twice, copy the file's bytes and the password
//!    (UTF-8) into the returned buffers;
//! 2. `certcheck_check(...)` returns a result buffer: 4 bytes of length
//!    (little-endian) then the JSON document `certcheck check --format json` prints;
//! 3. `certcheck_free` every buffer (the password's is wiped first).
//!
//! Where the browser has cores to spare, the page runs the check's first
//! batch of key derivations (the core's plan: the MAC and each encrypted
//! part, `certcheck_core::check::ahead_count`) on other workers, each with
//! its own instance: `certcheck_ahead_count` says how many there are,
//! `certcheck_derive` runs one, and `certcheck_check` takes their results.
//!
//! A job that is a PBKDF2 derivation (a PBES2 part) can instead go to the
//! browser's own PBKDF2 (WebCrypto, native code): `certcheck_pbkdf2_job`
//! describes it as the core planned it (PRF, salt, iterations, key length,
//! the password bytes), and `certcheck_derive_keyed` finishes the job with
//! the key WebCrypto derived. `certcheck_pbkdf2` is the core's PBKDF2, for
//! the page's tests to compare WebCrypto with.
//!
//! `certcheck_visible` gives the page the CLI's visible form of an untrusted
//! string (a file name, an office name, a finding's text): the one sanitizer,
//! `certcheck_report::visible`, not a JavaScript copy of it.
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
use certcheck_core::findings::Lang;
use certcheck_core::{
    Budget, Derived, HashAlg, Instant, OpenOptions, ahead_pbkdf2, derive_ahead, derive_ahead_keyed,
    pbkdf2_within, policy,
};
use certcheck_report::assemble;
use chrono::{DateTime, Utc};
use zeroize::{Zeroize, Zeroizing};

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
    /// How long ago the check started (in another worker, for the
    /// derivations run apart): the deadline counts from then.
    pub elapsed: Duration,
    /// Results of the first batch derived by other workers, by job index.
    pub given: Vec<(usize, Derived)>,
}

fn check_options(at: DateTime<Utc>) -> CheckOptions {
    CheckOptions {
        at,
        open: OpenOptions::default(),
    }
}

/// One budget and one deadline for everything this file costs, as in the
/// CLI; every worker of one check has the same deadline.
fn budget(options: &CheckOptions, elapsed: Duration) -> Budget {
    let left = PAGE_DEADLINE.saturating_sub(elapsed);
    Budget::new(options.open.max_work, Some(Instant::now() + left))
}

/// The JSON document for one file, built by the same functions as
/// `certcheck check --format json` (without the store: the page cannot see it).
pub fn check_document(req: Request<'_>) -> serde_json::Value {
    let options = check_options(req.at);
    let read = Read::Bytes {
        data: req.data,
        total_len: req.total_len,
    };
    let budget = budget(&options, req.elapsed);
    let report = check::check_with_slip_search_given(
        req.name,
        read,
        req.password,
        options,
        &budget,
        req.given,
    );
    let doc = assemble::check(&report, None, req.at, req.lang);
    serde_json::to_value(&doc).unwrap_or(serde_json::Value::Null)
}

/// How many derivations the check of `data` runs first, each of which
/// another worker may run (`derive`); 0 or 1: nothing worth handing out.
pub fn ahead_count(data: &[u8], total_len: u64, password: Option<&str>) -> usize {
    let options = check_options(DateTime::UNIX_EPOCH);
    check::ahead_count(data, total_len, password, options)
}

/// Derives job `index` of the first batch under the check's deadline, as
/// bytes for the checking worker (`Derived::to_bytes`); None when there is
/// no such job or its time or work ran out (the checking worker then meets
/// the same end itself).
pub fn derive(
    data: &[u8],
    password: Option<&str>,
    index: usize,
    elapsed: Duration,
) -> Option<Zeroizing<Vec<u8>>> {
    let options = check_options(DateTime::UNIX_EPOCH);
    let budget = budget(&options, elapsed);
    let derived = derive_ahead(data, password, options.open, index, &budget)?.ok()?;
    Some(derived.to_bytes())
}

/// WebCrypto's names of the PBKDF2 PRFs, as one byte each (`pbkdf2_job`);
/// WebCrypto has no SHA-224.
const PRFS: [(HashAlg, u8); 4] = [
    (HashAlg::Sha1, 1),
    (HashAlg::Sha256, 2),
    (HashAlg::Sha384, 3),
    (HashAlg::Sha512, 4),
];

fn prf_code(prf: HashAlg) -> Option<u8> {
    PRFS.iter().find(|(h, _)| *h == prf).map(|(_, c)| *c)
}

/// The PBKDF2 derivation job `index` of the first batch starts with, for
/// the browser's PBKDF2: PRF (1 SHA-1, 2 SHA-256, 3 SHA-384, 4 SHA-512),
/// iterations, key length and salt length (u32, little-endian each), the
/// salt, then the password's bytes (to the end). None when the job has no
/// such derivation (a MAC, PBES1, a PRF WebCrypto lacks).
pub fn pbkdf2_job(data: &[u8], password: Option<&str>, index: usize) -> Option<Zeroizing<Vec<u8>>> {
    let options = check_options(DateTime::UNIX_EPOCH);
    let job = ahead_pbkdf2(data, password, options.open, index)?;
    let mut out = Zeroizing::new(vec![prf_code(job.prf)?]);
    for n in [
        job.iterations,
        u32::try_from(job.key_len).ok()?,
        u32::try_from(job.salt.len()).ok()?,
    ] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&job.salt);
    out.extend_from_slice(&job.password);
    Some(out)
}

/// `derive` for a job whose PBKDF2 key the browser derived (`pbkdf2_job`):
/// the same bytes for the checking worker; None when the job takes no such
/// key, the key does not fit, or time or work ran out.
pub fn derive_keyed(
    data: &[u8],
    password: Option<&str>,
    index: usize,
    key: &[u8],
    elapsed: Duration,
) -> Option<Zeroizing<Vec<u8>>> {
    let options = check_options(DateTime::UNIX_EPOCH);
    let budget = budget(&options, elapsed);
    let derived = derive_ahead_keyed(data, password, options.open, index, key, &budget)?.ok()?;
    Some(derived.to_bytes())
}

/// The core's PBKDF2 (PRF code as in `pbkdf2_job`), within the CLI's work
/// budget: what the page's tests compare WebCrypto's with.
pub fn core_pbkdf2(
    prf: u8,
    password: &str,
    salt: &[u8],
    iterations: u32,
    len: usize,
) -> Option<Zeroizing<Vec<u8>>> {
    let (hash, _) = PRFS.iter().find(|(_, c)| *c == prf)?;
    let budget = Budget::new(OpenOptions::default().max_work, None);
    pbkdf2_within(*hash, Some(password), salt, iterations.into(), len, &budget).ok()
}

/// The results other workers derived, as `certcheck_check` receives them:
/// entries of u32 job index, u32 length (little-endian), then the bytes of
/// `Derived::to_bytes`. A malformed list gives what parsed before it.
pub fn given_results(mut bytes: &[u8]) -> Vec<(usize, Derived)> {
    let mut out = Vec::new();
    while let Some((head, rest)) = bytes.split_first_chunk::<8>() {
        let index = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let Some((body, rest)) = rest.split_at_checked(len) else {
            break;
        };
        if let Some(d) = Derived::from_bytes(body) {
            out.push((index, d));
        }
        bytes = rest;
    }
    out
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
    certcheck_core::MAX_FILE_BYTES as f64
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
/// (`--no-password`); `lang` 1 is English, anything else Japanese; `given`
/// the results of `certcheck_derive` from other workers (see
/// `given_results`; null and 0 for none), `elapsed_ms` how long ago the
/// check started (0: now).
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
    given_ptr: *const u8,
    given_len: usize,
    elapsed_ms: f64,
) -> *mut u8 {
    // SAFETY: see the function's contract.
    let (name, data, password, at, given) = unsafe {
        (
            bytes(name_ptr, name_len),
            bytes(data_ptr, data_len),
            bytes(password_ptr, password_len),
            bytes(at_ptr, at_len),
            bytes(given_ptr, given_len),
        )
    };
    let lang = if lang == 1 { Lang::En } else { Lang::Ja };
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let doc = match (
        moment(&text(at), now_ms),
        given_password(password, has_password),
    ) {
        (Some(at), Some(password)) => check_document(Request {
            name: &text(name),
            data,
            total_len: (total_len.max(0.0) as u64).max(data.len() as u64),
            password,
            at,
            lang,
            elapsed: page_duration(elapsed_ms),
            given: given_results(given),
        }),
        // The page sends what a text field holds and a valid clock; this is a bug there.
        _ => serde_json::json!({"error": "bad request"}),
    };
    result_buffer(&serde_json::to_vec_pretty(&doc).unwrap_or_default())
}

/// How many derivations `certcheck_check` would run first on this file and
/// password, each of which `certcheck_derive` can run in another worker.
///
/// # Safety
/// As `certcheck_check`'s.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn certcheck_ahead_count(
    data_ptr: *const u8,
    data_len: usize,
    total_len: f64,
    password_ptr: *const u8,
    password_len: usize,
    has_password: u32,
) -> u32 {
    // SAFETY: see the function's contract.
    let (data, password) =
        unsafe { (bytes(data_ptr, data_len), bytes(password_ptr, password_len)) };
    let Some(password) = given_password(password, has_password) else {
        return 0;
    };
    let total_len = (total_len.max(0.0) as u64).max(data.len() as u64);
    let n = ahead_count(data, total_len, password);
    u32::try_from(n).unwrap_or(0)
}

/// Derives job `index` of the first batch (see `certcheck_ahead_count`)
/// under the deadline of a check that started `elapsed_ms` ago. Returns a
/// result buffer like `certcheck_check`'s holding `Derived::to_bytes`
/// (key material: the page wipes its copies), empty when there is none.
///
/// # Safety
/// As `certcheck_check`'s.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn certcheck_derive(
    data_ptr: *const u8,
    data_len: usize,
    password_ptr: *const u8,
    password_len: usize,
    has_password: u32,
    index: u32,
    elapsed_ms: f64,
) -> *mut u8 {
    // SAFETY: see the function's contract.
    let (data, password) =
        unsafe { (bytes(data_ptr, data_len), bytes(password_ptr, password_len)) };
    let derived = given_password(password, has_password)
        .and_then(|pw| derive(data, pw, index as usize, page_duration(elapsed_ms)));
    result_buffer(derived.as_deref().map_or(&[], |d| &d[..]))
}

/// Describes job `index`'s PBKDF2 derivation for the browser's WebCrypto
/// (see `pbkdf2_job`: the buffer holds the password, which the page wipes);
/// empty when the job has none.
///
/// # Safety
/// As `certcheck_check`'s.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn certcheck_pbkdf2_job(
    data_ptr: *const u8,
    data_len: usize,
    password_ptr: *const u8,
    password_len: usize,
    has_password: u32,
    index: u32,
) -> *mut u8 {
    // SAFETY: see the function's contract.
    let (data, password) =
        unsafe { (bytes(data_ptr, data_len), bytes(password_ptr, password_len)) };
    let job =
        given_password(password, has_password).and_then(|pw| pbkdf2_job(data, pw, index as usize));
    result_buffer(job.as_deref().map_or(&[], |d| &d[..]))
}

/// `certcheck_derive` for job `index` with its PBKDF2 key (`key_ptr`,
/// `key_len`) derived by the browser; the same result buffer, empty when
/// the key does not fit the job or time or work ran out.
///
/// # Safety
/// As `certcheck_check`'s.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn certcheck_derive_keyed(
    data_ptr: *const u8,
    data_len: usize,
    password_ptr: *const u8,
    password_len: usize,
    has_password: u32,
    index: u32,
    key_ptr: *const u8,
    key_len: usize,
    elapsed_ms: f64,
) -> *mut u8 {
    // SAFETY: see the function's contract.
    let (data, password, key) = unsafe {
        (
            bytes(data_ptr, data_len),
            bytes(password_ptr, password_len),
            bytes(key_ptr, key_len),
        )
    };
    let derived = given_password(password, has_password)
        .and_then(|pw| derive_keyed(data, pw, index as usize, key, page_duration(elapsed_ms)));
    result_buffer(derived.as_deref().map_or(&[], |d| &d[..]))
}

/// The core's PBKDF2 of a UTF-8 password (see `core_pbkdf2`), as a result
/// buffer; empty for an unknown PRF, text that is not UTF-8, or more work
/// than a file may cost.
///
/// # Safety
/// As `certcheck_check`'s.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn certcheck_pbkdf2(
    prf: u32,
    password_ptr: *const u8,
    password_len: usize,
    salt_ptr: *const u8,
    salt_len: usize,
    iterations: u32,
    len: usize,
) -> *mut u8 {
    // SAFETY: see the function's contract.
    let (password, salt) =
        unsafe { (bytes(password_ptr, password_len), bytes(salt_ptr, salt_len)) };
    let key = std::str::from_utf8(password)
        .ok()
        .zip(u8::try_from(prf).ok())
        .and_then(|(pw, prf)| core_pbkdf2(prf, pw, salt, iterations, len));
    result_buffer(key.as_deref().map_or(&[], |d| &d[..]))
}

/// The password as the page gives it: its UTF-8 bytes and whether there is
/// one at all (an empty field is not the same as none). The outer None is
/// text that is not UTF-8, a bug in the page.
fn given_password(bytes: &[u8], has_password: u32) -> Option<Option<&str>> {
    let pw = std::str::from_utf8(bytes).ok()?;
    Some((has_password != 0).then_some(pw))
}

/// A duration the page gives in milliseconds (not negative, not NaN).
fn page_duration(ms: f64) -> Duration {
    Duration::try_from_secs_f64(ms.max(0.0) / 1000.0).unwrap_or_default()
}

/// `text` as the CLI prints untrusted text: control and bidi/invisible
/// format characters shown as `\x1b` or `<U+202E>`. Invalid UTF-8 (the page
/// only sends what `TextEncoder` made) becomes U+FFFD.
pub fn visible_text(text: &[u8]) -> String {
    certcheck_report::visible(&String::from_utf8_lossy(text)).into_owned()
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

    fn request<'a>(data: &'a [u8], password: Option<&'a str>) -> Request<'a> {
        Request {
            name: "f.p12",
            data,
            total_len: data.len() as u64,
            password,
            at: policy::parse_at("2026-12-01").unwrap(),
            lang: Lang::Ja,
            elapsed: Duration::ZERO,
            given: Vec::new(),
        }
    }

    /// The page's helpers: each job derived in a call of its own, the
    /// results gathered as `certcheck_check` receives them.
    fn derived_apart(data: &[u8], password: Option<&str>) -> (usize, Vec<u8>) {
        let n = ahead_count(data, data.len() as u64, password);
        let mut given = Vec::new();
        for i in 0..n {
            let d = derive(data, password, i, Duration::ZERO).expect("derived");
            given.extend_from_slice(&(i as u32).to_le_bytes());
            given.extend_from_slice(&(d.len() as u32).to_le_bytes());
            given.extend_from_slice(&d);
        }
        (n, given)
    }

    #[test]
    fn derivations_run_apart_give_the_document_of_one_worker() {
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        let mut apart = 0;
        for entry in std::fs::read_dir(samples).unwrap() {
            let data = std::fs::read(entry.unwrap().path()).unwrap();
            for pw in [Some("Kaigo-Sample-2026"), Some("wrong"), None] {
                let alone = check_document(request(&data, pw));
                let (n, given) = derived_apart(&data, pw);
                apart += usize::from(n >= 2);
                let with_given = check_document(Request {
                    given: given_results(&given),
                    ..request(&data, pw)
                });
                assert_eq!(with_given, alone);
            }
        }
        assert!(apart >= 20, "files with derivations to run apart: {apart}");
    }

    /// `pbkdf2_job`'s bytes read as the page reads them: the password, and
    /// the key the core derives for the job (as WebCrypto would).
    fn key_for(job: &[u8]) -> (&str, Zeroizing<Vec<u8>>) {
        let word = |at: usize| u32::from_le_bytes(job[at..at + 4].try_into().unwrap());
        let (iterations, len, salt_len) = (word(1), word(5) as usize, word(9) as usize);
        let salt = &job[13..13 + salt_len];
        let password = std::str::from_utf8(&job[13 + salt_len..]).unwrap();
        let key =
            core_pbkdf2(job[0], password, salt, iterations, len).expect("a PRF the page knows");
        (password, key)
    }

    #[test]
    fn jobs_finished_with_a_key_derived_elsewhere_give_what_derive_gives() {
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        let (mut keyed, mut prfs) = (0, std::collections::BTreeSet::new());
        for entry in std::fs::read_dir(samples).unwrap() {
            let data = std::fs::read(entry.unwrap().path()).unwrap();
            for pw in [Some("Kaigo-Sample-2026"), Some("wrong"), Some(""), None] {
                let n = ahead_count(&data, data.len() as u64, pw);
                let mut given = Vec::new();
                for i in 0..n {
                    let module = derive(&data, pw, i, Duration::ZERO).expect("derived");
                    let Some(job) = pbkdf2_job(&data, pw, i) else {
                        continue;
                    };
                    prfs.insert(job[0]);
                    let (job_password, key) = key_for(&job);
                    assert_eq!(job_password, pw.unwrap_or(""));
                    let d = derive_keyed(&data, pw, i, &key, Duration::ZERO).expect("keyed");
                    assert_eq!(d, module, "job {i}");
                    // The key is what decides: another key does not decrypt.
                    const DECRYPTED: [u8; 2] = [b'D', 1];
                    if module[8..10] == DECRYPTED {
                        let mut wrong = key.clone();
                        wrong[0] ^= 1;
                        let other = derive_keyed(&data, pw, i, &wrong, Duration::ZERO).unwrap();
                        assert_ne!(other, module, "job {i}");
                    }
                    assert_eq!(derive_keyed(&data, pw, i, &key[1..], Duration::ZERO), None);
                    keyed += 1;
                    given.extend_from_slice(&(i as u32).to_le_bytes());
                    given.extend_from_slice(&(d.len() as u32).to_le_bytes());
                    given.extend_from_slice(&d);
                }
                // The keyed results alone handed in: the document of one worker.
                let with_keyed = check_document(Request {
                    given: given_results(&given),
                    ..request(&data, pw)
                });
                assert_eq!(with_keyed, check_document(request(&data, pw)));
            }
        }
        assert!(keyed >= 40, "jobs finished with a given key: {keyed}");
        // SHA-256 (the AES samples) and SHA-512 (sha512-aes128.p12).
        assert!(prfs.contains(&2) && prfs.contains(&4), "{prfs:?}");
    }

    #[test]
    fn the_core_pbkdf2_export_is_pbkdf2() {
        // RFC 7914's PBKDF2-HMAC-SHA256 vector: P "passwd", S "salt", c 1.
        let key = core_pbkdf2(2, "passwd", b"salt", 1, 64).unwrap();
        assert_eq!(key[..8], [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f]);
        assert_eq!(core_pbkdf2(5, "passwd", b"salt", 1, 64), None);
        // More rounds than a file may cost: refused, not derived.
        assert_eq!(core_pbkdf2(4, "pw", b"salt", u32::MAX, 64), None);
    }

    #[test]
    fn a_cut_list_of_results_gives_what_parsed_before_the_cut() {
        let data = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/current-aes.p12"),
        )
        .unwrap();
        let (n, given) = derived_apart(&data, Some("Kaigo-Sample-2026"));
        assert!(n >= 2);
        assert_eq!(given_results(&given).len(), n);
        assert_eq!(given_results(&given[..given.len() - 1]).len(), n - 1);
        assert!(given_results(&[1, 2, 3]).is_empty());
    }

    #[test]
    fn visible_text_is_the_cli_sanitizer() {
        let name = "\u{202e}gpj.exe 事業所\u{200b}名\x1b";
        assert_eq!(
            visible_text(name.as_bytes()),
            certcheck_report::visible(name)
        );
        assert_eq!(
            visible_text(name.as_bytes()),
            "<U+202E>gpj.exe 事業所<U+200B>名\\x1b"
        );
        assert_eq!(visible_text(b"plain, Co., Ltd."), "plain, Co., Ltd.");
    }
}
