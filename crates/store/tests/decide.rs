//! The store rules, from observed facts to findings, on any platform.

use certcheck_core::Thumbprint;
use certcheck_core::findings::{Finding, Verdict};
use certcheck_core::policy::parse_at;
use certcheck_store::testing::{
    ChainFacts, KeyAccess, Listed, Location, Observations, Observed, OpenFailure, decide, select,
    trust,
};
use certcheck_store::{Query, StoreReport};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    date_time_ymd,
};

const CA: &str = "Example Kaigo Test CA (fictional)";

/// A client certificate from the fictional CA, valid between two dates (JST midnights, roughly).
fn client(
    cn: &str,
    from: (i32, u8, u8),
    to: (i32, u8, u8),
    eku: &[ExtendedKeyUsagePurpose],
) -> Vec<u8> {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name.push(DnType::CommonName, CA);
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = date_time_ymd(from.0, from.1, from.2);
    p.not_after = date_time_ymd(to.0, to.1, to.2);
    p.extended_key_usages = eku.to_vec();
    p.signed_by(&key, &issuer).unwrap().der().to_vec()
}

fn ca_cert() -> Vec<u8> {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, CA);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.self_signed(&key).unwrap().der().to_vec()
}

fn current() -> Vec<u8> {
    client(
        "Kaigo Office 0001 (fictional)",
        (2025, 6, 1),
        (2028, 5, 31),
        &[ExtendedKeyUsagePurpose::ClientAuth],
    )
}
fn renewed() -> Vec<u8> {
    // Starts the moment the current one ends: a renewal without a gap.
    client(
        "Kaigo Office 0001 (fictional)",
        (2028, 5, 31),
        (2031, 5, 31),
        &[ExtendedKeyUsagePurpose::ClientAuth],
    )
}
fn expired() -> Vec<u8> {
    client(
        "Kaigo Office 0001 (fictional)",
        (2022, 6, 1),
        (2025, 5, 31),
        &[ExtendedKeyUsagePurpose::ClientAuth],
    )
}

const GOOD_CHAIN: ChainFacts = ChainFacts {
    error_status: 0,
    root_location: Some(Location::CurrentUserRoot),
};

fn seen(der: Vec<u8>, location: Location, key: KeyAccess, chain: ChainFacts) -> Observed {
    Observed {
        listed: Listed { der, location },
        key,
        chain: Ok(chain),
    }
}

fn good(der: Vec<u8>) -> Observed {
    seen(der, Location::CurrentUserMy, KeyAccess::Usable, GOOD_CHAIN)
}

fn run(observed: Vec<Observed>) -> StoreReport {
    run_at(observed, "2026-01-15")
}

fn run_at(observed: Vec<Observed>, at: &str) -> StoreReport {
    decide(
        &Observations {
            observed,
            ..Default::default()
        },
        parse_at(at).unwrap(),
    )
}

#[test]
fn in_its_renewal_window_the_installed_one_says_apply_now() {
    // current() ends 2028-05-31: its window opens three months before.
    let r = run_at(vec![good(current())], "2028-04-01");
    assert_eq!(codes(&r), ["cert.renewal_open", "store.installed"]);
    assert_eq!(verdict(&r), Verdict::Attention);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "cert.renewal_open")
        .unwrap();
    let opens = r.candidates[0].validity.renewal_opens.to_string();
    let ja = f.detail_ja.as_deref().unwrap();
    assert!(ja.contains("有効期間の終了日 2028-05-31"), "{ja}");
    assert!(
        ja.contains(&format!("更新を始める目安の日 {opens}")),
        "{ja}"
    );
    // Before the window: nothing to do yet.
    let r = run_at(vec![good(current())], "2028-02-01");
    assert_eq!(codes(&r), ["store.installed"]);
}

#[test]
fn in_the_window_with_the_renewed_one_installed_there_is_nothing_to_apply_for() {
    let r = run_at(vec![good(current()), good(renewed())], "2028-04-01");
    assert!(!codes(&r).contains(&"cert.renewal_open"), "{:?}", codes(&r));
    assert!(codes(&r).contains(&"store.renewed_waiting"));
    // Each office on an agent's PC for itself: another office's renewal
    // does not silence this one's window.
    let other = client(
        "Kaigo Office 0002 (fictional)",
        (2028, 5, 31),
        (2031, 5, 31),
        &[ExtendedKeyUsagePurpose::ClientAuth],
    );
    let r = run_at(vec![good(current()), good(other)], "2028-04-01");
    assert!(codes(&r).contains(&"cert.renewal_open"), "{:?}", codes(&r));
}

fn codes(r: &StoreReport) -> Vec<&'static str> {
    let mut c: Vec<_> = r.findings.iter().map(|f| f.code.as_str()).collect();
    c.sort();
    c
}

fn verdict(r: &StoreReport) -> Verdict {
    Verdict::of(&r.findings)
}

#[test]
fn installed_correctly() {
    let r = run(vec![good(current())]);
    assert_eq!(codes(&r), ["store.installed"]);
    assert_eq!(verdict(&r), Verdict::Ok);
    let c = &r.candidates[0];
    assert_eq!(c.location.as_str(), "CurrentUser\\MY");
    assert_eq!(
        (c.has_private_key, c.key_usable_silently),
        (true, Some(true))
    );
    assert_eq!((c.root_trusted, c.chain_builds), (Some(true), Some(true)));
    assert_eq!(
        c.root_location.map(|l| l.as_str()),
        Some("CurrentUser\\Root")
    );
    assert_eq!(c.validity.last_day.to_string(), "2028-05-31");
    let sha1 = c.cert.sha1.to_string();
    assert!(
        sha1.len() == 40
            && sha1
                .chars()
                .all(|ch| ch.is_ascii_digit() || ch.is_ascii_uppercase())
    );
    assert!(r.findings[0].detail_en.as_deref().unwrap().contains(&sha1));
}

#[test]
fn key_problems_each_have_their_code() {
    for (key, code) in [
        (KeyAccess::NoKey, "store.no_private_key"),
        (KeyAccess::Missing, "store.no_private_key"),
        (KeyAccess::NeedsPrompt, "store.key_needs_prompt"),
        (
            KeyAccess::Failed(0x8009_0016_u32 as i32 + 1),
            "store.key_unusable",
        ),
    ] {
        let r = run(vec![seen(
            current(),
            Location::CurrentUserMy,
            key,
            GOOD_CHAIN,
        )]);
        assert_eq!(codes(&r), [code], "{key:?}");
        assert_eq!(verdict(&r), Verdict::Problem);
    }
    let r = run(vec![seen(
        current(),
        Location::CurrentUserMy,
        KeyAccess::NoKey,
        GOOD_CHAIN,
    )]);
    assert_eq!(
        (
            r.candidates[0].has_private_key,
            r.candidates[0].key_usable_silently
        ),
        (false, None)
    );
}

#[test]
fn untrusted_root_is_root_missing_not_a_broken_chain() {
    let chain = ChainFacts {
        error_status: trust::IS_UNTRUSTED_ROOT,
        root_location: None,
    };
    let r = run(vec![seen(
        current(),
        Location::CurrentUserMy,
        KeyAccess::Usable,
        chain,
    )]);
    assert_eq!(codes(&r), ["store.root_missing"]);
    assert!(r.findings[0].detail_en.as_deref().unwrap().contains(CA));
    // A partial chain (the issuer is nowhere) is the same mistake for the user.
    let chain = ChainFacts {
        error_status: trust::IS_PARTIAL_CHAIN,
        root_location: None,
    };
    let r = run(vec![seen(
        current(),
        Location::CurrentUserMy,
        KeyAccess::Usable,
        chain,
    )]);
    assert_eq!(codes(&r), ["store.root_missing"]);
}

#[test]
fn a_trusted_root_with_a_bad_signature_is_an_incomplete_chain() {
    let chain = ChainFacts {
        error_status: trust::IS_NOT_SIGNATURE_VALID,
        root_location: Some(Location::LocalMachineRoot),
    };
    let r = run(vec![seen(
        current(),
        Location::CurrentUserMy,
        KeyAccess::Usable,
        chain,
    )]);
    assert_eq!(codes(&r), ["store.chain_incomplete"]);
    let r = run(vec![Observed {
        listed: Listed {
            der: current(),
            location: Location::CurrentUserMy,
        },
        key: KeyAccess::Usable,
        chain: Err(0x8009_2004_u32 as i32),
    }]);
    assert_eq!(codes(&r), ["store.chain_incomplete"]);
    assert_eq!(r.candidates[0].root_trusted, None);
}

#[test]
fn time_validity_and_revocation_checks_are_not_chain_errors() {
    // NOT_TIME_VALID (0x1) and REVOCATION_STATUS_UNKNOWN (0x40): the policy judges time.
    let chain = ChainFacts {
        error_status: 0x1 | 0x40,
        root_location: Some(Location::CurrentUserRoot),
    };
    let r = run(vec![seen(
        current(),
        Location::CurrentUserMy,
        KeyAccess::Usable,
        chain,
    )]);
    assert_eq!(codes(&r), ["store.installed"]);
}

#[test]
fn local_machine_only() {
    let r = run(vec![seen(
        current(),
        Location::LocalMachineMy,
        KeyAccess::Usable,
        GOOD_CHAIN,
    )]);
    assert_eq!(codes(&r), ["store.in_local_machine"]);
    assert_eq!(r.candidates[0].location.as_str(), "LocalMachine\\MY");
    assert_eq!(verdict(&r), Verdict::Problem);
}

#[test]
fn empty_store() {
    let r = run(vec![]);
    assert_eq!(codes(&r), ["store.not_installed"]);
    assert!(r.candidates.is_empty());
}

#[test]
fn a_thumbprint_found_nowhere_is_named() {
    let t = [0xABu8; 20];
    let r = decide(
        &Observations {
            missing: vec![Thumbprint(t)],
            ..Default::default()
        },
        parse_at("2026-01-15").unwrap(),
    );
    assert_eq!(codes(&r), ["store.not_installed"]);
    assert!(
        r.findings[0]
            .detail_en
            .as_deref()
            .unwrap()
            .contains(&"AB".repeat(20))
    );
}

#[test]
fn old_and_renewed_both_present() {
    let r = run(vec![good(current()), good(renewed())]);
    assert_eq!(
        codes(&r),
        [
            "doctor.renewal_continuous",
            "store.installed",
            "store.renewed_waiting"
        ]
    );
    assert_eq!(verdict(&r), Verdict::Ok);
    let waiting = r
        .findings
        .iter()
        .find(|f| f.code == "store.renewed_waiting")
        .unwrap();
    assert!(
        waiting
            .detail_ja
            .as_deref()
            .unwrap()
            .contains("2028-05-31 から有効")
    );
}

#[test]
fn a_renewed_one_without_its_key_is_reported_before_it_starts() {
    let r = run(vec![
        good(current()),
        seen(
            renewed(),
            Location::CurrentUserMy,
            KeyAccess::NoKey,
            GOOD_CHAIN,
        ),
    ]);
    assert_eq!(
        codes(&r),
        [
            "doctor.renewal_continuous",
            "store.installed",
            "store.no_private_key",
            "store.renewed_waiting"
        ]
    );
}

#[test]
fn only_the_renewed_one() {
    let r = run(vec![good(renewed())]);
    assert_eq!(codes(&r), ["store.only_not_yet_valid"]);
    assert_eq!(verdict(&r), Verdict::Problem);
}

#[test]
fn two_valid_ones() {
    let other = client(
        "Kaigo Office 0001 (fictional)",
        (2025, 7, 1),
        (2028, 6, 30),
        &[ExtendedKeyUsagePurpose::ClientAuth],
    );
    let r = run(vec![good(current()), good(other)]);
    assert_eq!(
        codes(&r),
        ["store.installed", "store.installed", "store.several_valid"]
    );
    assert_eq!(verdict(&r), Verdict::Attention);
}

fn office(n: u32, from: (i32, u8, u8), to: (i32, u8, u8)) -> Vec<u8> {
    client(
        &format!("事業所番号 000000000{n} Kaigo Office {n} (fictional)"),
        from,
        to,
        &[ExtendedKeyUsagePurpose::ClientAuth],
    )
}

#[test]
fn an_agent_with_two_offices_is_not_several_valid() {
    let r = run(vec![
        good(office(1, (2025, 6, 1), (2028, 5, 31))),
        good(office(2, (2024, 2, 1), (2027, 1, 31))),
    ]);
    assert_eq!(codes(&r), ["store.installed", "store.installed"]);
    assert_eq!(verdict(&r), Verdict::Ok);
    assert_eq!(r.offices.len(), 2);
    // Soonest last day first.
    assert!(
        r.offices[0].primary.cert.office.name.contains("Office 2"),
        "{:?}",
        r.offices
    );
    assert_eq!(r.offices[0].validity.last_day.to_string(), "2027-01-31");
    assert_eq!(
        r.offices[0].validity.renewal_opens.to_string(),
        "2026-10-31"
    );
    assert_eq!(r.offices[1].validity.last_day.to_string(), "2028-05-31");
    assert_eq!(r.offices[0].primary.location.as_str(), "CurrentUser\\MY");
    assert_eq!(
        (
            r.offices[0].primary.key_usable,
            r.offices[0].primary.root_trusted
        ),
        (Some(true), Some(true))
    );
}

#[test]
fn relations_stay_within_an_office() {
    // Office 1: old and renewed; office 2: one certificate, expired; office 3: one current.
    let r = run(vec![
        good(office(1, (2025, 6, 1), (2028, 5, 31))),
        good(office(1, (2028, 5, 31), (2031, 5, 31))),
        good(office(2, (2022, 6, 1), (2025, 5, 31))),
        good(office(3, (2025, 7, 1), (2028, 6, 30))),
    ]);
    // Office 2 has nothing valid (its own problem), however valid the others are.
    assert_eq!(
        codes(&r),
        [
            "doctor.renewal_continuous",
            "store.installed",
            "store.installed",
            "store.only_expired",
            "store.renewed_waiting"
        ]
    );
    assert_eq!(verdict(&r), Verdict::Problem);
    let only_expired = r
        .findings
        .iter()
        .find(|f| f.code == "store.only_expired")
        .unwrap();
    assert!(
        only_expired
            .detail_en
            .as_deref()
            .unwrap()
            .contains("Office 2")
    );
    let names: Vec<&str> = r
        .offices
        .iter()
        .map(|o| o.primary.cert.office.name.as_str())
        .collect();
    assert_eq!(names.len(), 3);
    assert!(
        names[0].contains("Office 2")
            && names[1].contains("Office 1")
            && names[2].contains("Office 3")
    );
    let one = &r.offices[1];
    assert_eq!(one.certificates, 2);
    assert_eq!(one.validity.last_day.to_string(), "2028-05-31");
    assert_eq!(
        one.next_first_day.map(|d| d.to_string()).as_deref(),
        Some("2028-05-31")
    );

    // An expired certificate of one office beside a valid one of another is not a leftover.
    let r = run(vec![
        good(office(1, (2022, 6, 1), (2025, 5, 31))),
        good(office(2, (2025, 6, 1), (2028, 5, 31))),
    ]);
    assert_eq!(codes(&r), ["store.installed", "store.only_expired"]);
    // Two valid ones of one office beside a third office: several valid, for that office only.
    let r = run(vec![
        good(office(1, (2025, 6, 1), (2028, 5, 31))),
        good(office(1, (2025, 7, 1), (2028, 6, 30))),
        good(office(2, (2025, 6, 1), (2028, 5, 31))),
    ]);
    assert_eq!(
        codes(&r),
        [
            "store.installed",
            "store.installed",
            "store.installed",
            "store.several_valid"
        ]
    );
    let several = r
        .findings
        .iter()
        .find(|f| f.code == "store.several_valid")
        .unwrap();
    assert!(!several.detail_en.as_deref().unwrap().contains("Office 2"));
}

#[test]
fn a_gap_before_the_renewed_certificate_is_a_warning() {
    let r = run(vec![
        good(office(1, (2025, 6, 1), (2028, 5, 31))),
        good(office(1, (2028, 6, 10), (2031, 6, 9))),
    ]);
    assert_eq!(
        codes(&r),
        [
            "doctor.validity_gap",
            "store.installed",
            "store.renewed_waiting"
        ]
    );
    assert_eq!(verdict(&r), Verdict::Attention);
    let gap = r
        .findings
        .iter()
        .find(|f| f.code == "doctor.validity_gap")
        .unwrap();
    // notAfter 2028-05-31T00:00Z is 09:00 JST that day; the new one starts 2028-06-10 09:00 JST.
    assert!(
        gap.detail_ja
            .as_deref()
            .unwrap()
            .contains("2028-06-01 から 2028-06-10 まで（10 日間）"),
        "{gap:?}"
    );
}

#[test]
fn expired_only_and_expired_leftover() {
    // An expired certificate's key and chain do not matter any more.
    let r = run(vec![seen(
        expired(),
        Location::CurrentUserMy,
        KeyAccess::NoKey,
        GOOD_CHAIN,
    )]);
    assert_eq!(codes(&r), ["store.only_expired"]);
    assert_eq!(verdict(&r), Verdict::Problem);
    let r = run(vec![good(expired()), good(current())]);
    assert_eq!(codes(&r), ["store.expired_leftover", "store.installed"]);
    assert_eq!(verdict(&r), Verdict::Ok);
}

#[test]
fn an_unreadable_current_user_store_says_so_and_nothing_else() {
    let obs = Observations {
        failures: vec![OpenFailure {
            location: Location::CurrentUserMy,
            code: 5,
        }],
        ..Default::default()
    };
    let r = decide(&obs, parse_at("2026-01-15").unwrap());
    assert_eq!(codes(&r), ["store.unavailable"]);
    let obs = Observations {
        observed: vec![good(current())],
        failures: vec![OpenFailure {
            location: Location::LocalMachineRoot,
            code: 5,
        }],
        ..Default::default()
    };
    assert_eq!(
        codes(&decide(&obs, parse_at("2026-01-15").unwrap())),
        ["store.installed", "store.partly_unavailable"]
    );
}

fn listed(der: &[u8], location: Location) -> Listed {
    Listed {
        der: der.to_vec(),
        location,
    }
}

fn sha1(der: &[u8]) -> Thumbprint {
    Thumbprint::of(der)
}

#[test]
fn discovery_takes_client_auth_end_entity_certificates_only() {
    let server = client(
        "server (fictional)",
        (2025, 6, 1),
        (2028, 5, 31),
        &[ExtendedKeyUsagePurpose::ServerAuth],
    );
    let no_eku = client("no eku (fictional)", (2025, 6, 1), (2028, 5, 31), &[]);
    let all = [
        listed(&current(), Location::CurrentUserMy),
        listed(&server, Location::CurrentUserMy),
        listed(&ca_cert(), Location::CurrentUserMy),
        listed(&no_eku, Location::CurrentUserMy),
    ];
    assert_eq!(select(&Query::default(), &all).chosen, [0, 3]);
}

#[test]
fn discovery_narrows_by_issuer_ignoring_case() {
    let all = [listed(&current(), Location::CurrentUserMy)];
    let q = |s: &str| Query {
        issuer_contains: Some(s.into()),
        ..Default::default()
    };
    assert_eq!(select(&q("kaigo test ca"), &all).chosen, [0]);
    assert!(select(&q("Another CA"), &all).chosen.is_empty());
}

#[test]
fn machine_certificates_count_only_when_the_user_has_none_or_the_issuer_is_given() {
    let machine = client(
        "PC01.example.invalid",
        (2025, 6, 1),
        (2028, 5, 31),
        &[ExtendedKeyUsagePurpose::ClientAuth],
    );
    let both = [
        listed(&current(), Location::CurrentUserMy),
        listed(&machine, Location::LocalMachineMy),
    ];
    assert_eq!(select(&Query::default(), &both).chosen, [0]);
    assert_eq!(select(&Query::default(), &both[1..]).chosen, [0]);
    let q = Query {
        issuer_contains: Some("fictional".into()),
        ..Default::default()
    };
    assert_eq!(select(&q, &both).chosen, [0, 1]);
}

#[test]
fn thumbprints_prefer_current_user_and_report_the_missing() {
    let cert = current();
    let both = [
        listed(&cert, Location::LocalMachineMy),
        listed(&cert, Location::CurrentUserMy),
    ];
    let q = Query {
        thumbprints: vec![sha1(&cert), Thumbprint([7; 20])],
        ..Default::default()
    };
    let sel = select(&q, &both);
    assert_eq!(sel.chosen, [1]);
    assert_eq!(sel.missing, [Thumbprint([7; 20])]);
    assert_eq!(select(&q, &both[..1]).chosen, [0]);
}

#[cfg(not(windows))]
#[test]
fn elsewhere_it_says_windows_is_needed() {
    let r = certcheck_store::inspect(&Query::default(), parse_at("2026-01-15").unwrap());
    assert!(r.candidates.is_empty());
    assert_eq!(
        r.findings
            .iter()
            .map(|f: &Finding| f.code.as_str())
            .collect::<Vec<_>>(),
        ["store.unsupported_platform"]
    );
    assert!(
        r.findings[0]
            .message(certcheck_core::findings::Lang::Ja)
            .contains("certmgr.msc")
    );
}

/// A client certificate whose EKU extension is `eku` (DER content), added to
/// the usual clientAuth EKU when `twice`.
fn with_raw_eku(eku: Vec<u8>, twice: bool) -> Vec<u8> {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name
        .push(DnType::CommonName, "Kaigo Office 0009 (fictional)");
    if twice {
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    }
    p.custom_extensions = vec![rcgen::CustomExtension::from_oid_content(
        &[2, 5, 29, 37],
        eku,
    )];
    p.self_signed(&key).unwrap().der().to_vec()
}

#[test]
fn a_bad_eku_allows_nothing_and_far_dates_are_kept() {
    // The store reads certificates with core's one reading
    // (`x509::summarize`), the file check's. A malformed EKU (an OCTET
    // STRING, not a SEQUENCE of OIDs) and a duplicated one are readable
    // certificates that allow no client authentication (the two readers used
    // to disagree: the file check allowed it, the store dropped the
    // certificate as unreadable).
    let bad = [
        with_raw_eku(vec![0x04, 0x01, 0x00], false),
        with_raw_eku(
            vec![0x30, 0x0a, 0x06, 0x08, 0x2b, 6, 1, 5, 5, 7, 3, 2],
            true,
        ),
    ];
    // And dates at the ends of what X.509 can state.
    let far = client(
        "Kaigo Office 0010 (fictional)",
        (1950, 1, 1),
        (9999, 12, 31),
        &[ExtendedKeyUsagePurpose::ClientAuth],
    );
    for (i, der) in bad.iter().chain([&far]).enumerate() {
        let r = run(vec![good(der.clone())]);
        // Readable: a candidate, not "a certificate is unreadable".
        assert_eq!(r.candidates.len(), 1, "case {i}: {:?}", r.findings);
        assert_eq!(r.candidates[0].cert.client_auth, i == 2, "case {i}");
    }
    let r = run(vec![good(far)]);
    assert_eq!(
        r.candidates[0].cert.not_after.to_rfc3339(),
        "9999-12-31T00:00:00+00:00"
    );
}
