//! Mutation test: hundreds of thousands of damaged variants of every sample and
//! every real export go through `check::check`. None may panic or take long;
//! each must give a finding and exit 1 or 2, or exit 0 only when it still opens
//! to exactly the certificates of a file that was good before the mutation (a
//! change to a byte nothing authenticates, such as trailing data or the NULL
//! parameters of the MAC algorithm).
//!
//! Deterministic: a fixed seed, and each case derives its own generator from
//! its index, so a failure is reproduced by its index whatever the thread count.
//! `CERTCHECK_MUTATIONS=N` changes the count (e.g. more for a longer local run).

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use certcheck_core::check::{self, CheckOptions, FileReport, Read};
use certcheck_core::testing::der::{self, Reader};
use certcheck_core::testing::pkcs12::{OpenOptions, algorithms, mac, pbe, structure};
use certcheck_testkit::der::length as der_length;
use certcheck_testkit::pkcs12::{self as write, Layout, Protect};
use chrono::{DateTime, Utc};

const SEED: u64 = 0x6365_7274_6368_6563; // "certchec"
const DEFAULT_CASES: usize = 240_000;
/// Far above every sample and real export except Firefox's 600,000 (whose
/// variants then stop at p12.excessive_iterations unless the count itself
/// was mutated), so that a mutated iteration count costs at most 10x the
/// 2,048 of the samples instead of the 1,000x the default ceiling allows.
/// The default ceiling itself is tested in `bounds`.
const MAX_ITERATIONS: u64 = 20_000;
/// Generous for a debug build on a loaded 2-core machine: cases take ~1-10 ms;
/// a hang or a super-linear walk would take seconds.
const CASE_LIMIT: Duration = Duration::from_secs(2);

// ---------------------------------------------------------------- generator

/// splitmix64: tiny, good enough, and stable across platforms and versions.
struct Rng(u64);

impl Rng {
    fn for_case(i: usize) -> Rng {
        let mut r = Rng(SEED ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

// ---------------------------------------------------------------- DER map

/// One element found by walking the file with the library's own reader,
/// including DER nested inside OCTET STRINGs (the AuthenticatedSafe, plain
/// SafeContents).
#[derive(Debug, Clone)]
struct Elem {
    header: usize,
    /// Offset and size of the whole length field (first octet included).
    len_off: usize,
    len_size: usize,
    content: usize,
    /// None for an indefinite length.
    len: Option<usize>,
    parent: Option<usize>,
    tag: u8,
}

fn offset(base: &[u8], part: &[u8]) -> usize {
    part.as_ptr() as usize - base.as_ptr() as usize
}

fn walk(base: &[u8], data: &[u8], parent: Option<usize>, out: &mut Vec<Elem>) {
    let mut r = Reader::new(data);
    while !r.is_empty() {
        let Ok(t) = r.read() else { return };
        let header = offset(base, t.raw);
        let len_size = match t.raw[1] {
            b if b <= 0x80 => 1,
            b => 1 + (b & 0x7f) as usize,
        };
        out.push(Elem {
            header,
            len_off: header + 1,
            len_size,
            content: offset(base, t.content),
            len: (!t.indefinite).then_some(t.content.len()),
            parent,
            tag: t.tag,
        });
        let me = Some(out.len() - 1);
        if t.constructed() {
            walk(base, t.content, me, out);
        } else if t.tag == der::TAG_OCTET_STRING || t.tag == der::TAG_CONTEXT_0_PRIMITIVE {
            // Octets holding exactly one DER element: walk into them.
            if let Ok(inner) = Reader::new(t.content).read()
                && inner.raw.len() == t.content.len()
                && inner.constructed()
            {
                walk(base, t.content, me, out);
            }
        }
    }
}

/// After `elems[idx]`'s content grew by `delta` bytes, rewrites its length and
/// its ancestors' (innermost first: their headers come earlier, so their
/// offsets stay valid). Indefinite ancestors need no change.
fn fix_lengths(out: &mut Vec<u8>, elems: &[Elem], idx: usize, mut delta: isize) {
    let mut cur = Some(idx);
    while let Some(i) = cur {
        let e = &elems[i];
        let Some(len) = e.len else { return };
        let new = der_length((len as isize + delta).max(0) as usize);
        delta += new.len() as isize - e.len_size as isize;
        out.splice(e.len_off..e.len_off + e.len_size, new);
        cur = e.parent;
    }
}

/// Replaces an element's content and keeps every enclosing length consistent.
fn replace_content(bytes: &[u8], elems: &[Elem], idx: usize, new: &[u8]) -> Vec<u8> {
    let e = &elems[idx];
    let len = e.len.expect("a definite element");
    let mut out = bytes.to_vec();
    out.splice(e.content..e.content + len, new.iter().copied());
    fix_lengths(&mut out, elems, idx, new.len() as isize - len as isize);
    out
}

// ---------------------------------------------------------------- mutations

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit {
        pos: usize,
        bit: u8,
    },
    SetByte {
        pos: usize,
        value: u8,
    },
    Truncate {
        len: usize,
    },
    Insert {
        pos: usize,
        bytes: Vec<u8>,
    },
    Delete {
        pos: usize,
        n: usize,
    },
    /// Several byte changes at once.
    Scatter {
        changes: Vec<(usize, u8)>,
    },
    /// Replaces an element's length field with another encoding.
    SetLength {
        elem: usize,
        field: Vec<u8>,
    },
    /// Adds `by` to an element's length and its ancestors' and appends `by`
    /// bytes: the outer structure stays consistent while the element swallows
    /// its following siblings.
    Inflate {
        elem: usize,
        by: usize,
    },
    /// Inserts bytes at the end of an element's content, lengths kept consistent.
    Splice {
        elem: usize,
        bytes: Vec<u8>,
    },
    /// Replaces an element's content, lengths kept consistent.
    Replace {
        elem: usize,
        bytes: Vec<u8>,
    },
}

impl Mutation {
    fn kind(&self) -> &'static str {
        match self {
            Mutation::FlipBit { .. } => "flip_bit",
            Mutation::SetByte { .. } => "set_byte",
            Mutation::Truncate { .. } => "truncate",
            Mutation::Insert { .. } => "insert",
            Mutation::Delete { .. } => "delete",
            Mutation::Scatter { .. } => "scatter",
            Mutation::SetLength { .. } => "set_length",
            Mutation::Inflate { .. } => "inflate_nested",
            Mutation::Splice { .. } => "splice",
            Mutation::Replace { .. } => "replace_content",
        }
    }
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mutation::Insert { pos, bytes } => write!(f, "insert {} bytes at {pos}", bytes.len()),
            Mutation::Splice { elem, bytes } => {
                write!(f, "splice {} bytes into element #{elem}", bytes.len())
            }
            Mutation::Replace { elem, bytes } => {
                write!(
                    f,
                    "replace element #{elem}'s content by {} bytes",
                    bytes.len()
                )
            }
            Mutation::SetLength { elem, field } => {
                write!(f, "element #{elem} length field := {field:02x?}")
            }
            other => write!(f, "{other:?}"),
        }
    }
}

fn choose(rng: &mut Rng, bytes: &[u8], elems: &[Elem]) -> Mutation {
    let n = bytes.len();
    let pos = |rng: &mut Rng| if n == 0 { 0 } else { rng.below(n) };
    let definite: Vec<usize> = (0..elems.len())
        .filter(|&i| elems[i].len.is_some())
        .collect();
    let structural = !definite.is_empty();
    let roll = rng.below(100);
    match roll {
        _ if n == 0 => Mutation::Insert {
            pos: 0,
            bytes: {
                let k = 1 + rng.below(8);
                rng.bytes(k)
            },
        },
        0..=19 => Mutation::FlipBit {
            pos: pos(rng),
            bit: rng.below(8) as u8,
        },
        20..=31 => Mutation::SetByte {
            pos: pos(rng),
            value: rng.next() as u8,
        },
        32..=38 => Mutation::Truncate { len: rng.below(n) },
        39..=44 => Mutation::Insert {
            pos: rng.below(n + 1),
            bytes: {
                let k = 1 + rng.below(16);
                rng.bytes(k)
            },
        },
        45..=49 => Mutation::Delete {
            pos: pos(rng),
            n: 1 + rng.below(16),
        },
        50..=54 => Mutation::Scatter {
            changes: (0..2 + rng.below(6))
                .map(|_| (pos(rng), rng.next() as u8))
                .collect(),
        },
        _ if !structural => Mutation::FlipBit {
            pos: pos(rng),
            bit: rng.below(8) as u8,
        },
        55..=72 => {
            let elem = rng.below(elems.len());
            let e = &elems[elem];
            let len = e.len.unwrap_or(0);
            let same_size = |v: u64| -> Vec<u8> {
                if e.len_size == 1 {
                    vec![(v & 0x7f) as u8]
                } else {
                    let k = e.len_size - 1;
                    let mut f = vec![0x80 | k as u8];
                    f.extend((0..k).rev().map(|i| (v >> (8 * i)) as u8));
                    f
                }
            };
            let field = match rng.below(10) {
                0 => vec![0x80],
                1 => vec![0x84, 0xff, 0xff, 0xff, 0xff],
                2 => vec![0x85, 0, 0, 0, 0, 1],
                3 => same_size(u64::MAX),
                4 => same_size(0),
                5 => same_size(len as u64 + 1),
                6 => same_size((len as u64).saturating_sub(1)),
                7 => same_size(len as u64 + 1 + rng.below(4096) as u64),
                8 => der_length(rng.below(0x1_0000)),
                _ => vec![rng.next() as u8],
            };
            Mutation::SetLength { elem, field }
        }
        73..=82 => Mutation::Inflate {
            elem: definite[rng.below(definite.len())],
            by: match rng.below(3) {
                0 => 1 + rng.below(4),
                1 => 1 + rng.below(128),
                _ => 1 + rng.below(70_000),
            },
        },
        83..=91 => {
            let k = 1 + rng.below(24);
            let mut b = rng.bytes(k);
            // Half the time, something that parses as DER.
            if rng.below(2) == 0 {
                let copy_of = definite[rng.below(definite.len())];
                let e = &elems[copy_of];
                b = bytes[e.header..e.content + e.len.unwrap_or(0)].to_vec();
            }
            Mutation::Splice {
                elem: definite[rng.below(definite.len())],
                bytes: b,
            }
        }
        _ => {
            let elem = definite[rng.below(definite.len())];
            let len = elems[elem].len.unwrap_or(0);
            let bytes = match rng.below(4) {
                0 => Vec::new(),
                1 => rng.bytes(len.min(64)),
                2 => vec![0; 1 + rng.below(40)],
                _ => {
                    // Another element's content (e.g. an OID or INTEGER in the wrong place).
                    let other = &elems[definite[rng.below(definite.len())]];
                    bytes[other.content..other.content + other.len.unwrap_or(0)].to_vec()
                }
            };
            Mutation::Replace { elem, bytes }
        }
    }
}

fn apply(bytes: &[u8], elems: &[Elem], m: &Mutation) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match m {
        Mutation::FlipBit { pos, bit } => {
            if let Some(b) = out.get_mut(*pos) {
                *b ^= 1 << bit;
            }
        }
        Mutation::SetByte { pos, value } => {
            if let Some(b) = out.get_mut(*pos) {
                *b = *value;
            }
        }
        Mutation::Truncate { len } => out.truncate(*len),
        Mutation::Insert { pos, bytes } => {
            out.splice(*pos..*pos, bytes.iter().copied());
        }
        Mutation::Delete { pos, n } => {
            let end = (*pos + *n).min(out.len());
            out.drain(*pos..end);
        }
        Mutation::Scatter { changes } => {
            for &(p, v) in changes {
                if let Some(b) = out.get_mut(p) {
                    *b = v;
                }
            }
        }
        Mutation::SetLength { elem, field } => {
            let e = &elems[*elem];
            out.splice(e.len_off..e.len_off + e.len_size, field.iter().copied());
        }
        Mutation::Inflate { elem, by } => {
            fix_lengths(&mut out, elems, *elem, *by as isize);
            out.extend(std::iter::repeat_n(0x41, *by));
        }
        Mutation::Splice { elem, bytes } => {
            let e = &elems[*elem];
            let end = e.content + e.len.expect("definite");
            out.splice(end..end, bytes.iter().copied());
            fix_lengths(&mut out, elems, *elem, bytes.len() as isize);
        }
        Mutation::Replace { elem, bytes: new } => out = replace_content(bytes, elems, *elem, new),
    }
    out
}

// ---------------------------------------------------------------- cheap twins

/// Iteration counts are lowered to this in the twins (the smallest count that
/// still takes two DER octets, like 2,048, so no length changes).
const TWIN_ITERATIONS: u32 = 128;

fn candidates(password: Option<&str>) -> [Option<&str>; 3] {
    [password, Some(""), None]
}

/// Children of `elems[p]`, in order.
fn children(elems: &[Elem], p: usize) -> Vec<usize> {
    (p + 1..elems.len())
        .filter(|&i| elems[i].parent == Some(p))
        .collect()
}

fn end(e: &Elem) -> usize {
    e.content + e.len.unwrap_or(0)
}

/// Lowers every two-octet iteration count (an INTEGER right after a salt)
/// inside `elems[i]` to [`TWIN_ITERATIONS`]; true if one was.
fn lower_counts(out: &mut [u8], elems: &[Elem], i: usize) -> bool {
    let mut any = false;
    for j in i + 1..elems.len() {
        let (e, prev) = (&elems[j], &elems[j - 1]);
        if e.header >= end(&elems[i]) {
            break;
        }
        if e.tag == der::TAG_INTEGER
            && e.len == Some(2)
            && prev.parent == e.parent
            && prev.tag == der::TAG_OCTET_STRING
        {
            out[e.content..e.content + 2].copy_from_slice(&(TWIN_ITERATIONS as u16).to_be_bytes());
            any = true;
        }
    }
    any
}

/// The same bytes with the iteration counts of every encryption (and, at the
/// top, the MAC) lowered and the ciphertexts and MAC recomputed to match:
/// byte for byte the producer's layout, at a 16th of the hashing. BER
/// ciphertexts (segmented) are left alone.
fn lower_iterations(bytes: &[u8], password: Option<&str>, top: bool) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut elems = Vec::new();
    walk(bytes, bytes, None, &mut elems);
    for i in 0..elems.len() {
        let e = &elems[i];
        let (Some(parent), Some(_)) = (e.parent, e.len) else {
            continue;
        };
        if e.tag != der::TAG_SEQUENCE {
            continue;
        }
        let Ok(alg) = Reader::new(&bytes[e.header..]).read() else {
            continue;
        };
        let Ok(old) = algorithms::parse_pbe(&alg) else {
            continue;
        };
        let sibs = children(&elems, parent);
        let at = sibs
            .iter()
            .position(|&s| s == i)
            .expect("a child of its parent");
        let Some(&c) = sibs.get(at + 1) else { continue };
        let ct_e = &elems[c];
        if ct_e.tag & 0x20 != 0 || ct_e.len.is_none() {
            continue;
        }
        let ct = &bytes[ct_e.content..end(ct_e)];
        let Some((pw, plain)) = candidates(password).into_iter().find_map(|pw| {
            pbe::decrypt(&old, pw, ct)
                .ok()
                .filter(|p| structure::is_well_formed(p, der::TAG_SEQUENCE))
                .map(|p| (pw, p))
        }) else {
            continue;
        };
        let plain = lower_iterations(&plain, password, false);
        if !lower_counts(&mut out, &elems, i) {
            continue;
        }
        let new_alg = Reader::new(&out[e.header..]).read().expect("same shape");
        let new = algorithms::parse_pbe(&new_alg).expect("same shape");
        let new_ct = pbe::encrypt(&new, pw, &plain);
        assert_eq!(
            new_ct.len(),
            ct.len(),
            "same plaintext length, same padding"
        );
        out[ct_e.content..end(ct_e)].copy_from_slice(&new_ct);
    }
    if top {
        recompute_mac(bytes, &elems, &mut out, password);
    }
    out
}

/// PFX { version, authSafe { OID, [0] { OCTET STRING } }, MacData { DigestInfo { alg, digest }, salt, count } }
fn recompute_mac(bytes: &[u8], elems: &[Elem], out: &mut [u8], password: Option<&str>) {
    let top = children(elems, 0);
    let (Some(&auth), Some(&mac)) = (top.get(1), top.get(2)) else {
        return;
    };
    let Some(&explicit) = children(elems, auth).get(1) else {
        return;
    };
    let Some(&octets) = children(elems, explicit).first() else {
        return;
    };
    let m = children(elems, mac);
    let (Some(&di), Some(&salt), Some(&count)) = (m.first(), m.get(1), m.get(2)) else {
        return;
    };
    let d = children(elems, di);
    let (Some(&alg), Some(&digest)) = (d.first(), d.get(1)) else {
        return;
    };
    let Ok(alg) = Reader::new(&bytes[elems[alg].header..]).read() else {
        return;
    };
    let Ok(hash) = algorithms::parse_digest(&alg) else {
        return;
    };
    let range = |i: usize| elems[i].content..end(&elems[i]);
    let old_count = Reader::new(&bytes[elems[count].header..])
        .read()
        .and_then(|t| t.uint());
    let Ok(old_count) = old_count else { return };
    let Some(pw) = candidates(password).into_iter().find(|pw| {
        mac::verify(
            hash,
            *pw,
            &bytes[range(salt)],
            old_count as u32,
            &bytes[range(octets)],
            &bytes[range(digest)],
        )
    }) else {
        return;
    };
    let mut iterations = old_count as u32;
    if elems[count].len == Some(2) {
        out[range(count)].copy_from_slice(&(TWIN_ITERATIONS as u16).to_be_bytes());
        iterations = TWIN_ITERATIONS;
    }
    let value = mac::compute(
        hash,
        pw,
        &bytes[range(salt)],
        iterations,
        &out[range(octets)],
    );
    out[range(digest)].copy_from_slice(&value);
}

// ---------------------------------------------------------------- inputs

struct Input {
    name: String,
    bytes: Vec<u8>,
    password: Option<String>,
    elems: Vec<Elem>,
    /// The same file at 128 iterations, when that gives the same report.
    twin: Option<(Vec<u8>, Vec<Elem>)>,
}

/// One in this many cases mutates the original file, the others its twin.
const ORIGINAL_EVERY: usize = 8;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn inputs() -> Vec<Input> {
    let mut v = Vec::new();
    // Without ../shared beside the clone, the samples alone (a loud SKIP).
    let exports = certcheck_testkit::outside::shared_testdata(
        &root(),
        "real-exports",
        "mutation of the real exports",
    );
    let with_exports = exports.is_some();
    for (name, p, password) in
        certcheck_testkit::known_files::known_files(&root(), exports.as_deref())
    {
        let bytes = std::fs::read(&p).unwrap();
        let mut elems = Vec::new();
        walk(&bytes, &bytes, None, &mut elems);
        let twin = Some(lower_iterations(&bytes, password.as_deref(), true))
            .filter(|t| *t != bytes)
            .filter(|t| {
                let codes = |r: &FileReport| {
                    r.findings
                        .iter()
                        .map(|f| f.code.as_str())
                        .collect::<Vec<_>>()
                };
                let (a, b) = (
                    run(&bytes, password.as_deref(), MAX_ITERATIONS),
                    run(t, password.as_deref(), MAX_ITERATIONS),
                );
                codes(&a) == codes(&b) && cert_ids(&a) == cert_ids(&b)
            })
            .map(|t| {
                let mut e = Vec::new();
                walk(&t, &t, None, &mut e);
                (t, e)
            });
        v.push(Input {
            name,
            bytes,
            password,
            elems,
            twin,
        });
    }
    let (inputs, twins_expected) = if with_exports { (30, 15) } else { (25, 10) };
    assert!(
        v.len() >= inputs,
        "samples and the five real exports expected"
    );
    let twins: Vec<&str> = v
        .iter()
        .filter(|i| i.twin.is_some())
        .map(|i| i.name.as_str())
        .collect();
    assert!(twins.len() >= twins_expected, "twins: {twins:?}");
    v
}

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T00:00:00+09:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn run(bytes: &[u8], password: Option<&str>, max_iterations: u64) -> FileReport {
    check::check(
        "mutant.p12",
        Read::Bytes {
            data: bytes,
            total_len: bytes.len() as u64,
        },
        password,
        CheckOptions {
            at: at(),
            open: OpenOptions::with_max_iterations(max_iterations),
        },
    )
}

fn cert_ids(r: &FileReport) -> Vec<String> {
    r.certificates
        .iter()
        .map(|c| c.summary.sha256.to_string())
        .collect()
}

/// What a case must satisfy; the error says why not.
fn judge(r: &FileReport, good: &[Vec<String>]) -> Result<i32, String> {
    if r.findings.is_empty() {
        return Err("no finding".into());
    }
    let exit = r.verdict().exit_code();
    match exit {
        1 | 2 => Ok(exit),
        0 if good.contains(&cert_ids(r)) => Ok(0),
        0 => Err(format!(
            "exit 0 with certificates no good input holds: {:?}",
            cert_ids(r)
        )),
        other => Err(format!("exit {other}")),
    }
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic)".into())
}

struct Failure {
    case: usize,
    input: String,
    mutation: String,
    why: String,
    file: PathBuf,
}

#[derive(Default)]
struct Stats {
    cases: usize,
    exits: BTreeMap<i32, usize>,
    kinds: BTreeMap<&'static str, usize>,
    slowest: (Duration, String),
    failures: Vec<Failure>,
}

#[test]
fn mutants_never_panic_and_always_say_why() {
    let inputs = inputs();
    // The certificates of the inputs that are good as they are.
    let good: Vec<Vec<String>> = inputs
        .iter()
        .map(|i| run(&i.bytes, i.password.as_deref(), MAX_ITERATIONS))
        .filter(|r| r.verdict().exit_code() == 0)
        .map(|r| cert_ids(&r))
        .collect();
    assert!(good.len() >= 8, "most samples are good as they are");

    let cases: usize = std::env::var("CERTCHECK_MUTATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let stats = Mutex::new(Stats::default());
    let fail_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mutation-failures");
    let started = Instant::now();

    std::thread::scope(|s| {
        for t in 0..threads {
            let (inputs, good, stats, fail_dir) = (&inputs, &good, &stats, &fail_dir);
            s.spawn(move || {
                let mut local = Stats::default();
                for case in (t..cases).step_by(threads) {
                    let input = &inputs[case % inputs.len()];
                    let (bytes, elems, label) = match &input.twin {
                        Some((b, e)) if case % ORIGINAL_EVERY != 0 => (b, e, "twin"),
                        _ => (&input.bytes, &input.elems, "original"),
                    };
                    let mut rng = Rng::for_case(case);
                    let m = choose(&mut rng, bytes, elems);
                    let mutant = apply(bytes, elems, &m);
                    *local.kinds.entry(label).or_default() += 1;
                    let t0 = Instant::now();
                    let result = panic::catch_unwind(AssertUnwindSafe(|| {
                        run(&mutant, input.password.as_deref(), MAX_ITERATIONS)
                    }));
                    let took = t0.elapsed();
                    let verdict = match result {
                        Err(p) => Err(format!("panic: {}", panic_message(p))),
                        Ok(r) => judge(&r, good),
                    }
                    .and_then(|exit| {
                        if took > CASE_LIMIT {
                            Err(format!("took {took:?}"))
                        } else {
                            Ok(exit)
                        }
                    });
                    local.cases += 1;
                    *local.kinds.entry(m.kind()).or_default() += 1;
                    if took > local.slowest.0 {
                        local.slowest =
                            (took, format!("{} ({label}) / case {case}: {m}", input.name));
                    }
                    match verdict {
                        Ok(exit) => *local.exits.entry(exit).or_default() += 1,
                        Err(why) => {
                            let file = fail_dir.join(format!("case-{case}.p12"));
                            let _ = std::fs::create_dir_all(fail_dir);
                            let _ = std::fs::write(&file, &mutant);
                            local.failures.push(Failure {
                                case,
                                input: format!("{} ({label})", input.name),
                                mutation: m.to_string(),
                                why,
                                file,
                            });
                        }
                    }
                }
                let mut all = stats.lock().unwrap();
                all.cases += local.cases;
                for (k, v) in local.exits {
                    *all.exits.entry(k).or_default() += v;
                }
                for (k, v) in local.kinds {
                    *all.kinds.entry(k).or_default() += v;
                }
                if local.slowest.0 > all.slowest.0 {
                    all.slowest = local.slowest;
                }
                all.failures.extend(local.failures);
            });
        }
    });

    let stats = stats.into_inner().unwrap();
    println!(
        "mutation test: {} cases from {} inputs in {:.1?} on {threads} threads",
        stats.cases,
        inputs.len(),
        started.elapsed()
    );
    println!(
        "  twins (iterations lowered to {TWIN_ITERATIONS}): {}",
        inputs
            .iter()
            .filter(|i| i.twin.is_some())
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("  by mutation and base: {:?}", stats.kinds);
    println!("  by exit code: {:?}", stats.exits);
    println!(
        "  slowest case: {:.1} ms, {}",
        stats.slowest.0.as_secs_f64() * 1e3,
        stats.slowest.1
    );
    assert_eq!(stats.cases, cases);
    for f in stats.failures.iter().take(20) {
        println!(
            "FAIL case {} ({}; {}): {} -> {}",
            f.case,
            f.input,
            f.mutation,
            f.why,
            f.file.display()
        );
    }
    assert!(
        stats.failures.is_empty(),
        "{} of {} mutants failed (first ones above)",
        stats.failures.len(),
        stats.cases
    );
}

// ---------------------------------------------------------------- targeted inputs

/// Runs one hostile input at the default ceiling and returns its finding codes.
fn hostile(name: &str, bytes: &[u8]) -> Vec<&'static str> {
    let t0 = Instant::now();
    let r = panic::catch_unwind(AssertUnwindSafe(|| {
        run(
            bytes,
            Some("Kaigo-Sample-2026"),
            OpenOptions::default().max_iterations,
        )
    }))
    .unwrap_or_else(|p| panic!("{name}: panic: {}", panic_message(p)));
    let took = t0.elapsed();
    assert!(took < CASE_LIMIT, "{name}: took {took:?}");
    assert_eq!(r.verdict().exit_code(), 2, "{name}: {:?}", r.findings);
    r.findings.iter().map(|f| f.code.as_str()).collect()
}

fn sample(name: &str) -> (Vec<u8>, Vec<Elem>) {
    let bytes = std::fs::read(root().join("samples").join(name)).unwrap();
    let mut elems = Vec::new();
    walk(&bytes, &bytes, None, &mut elems);
    (bytes, elems)
}

/// Elements whose content equals `content` and whose tag is `tag`.
fn find(bytes: &[u8], elems: &[Elem], tag: u8, content: &[u8]) -> Vec<usize> {
    (0..elems.len())
        .filter(|&i| {
            let e = &elems[i];
            e.tag == tag
                && e.len
                    .is_some_and(|l| &bytes[e.content..e.content + l] == content)
        })
        .collect()
}

#[test]
fn deep_indefinite_nesting() {
    let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 100_000)
        .flatten()
        .collect();
    assert!(deep.len() < 1024 * 1024);
    let codes = hostile("100,000-deep indefinite nesting", &deep);
    assert!(
        codes.contains(&"p12.too_complex") || codes.contains(&"file.truncated"),
        "{codes:?}"
    );
    // The same, closed properly, and deep definite nesting.
    let mut closed = deep.clone();
    closed.extend(std::iter::repeat_n(0u8, 200_000));
    hostile("closed deep nesting", &closed);
    let mut definite = vec![0x05, 0x00];
    for _ in 0..20_000 {
        let mut outer = vec![0x30];
        outer.extend(der_length(definite.len()));
        outer.extend(definite);
        definite = outer;
    }
    hostile("20,000-deep definite nesting", &definite);
}

#[test]
fn huge_lengths() {
    let codes = hostile(
        "outer length 0xFFFFFFFF",
        &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 2, 1, 3],
    );
    assert_eq!(codes, ["file.truncated"]);
    // Inside a well-formed outer element, every definite length in turn.
    let (bytes, elems) = sample("current-aes.p12");
    for (i, e) in elems.iter().enumerate().skip(1) {
        for field in [
            vec![0x84, 0xff, 0xff, 0xff, 0xff],
            vec![0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        ] {
            let mut m = bytes.clone();
            m.splice(e.len_off..e.len_off + e.len_size, field);
            hostile(&format!("element #{i} length 0xFFFFFFFF"), &m);
        }
    }
}

/// A PKCS#12 file without MAC or encryption holding `n` certificate bags.
fn many_bags(n: usize) -> Vec<u8> {
    let fake_cert = [0x30u8, 0x00];
    let certs: Vec<&[u8]> = vec![&fake_cert[..]; n];
    write::write(
        &certs,
        None,
        None,
        None,
        Layout {
            certificates: Protect::None,
            key: Protect::None,
            mac: None,
            iterations: 1,
        },
        &mut |b| b.fill(7),
    )
}

#[test]
fn ten_thousand_bags() {
    let bytes = many_bags(10_000);
    assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
    let codes = hostile("10,000 bags", &bytes);
    assert!(codes.contains(&"p12.too_complex"), "{codes:?}");
    // Below the limit the same shape opens: the limit, not the shape, refused it.
    let r = run(&many_bags(100), None, OpenOptions::default().max_iterations);
    assert!(
        !r.findings
            .iter()
            .any(|f| f.code == "p12.damaged" || f.code == "p12.malformed"),
        "{:?}",
        r.findings
    );
}

#[test]
fn iteration_count_of_two_to_the_63() {
    for name in ["current-aes.p12", "current-3des.p12"] {
        let (bytes, elems) = sample(name);
        let counts = find(&bytes, &elems, der::TAG_INTEGER, &[0x08, 0x00]);
        assert!(counts.len() >= 3, "{name}: MAC, certificate and key counts");
        for i in counts {
            let big = [0x00, 0x80, 0, 0, 0, 0, 0, 0, 0];
            let codes = hostile(
                &format!("{name}: count #{i} = 2^63"),
                &replace_content(&bytes, &elems, i, &big),
            );
            assert!(codes.contains(&"p12.excessive_iterations"), "{codes:?}");
            // 2^64 does not fit any count: a malformed file, not a long wait.
            let codes = hostile(
                &format!("{name}: count #{i} = 2^64"),
                &replace_content(&bytes, &elems, i, &[1, 0, 0, 0, 0, 0, 0, 0, 0]),
            );
            assert!(
                codes
                    .iter()
                    .any(|c| ["file.not_pkcs12", "p12.damaged", "p12.malformed"].contains(c)),
                "{codes:?}"
            );
        }
    }
}

#[test]
fn empty_salts_and_zero_length_ciphertexts() {
    for name in ["current-aes.p12", "current-3des.p12", "no-mac-aes.p12"] {
        let (bytes, elems) = sample(name);
        for i in 0..elems.len() {
            let e = &elems[i];
            let parent_tag = e.parent.map(|p| elems[p].tag);
            let salt_like = e.tag == der::TAG_OCTET_STRING
                && matches!(e.len, Some(8 | 16 | 20))
                && parent_tag == Some(der::TAG_SEQUENCE);
            let ciphertext = (e.tag == der::TAG_CONTEXT_0_PRIMITIVE
                || e.tag == der::TAG_OCTET_STRING)
                && e.len.is_some_and(|l| l > 64);
            if salt_like || ciphertext {
                hostile(
                    &format!("{name}: element #{i} emptied"),
                    &replace_content(&bytes, &elems, i, &[]),
                );
            }
        }
    }
}

#[test]
fn wrong_iv_lengths() {
    // The samples' PBES2 IVs are 16-byte OCTET STRINGs inside an AES AlgorithmIdentifier.
    for name in ["current-aes.p12", "no-mac-aes.p12", "sha512-aes128.p12"] {
        let (bytes, elems) = sample(name);
        let aes_oids = [
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a][..],
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02][..],
        ];
        let ivs: Vec<usize> = (0..elems.len())
            .filter(|&i| {
                elems[i].tag == der::TAG_OCTET_STRING
                    && elems[i].len == Some(16)
                    && i > 0
                    && aes_oids
                        .iter()
                        .any(|o| find(&bytes, &elems, der::TAG_OID, o).contains(&(i - 1)))
            })
            .collect();
        assert!(!ivs.is_empty(), "{name}: no IV found");
        for i in ivs {
            for len in [0, 1, 8, 15, 17, 32, 4096] {
                let codes = hostile(
                    &format!("{name}: IV #{i} of {len} bytes"),
                    &replace_content(&bytes, &elems, i, &vec![0x5a; len]),
                );
                assert!(
                    codes
                        .iter()
                        .any(|c| ["file.not_pkcs12", "p12.damaged", "p12.malformed"].contains(c)),
                    "{name} IV {len}: {codes:?}"
                );
            }
        }
    }
}

/// The helpers above must produce what they claim, or the targeted tests prove nothing.
#[test]
fn helpers_keep_lengths_consistent() {
    let (bytes, elems) = sample("current-3des.p12");
    // Replacing an element's content by itself changes nothing.
    for i in (0..elems.len()).filter(|&i| elems[i].len.is_some()) {
        let e = &elems[i];
        let same = bytes[e.content..e.content + e.len.unwrap()].to_vec();
        assert_eq!(replace_content(&bytes, &elems, i, &same), bytes);
    }
    // Growing an inner element past 127 and 255 bytes keeps the whole file one element.
    for grow in [200, 300, 70_000] {
        let grown = replace_content(&bytes, &elems, 1, &vec![0; grow]);
        let top = Reader::new(&grown).read().unwrap();
        assert_eq!(top.raw.len(), grown.len());
    }
}
