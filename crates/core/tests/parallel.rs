//! Derivations side by side (`OpenOptions::parallel`) against one at a time:
//! the same reports on every sample and real export with every kind of
//! password, the same budget spent where the slip search takes the rest, the
//! same refusal at the same work limit, and the deadline still holding.

use std::path::{Path, PathBuf};
use std::time::Duration;

use certcheck_core::Instant;
use certcheck_core::check::{self, CheckOptions, Read};
use certcheck_core::testing::pkcs12::algorithms::{Cipher, HashAlg};
use certcheck_core::testing::pkcs12::{self, Budget, Derived, Failure, OpenError, OpenOptions};
use certcheck_testkit::pkcs12::{Layout, Protect, write_with_key_copies};

const PASSWORD: &str = "Kaigo-Sample-2026";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every sample and (beside a full clone) real export with its right password.
fn files() -> Vec<(String, Vec<u8>, Option<String>)> {
    let exports = certcheck_testkit::outside::shared_testdata(
        &root(),
        "real-exports",
        "parallel against sequential on the real exports",
    );
    let v: Vec<_> = certcheck_testkit::known_files::known_files(&root(), exports.as_deref())
        .into_iter()
        .map(|(name, path, password)| (name, std::fs::read(path).unwrap(), password))
        .collect();
    let expected = if exports.is_some() { 30 } else { 25 };
    assert!(
        v.len() >= expected,
        "samples and the five real exports: {}",
        v.len()
    );
    v
}

fn options(parallel: bool) -> CheckOptions {
    CheckOptions {
        at: chrono::DateTime::from_timestamp(1_796_050_800, 0).unwrap(),
        open: OpenOptions {
            parallel,
            ..OpenOptions::default()
        },
    }
}

/// The whole report as text (its Debug form, findings included), the
/// rounds opening spent before the slip search (which runs side by side
/// either way and stops when one try opens: its own spending varies), and
/// whether the password was wrong (then the slip search spent the rest).
fn report(bytes: &[u8], password: Option<&str>, parallel: bool) -> (String, u64, bool) {
    let o = options(parallel);
    let read = || Read::Bytes {
        data: bytes,
        total_len: bytes.len() as u64,
    };
    let budget = Budget::new(o.open.max_work, None);
    let r = check::check_with_slip_search("f.p12", read(), password, o, &budget);
    let opening = Budget::new(o.open.max_work, None);
    check::check_within("f.p12", read(), password, o, &opening);
    let wrong = r.password == pkcs12::PasswordOutcome::Wrong;
    (format!("{r:?}"), opening.spent(), wrong)
}

#[test]
fn side_by_side_reports_equal_one_at_a_time_on_every_file_and_password() {
    assert!(
        OpenOptions::default().parallel,
        "the native build has threads"
    );
    let mut wrong_seen = 0;
    for (name, bytes, right) in files() {
        let wrong = right
            .as_deref()
            .map_or("x".to_string(), |p| format!("{p}x"));
        let caps: Option<String> = right.as_deref().map(|p| {
            p.chars()
                .map(|c| {
                    if c.is_lowercase() {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        });
        let tries = [right.clone(), Some(wrong), Some(String::new()), None, caps];
        for pw in &tries {
            let (one, one_spent, wrong) = report(&bytes, pw.as_deref(), false);
            let (par, par_spent, _) = report(&bytes, pw.as_deref(), true);
            assert_eq!(par, one, "{name} with {pw:?}");
            wrong_seen += usize::from(wrong);
            if wrong {
                // The slip search spends what is left: the same must be left.
                assert_eq!(par_spent, one_spent, "{name} with {pw:?}");
            }
        }
    }
    // The spending comparison must have run: many files have a wrong try.
    assert!(wrong_seen >= 20, "wrong passwords seen: {wrong_seen}");
}

fn counter_random() -> impl FnMut(&mut [u8]) {
    let mut n = 0u8;
    move |b: &mut [u8]| {
        for x in b {
            n = n.wrapping_add(37);
            *x = n;
        }
    }
}

/// A file of the samples' certificate and key, `copies` key bags, `layout`.
fn file(layout: Layout, copies: usize) -> Vec<u8> {
    let sample = std::fs::read(root().join("samples/current-aes.p12")).unwrap();
    let c = pkcs12::open(&sample, Some(PASSWORD), OpenOptions::default()).unwrap();
    let certs: Vec<&[u8]> = c.certificates.iter().map(|(d, _)| &d[..]).collect();
    let key: &[u8] = &c.keys[0].0;
    write_with_key_copies(
        &certs,
        Some((key, copies)),
        Some(PASSWORD),
        None,
        layout,
        &mut counter_random(),
    )
}

fn outcome(r: Result<pkcs12::Contents, OpenError>) -> String {
    match r {
        Ok(c) => format!("opened: {:?} {} keys", c.password, c.keys.len()),
        Err(OpenError::Failed { failure, .. }) => format!("{failure:?}"),
        Err(e) => format!("{e:?}"),
    }
}

#[test]
fn the_work_limit_refuses_at_the_same_point_either_way() {
    // The smallest limit at which one at a time opens the file (right
    // password) or decides (wrong password): side by side must decide the
    // same there and one round below, where both refuse.
    let layouts = [
        Layout::AES256,
        Layout::LEGACY_3DES,
        Layout {
            mac: None,
            ..Layout::AES256
        },
    ];
    for layout in layouts {
        let bytes = file(layout, 3);
        for pw in [PASSWORD, "wrong"] {
            let open = |max_work: u64, parallel: bool| {
                let o = OpenOptions {
                    max_work,
                    parallel,
                    ..OpenOptions::default()
                };
                outcome(pkcs12::open(&bytes, Some(pw), o))
            };
            let refused = |r: &str| r.starts_with("ExcessiveWork");
            let (mut lo, mut hi) = (0u64, 10_000_000u64);
            assert!(!refused(&open(hi, false)));
            while lo + 1 < hi {
                let mid = (lo + hi) / 2;
                if refused(&open(mid, false)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            assert_eq!(open(hi, true), open(hi, false), "{layout:?} {pw} at {hi}");
            assert_eq!(open(lo, true), open(lo, false), "{layout:?} {pw} at {lo}");
            assert!(refused(&open(lo, true)), "{layout:?} {pw} at {lo}");
        }
    }
}

#[test]
fn many_expensive_parts_are_still_refused_or_stopped_in_time() {
    // Far over the budget: refused before deriving, either way.
    let heavy = Layout {
        iterations: 2_000_000,
        ..Layout::LEGACY_3DES
    };
    let bytes = file(heavy, 40);
    for parallel in [false, true] {
        let o = OpenOptions {
            parallel,
            ..OpenOptions::default()
        };
        let r = pkcs12::open(&bytes, Some(PASSWORD), o);
        assert!(
            matches!(
                r,
                Err(OpenError::Failed {
                    failure: Failure::ExcessiveWork { .. },
                    ..
                })
            ),
            "{}",
            outcome(r)
        );
    }
    // Within the budget (and room to run ahead) but slow: SHA-512 at
    // 600,000 iterations, four keys. Written at 65,536 and raised in place
    // (same width), so the MAC and decryptions would fail; the 200 ms deadline
    // stops every derivation running side by side long before.
    let slow = Layout {
        certificates: Protect::Pbes2(HashAlg::Sha512, Cipher::Aes256),
        key: Protect::Pbes2(HashAlg::Sha512, Cipher::Aes256),
        mac: Some(HashAlg::Sha512),
        iterations: 0x01_00_00,
    };
    let mut bytes = file(slow, 4);
    let (from, to) = (
        [0x02, 0x03, 0x01, 0x00, 0x00],
        [0x02, 0x03, 0x09, 0x27, 0xc0],
    );
    let mut raised = 0;
    for i in 0..bytes.len() - from.len() {
        if bytes[i..i + from.len()] == from {
            bytes[i..i + to.len()].copy_from_slice(&to);
            raised += 1;
        }
    }
    assert!(raised >= 3, "iteration counts found: {raised}");
    for parallel in [false, true] {
        for pw in [PASSWORD, "wrong"] {
            let o = OpenOptions {
                parallel,
                ..OpenOptions::default()
            };
            let budget = Budget::new(
                o.max_work,
                Some(Instant::now() + Duration::from_millis(200)),
            );
            let t0 = std::time::Instant::now();
            let r = pkcs12::open_within(&bytes, Some(pw), o, &budget);
            let took = t0.elapsed();
            assert_eq!(outcome(r), "OutOfTime", "parallel {parallel} {pw}");
            assert!(
                took < Duration::from_secs(2),
                "parallel {parallel}: {took:?}"
            );
        }
    }
}

/// The page's way (crates/wasm): each job of the first batch derived alone,
/// on a budget of its own, its result crossing to the opening worker as
/// bytes, then the check with those results.
fn given_results(bytes: &[u8], password: Option<&str>, o: CheckOptions) -> Vec<(usize, Derived)> {
    let n = check::ahead_count(bytes, bytes.len() as u64, password, o);
    (0..n)
        .map(|i| {
            let own = Budget::new(o.open.max_work, None);
            let derived = pkcs12::derive_ahead(bytes, password, o.open, i, &own)
                .expect("a job the count names")
                .expect("within the budget");
            let crossed = Derived::from_bytes(&derived.to_bytes()).expect("its own bytes");
            (i, crossed)
        })
        .collect()
}

#[test]
fn the_first_batch_derived_by_other_workers_gives_the_same_reports_and_spending() {
    let o = options(false);
    let mut handed_out = 0;
    let mut wrong_seen = 0;
    for (name, bytes, right) in files() {
        let wrong = right
            .as_deref()
            .map_or("x".to_string(), |p| format!("{p}x"));
        for pw in [right.clone(), Some(wrong), Some(String::new()), None] {
            let pw = pw.as_deref();
            let given = given_results(&bytes, pw, o);
            handed_out += usize::from(given.len() >= 2);
            let read = Read::Bytes {
                data: &bytes,
                total_len: bytes.len() as u64,
            };
            let budget = Budget::new(o.open.max_work, None);
            let r = check::check_with_slip_search_given("f.p12", read, pw, o, &budget, given);
            let page = format!("{r:?}");
            let (one, one_spent, wrong) = report(&bytes, pw, false);
            assert_eq!(page, one, "{name} with {pw:?}");
            // Opening alone: the same outcome and, where the slip search
            // follows, the same rounds left (as side by side on threads).
            let opening = Budget::new(o.open.max_work, None);
            let given = given_results(&bytes, pw, o);
            let opened = pkcs12::open_within_given(&bytes, pw, o.open, &opening, given);
            let alone = Budget::new(o.open.max_work, None);
            let opened_alone = pkcs12::open_within(&bytes, pw, o.open, &alone);
            assert_eq!(outcome(opened), outcome(opened_alone), "{name} with {pw:?}");
            wrong_seen += usize::from(wrong);
            if wrong {
                // The slip search spends what is left: the same must be left.
                assert_eq!(opening.spent(), alone.spent(), "{name} with {pw:?}");
                assert_eq!(opening.spent(), one_spent, "{name} with {pw:?}");
            }
        }
    }
    // Most samples have a MAC and encrypted parts: two or more derivations.
    assert!(
        handed_out >= 40,
        "files with a batch to hand out: {handed_out}"
    );
    assert!(wrong_seen >= 20, "wrong passwords seen: {wrong_seen}");
}

#[test]
fn results_handed_in_are_taken_not_derived_again() {
    // The right password's MAC result handed in as a failure: the opening
    // takes it (and finds the password decrypts: a damaged file), which it
    // would not if it derived the MAC itself.
    let bytes = std::fs::read(root().join("samples/current-aes.p12")).unwrap();
    let o = options(false);
    let given = given_results(&bytes, Some(PASSWORD), o);
    assert!(given.len() >= 2, "MAC and parts: {}", given.len());
    let mut forged = given_results(&bytes, Some(PASSWORD), o);
    let mac_false = {
        let mut b = forged[0].1.to_bytes();
        assert_eq!(&b[8..], b"M\x01", "job 0 is the MAC, verified");
        b[9] = 0;
        Derived::from_bytes(&b).unwrap()
    };
    forged[0].1 = mac_false;
    let budget = || Budget::new(o.open.max_work, None);
    let honest = outcome(pkcs12::open_within_given(
        &bytes,
        Some(PASSWORD),
        o.open,
        &budget(),
        given,
    ));
    assert!(honest.starts_with("opened: Correct"), "{honest}");
    assert_eq!(
        honest,
        outcome(pkcs12::open(&bytes, Some(PASSWORD), o.open))
    );
    let taken = pkcs12::open_within_given(&bytes, Some(PASSWORD), o.open, &budget(), forged);
    assert!(
        outcome(taken).starts_with("Damaged"),
        "the MAC result handed in is used"
    );
}

#[test]
fn derived_results_cross_as_bytes_and_nothing_else_decodes() {
    let bytes = std::fs::read(root().join("samples/current-aes.p12")).unwrap();
    let o = options(false);
    for (_, d) in given_results(&bytes, Some(PASSWORD), o) {
        let b = d.to_bytes();
        assert_eq!(Derived::from_bytes(&b).unwrap().to_bytes(), b);
    }
    for bad in [
        &b""[..],
        b"short",
        b"\0\0\0\0\0\0\0\0M\x02",
        b"\0\0\0\0\0\0\0\0X\x01",
        b"\0\0\0\0\0\0\0\0D\x02",
    ] {
        assert!(Derived::from_bytes(bad).is_none(), "{bad:?}");
    }
}
