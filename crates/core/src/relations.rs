//! Relations between certificates seen in files and in the store: is the
//! file's certificate the one installed, do an old and a renewed certificate
//! join without a gap, is one certificate installed twice.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::cert::{Location, Thumbprint};
use crate::check::FileReport;
use crate::findings::{Code, Finding, Severity};
use crate::policy;
use crate::x509::CertSummary;

/// A certificate where it was seen (a file or a store), with what is known
/// there of its key and root. Relations and the office table
/// (`office_table`) judge these; certificates of the same office (its
/// summary's `office`) are related, others never are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub cert: CertSummary,
    pub location: Location,
    /// Whether the transmission software can use its key without a prompt
    /// (for a file: whether the file holds the key); None when unknown.
    pub key_usable: Option<bool>,
    /// None when not known (a file, or the chain could not be asked for).
    pub root_trusted: Option<bool>,
}

impl Sighting {
    /// A file's client certificate: its key is in the file, its root not judged.
    pub fn of_file(report: &FileReport) -> Option<Sighting> {
        Some(Sighting {
            cert: report.client()?.summary.clone(),
            location: Location::File,
            key_usable: Some(true),
            root_trusted: None,
        })
    }
}

/// What the relations found.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    pub findings: Vec<Finding>,
    /// Thumbprints of certificates already followed by a renewal that joins
    /// them without a gap: their "renew now" is already done.
    pub renewed: Vec<Thumbprint>,
}

/// Days without a valid certificate between an old one and its successor (JST).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
}

/// A later certificate of the same office following an earlier one.
#[derive(Debug, Clone, Copy)]
pub struct Succession<'a> {
    pub old: &'a Sighting,
    pub new: &'a Sighting,
    /// None when the new one starts before the old one ends.
    pub gap: Option<Gap>,
}

/// The renewals among `certs`, office by office: each certificate and the
/// next one of the same office to start, as long as that one has not ended
/// at `at` (a renewal that no longer matters says nothing). Certificates are
/// taken once each by thumbprint, the first occurrence kept.
pub fn successions<'a>(certs: &[&'a Sighting], at: DateTime<Utc>) -> Vec<Succession<'a>> {
    let mut pool: Vec<&Sighting> = Vec::new();
    for c in certs {
        if !pool.iter().any(|p| p.cert.sha1 == c.cert.sha1) {
            pool.push(c);
        }
    }
    pool.sort_by(|a, b| {
        (a.cert.office.key.as_str(), a.cert.not_before)
            .cmp(&(b.cert.office.key.as_str(), b.cert.not_before))
    });
    let mut out = Vec::new();
    for pair in pool.windows(2) {
        let (old, new) = (&pair[0].cert, &pair[1].cert);
        if old.office.key != new.office.key
            || new.not_after < at
            || new.not_before <= old.not_before
        {
            continue;
        }
        let gap = (new.not_before > old.not_after + Duration::seconds(1)).then(|| {
            let from = policy::last_day(old.not_after)
                .succ_opt()
                .unwrap_or(policy::last_day(old.not_after));
            let to = policy::jst_date(new.not_before - Duration::seconds(1));
            Gap {
                from,
                to,
                days: to.signed_duration_since(from).num_days() + 1,
            }
        });
        out.push(Succession {
            old: pair[0],
            new: pair[1],
            gap,
        });
    }
    out
}

/// doctor.validity_gap or doctor.renewal_continuous for one succession.
pub fn succession_finding(s: &Succession<'_>) -> Finding {
    let name = &s.new.cert.office.name;
    match s.gap {
        Some(Gap { from, to, days }) => Finding::new(Code::DoctorValidityGap).with_detail(
            format!("{name}: {from} から {to} まで（{days} 日間）伝送できません"),
            format!("{name}: no transmission from {from} to {to} ({days} days)"),
        ),
        None => {
            let (last, first) = (
                policy::last_day(s.old.cert.not_after),
                policy::jst_date(s.new.cert.not_before),
            );
            Finding::new(Code::DoctorRenewalContinuous).with_detail(
                format!("{name}: 古い証明書の終了日 {last}、新しい証明書の開始日 {first}"),
                format!("{name}: old last day {last}, new first day {first}"),
            )
        }
    }
}

/// Relates the files' client certificates to each other and to the store.
/// `installed` is None when the store could not be read (not Windows).
///
/// Renewals between two installed certificates are left to the store check,
/// which judges them office by office; here only those involving a file.
pub fn relate(files: &[Sighting], installed: Option<&[Sighting]>, at: DateTime<Utc>) -> Relations {
    let mut out = Vec::new();
    let mut renewed = Vec::new();
    if let Some(store) = installed {
        for f in files {
            if store
                .iter()
                .any(|s| s.cert.sha1 == f.cert.sha1 && s.location == Location::PERSONAL)
            {
                out.push(
                    Finding::new(Code::DoctorFileInstalled)
                        .with_detail(f.cert.subject.clone(), f.cert.subject.clone()),
                );
            } else {
                out.push(
                    Finding::new(Code::DoctorFileNotInstalled)
                        .with_detail(f.cert.subject.clone(), f.cert.subject.clone()),
                );
            }
        }
        let mut seen: Vec<Thumbprint> = Vec::new();
        for s in store {
            let sha1 = s.cert.sha1;
            let places = store.iter().filter(|o| o.cert.sha1 == sha1).count();
            if places > 1 && !seen.contains(&sha1) {
                seen.push(sha1);
                let locs: Vec<&str> = store
                    .iter()
                    .filter(|o| o.cert.sha1 == sha1)
                    .map(|o| o.location.as_str())
                    .collect();
                out.push(
                    Finding::new(Code::DoctorInstalledTwice)
                        .with_detail(locs.join(", "), locs.join(", ")),
                );
            }
        }
    }

    let all: Vec<&Sighting> = files
        .iter()
        .chain(installed.unwrap_or(&[]).iter())
        .collect();
    for s in successions(&all, at) {
        if s.old.location != Location::File && s.new.location != Location::File {
            continue;
        }
        if s.gap.is_none() {
            renewed.push(s.old.cert.sha1);
        }
        out.push(succession_finding(&s));
    }
    Relations {
        findings: out,
        renewed,
    }
}

impl Relations {
    /// A file's own findings as doctor shows them beside the relations:
    /// "apply for renewal now" (cert.renewal_open) is wrong advice once a
    /// renewal that joins without a gap is in hand, and
    /// doctor.renewal_continuous says what to do instead.
    pub fn file_findings(&self, report: &FileReport) -> Vec<Finding> {
        let renewed = report
            .client()
            .is_some_and(|c| self.renewed.contains(&c.summary.sha1));
        report
            .findings
            .iter()
            .filter(|f| !(renewed && f.code == Code::CertRenewalOpen))
            .cloned()
            .collect()
    }
}

/// Whether the store could be read at all: not off Windows, not refused.
/// Relations to installed certificates are judged only then.
pub fn store_was_read(store_findings: &[Finding]) -> bool {
    !store_findings.iter().any(|f| {
        matches!(
            f.code,
            Code::StoreUnsupportedPlatform | Code::StoreUnavailable
        )
    })
}

/// The store's findings as doctor shows them: when files were given, a store
/// that does not apply (off Windows) is information, not a warning, since the
/// file check itself is complete, and an installed certificate's renewal
/// window is left to the files and the relations.
pub fn store_findings_beside_files(
    store_findings: Vec<Finding>,
    files_given: bool,
) -> Vec<Finding> {
    store_findings
        .into_iter()
        // "Apply for renewal now" about an installed certificate is the
        // files' to say beside doctor's relations: a file that renews it makes
        // it wrong advice, and the installed one itself already says it.
        .filter(|f| !(files_given && f.code == Code::CertRenewalOpen))
        .map(|mut f| {
            if files_given && f.code == Code::StoreUnsupportedPlatform {
                f.severity = Severity::Info;
            }
            f
        })
        .collect()
}

/// One certificate to be reminded of: its office, dates and successor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub office: String,
    pub sha1: Thumbprint,
    pub last_day: NaiveDate,
    pub renewal_opens: NaiveDate,
    /// The first day of a renewed certificate of the same office, and the gap
    /// before it if there is one.
    pub successor: Option<(NaiveDate, Option<Gap>)>,
}

/// The certificates judged that still have dates ahead of them (not expired
/// at `at`), each once, with their successor if one is among `certs`.
pub fn reminders(certs: &[Sighting], at: DateTime<Utc>) -> Vec<Reminder> {
    let all: Vec<&Sighting> = certs.iter().collect();
    let next = successions(&all, at);
    let mut out: Vec<Reminder> = Vec::new();
    for c in certs.iter().map(|s| &s.cert) {
        if c.not_after < at || out.iter().any(|r| r.sha1 == c.sha1) {
            continue;
        }
        let last_day = policy::last_day(c.not_after);
        out.push(Reminder {
            office: c.office.name.clone(),
            sha1: c.sha1,
            last_day,
            renewal_opens: policy::renewal_opens(last_day),
            successor: next
                .iter()
                .find(|s| s.old.cert.sha1 == c.sha1)
                .map(|s| (policy::jst_date(s.new.cert.not_before), s.gap)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cert::StoreLocation;
    use crate::office::Office;

    /// A made-up thumbprint named by a short string.
    fn tp(name: &str) -> Thumbprint {
        Thumbprint::of(name.as_bytes())
    }

    fn cert(sha1: &str, from: &str, last: &str, location: Location) -> Sighting {
        let nb = policy::parse_at(from).unwrap();
        let na = policy::parse_at(last).unwrap() + Duration::days(1) - Duration::seconds(1);
        Sighting {
            cert: CertSummary {
                office: Office {
                    key: "/2.5.4.3=office".into(),
                    name: "office".into(),
                },
                subject: "CN=office".into(),
                issuer: "CN=office".into(),
                serial: "01".into(),
                sha1: tp(sha1),
                sha256: crate::cert::Sha256([0; 32]),
                not_before: nb,
                not_after: na,
                client_auth: true,
                is_ca: false,
                self_signed: true,
            },
            location,
            key_usable: None,
            root_trusted: None,
        }
    }

    fn relate_f(
        files: &[Sighting],
        installed: Option<&[Sighting]>,
        at: DateTime<Utc>,
    ) -> Vec<Finding> {
        relate(files, installed, at).findings
    }

    fn codes(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn continuous_renewal_and_gap() {
        let at = policy::parse_at("2026-12-01").unwrap();
        let old = cert("AA", "2024-02-01", "2027-01-31", Location::File);
        let joined = cert("BB", "2027-02-01", "2030-01-31", Location::File);
        let gap = cert("CC", "2027-02-10", "2030-02-09", Location::File);
        let r = relate(&[old.clone(), joined], None, at);
        assert_eq!(codes(&r.findings), ["doctor.renewal_continuous"]);
        assert_eq!(r.renewed, [tp("AA")]);
        let f = relate(&[old, gap], None, at).findings;
        assert_eq!(codes(&f), ["doctor.validity_gap"]);
        assert!(
            f[0].detail_en
                .as_deref()
                .unwrap()
                .contains("2027-02-01 to 2027-02-09 (9 days)"),
            "{f:?}"
        );
    }

    #[test]
    fn installed_or_not_and_twice() {
        let at = policy::parse_at("2026-12-01").unwrap();
        let file = cert("AA", "2025-06-01", "2028-05-31", Location::File);
        let mine = cert("AA", "2025-06-01", "2028-05-31", Location::PERSONAL);
        let machine = cert(
            "AA",
            "2025-06-01",
            "2028-05-31",
            Location::Store(StoreLocation::LocalMachineMy),
        );
        assert_eq!(
            codes(&relate_f(
                std::slice::from_ref(&file),
                Some(std::slice::from_ref(&mine)),
                at
            )),
            ["doctor.file_installed"]
        );
        assert_eq!(
            codes(&relate_f(
                std::slice::from_ref(&file),
                Some(std::slice::from_ref(&machine)),
                at
            )),
            ["doctor.file_not_installed"]
        );
        assert_eq!(
            codes(&relate_f(&[], Some(&[mine, machine]), at)),
            ["doctor.installed_twice"]
        );
    }

    fn of(office: &str, mut c: Sighting) -> Sighting {
        c.cert.office = Office {
            key: format!("/2.5.4.3={office}"),
            name: office.into(),
        };
        c
    }

    #[test]
    fn renewals_only_within_one_office() {
        let at = policy::parse_at("2026-12-01").unwrap();
        let a_old = of("a", cert("A1", "2024-02-01", "2027-01-31", Location::File));
        let b_new = of("b", cert("B2", "2027-02-01", "2030-01-31", Location::File));
        assert!(relate_f(&[a_old.clone(), b_new.clone()], None, at).is_empty());
        let a_new = of("a", cert("A2", "2027-02-01", "2030-01-31", Location::File));
        let r = relate(&[a_old, b_new, a_new], None, at);
        assert_eq!(codes(&r.findings), ["doctor.renewal_continuous"]);
        assert_eq!(r.renewed, [tp("A1")]);
        assert!(
            r.findings[0]
                .detail_ja
                .as_deref()
                .unwrap()
                .starts_with("a: ")
        );
    }

    #[test]
    fn renewals_between_installed_certificates_are_the_store_checks() {
        let at = policy::parse_at("2026-12-01").unwrap();
        let old = cert("AA", "2024-02-01", "2027-01-31", Location::PERSONAL);
        let new = cert("BB", "2027-02-10", "2030-02-09", Location::PERSONAL);
        assert!(relate_f(&[], Some(&[old.clone(), new.clone()]), at).is_empty());
        let all = [&old, &new];
        let s = successions(&all, at);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].gap.map(|g| g.days), Some(9));
        // A file and an installed certificate are related here.
        let file_new = cert("BB", "2027-02-10", "2030-02-09", Location::File);
        assert_eq!(
            codes(&relate_f(&[file_new], Some(std::slice::from_ref(&old)), at)),
            ["doctor.file_not_installed", "doctor.validity_gap"]
        );
    }

    #[test]
    fn reminders_for_certificates_still_ahead() {
        let at = policy::parse_at("2026-12-01").unwrap();
        let expired = cert("EE", "2023-02-01", "2026-01-31", Location::File);
        let old = cert("AA", "2024-02-01", "2027-01-31", Location::File);
        let new = cert("BB", "2027-02-01", "2030-01-31", Location::PERSONAL);
        let installed_old = cert("AA", "2024-02-01", "2027-01-31", Location::PERSONAL);
        let other = of(
            "b",
            cert("CC", "2025-04-01", "2028-03-31", Location::PERSONAL),
        );
        let r = reminders(&[expired, old, new, installed_old, other], at);
        let sha: Vec<Thumbprint> = r.iter().map(|r| r.sha1).collect();
        assert_eq!(sha, [tp("AA"), tp("BB"), tp("CC")]);
        assert_eq!(
            r[0].successor,
            Some((policy::parse_date("2027-02-01").unwrap(), None))
        );
        assert_eq!(r[0].renewal_opens.to_string(), "2026-10-31");
        assert_eq!((r[1].successor, r[2].successor), (None, None));
        assert_eq!(r[2].office, "b");
    }

    /// A file report whose client certificate is `c`, with `codes` found.
    fn file_report(c: &Sighting, codes: &[Code]) -> FileReport {
        let mut r = crate::check::empty_report("a.p12", 1, None);
        r.certificates.push(crate::x509::FileCert {
            summary: c.cert.clone(),
            role: crate::x509::Role::Client,
            has_private_key: true,
            friendly_name: None,
        });
        r.findings = codes.iter().map(|&c| Finding::new(c)).collect();
        r
    }

    #[test]
    fn renew_now_is_dropped_only_once_the_renewal_joins() {
        let at = policy::parse_at("2026-12-01").unwrap();
        let old = cert("AA", "2024-02-01", "2027-01-31", Location::File);
        let joined = cert("BB", "2027-02-01", "2030-01-31", Location::File);
        let gap = cert("CC", "2027-02-10", "2030-02-09", Location::File);
        let found = [Code::CertRenewalOpen, Code::P12NoMac];
        let report = file_report(&old, &found);

        let r = relate(&[old.clone(), joined.clone()], None, at);
        assert_eq!(codes(&r.file_findings(&report)), ["p12.no_mac"]);
        // The renewed certificate's own file keeps everything.
        let new_report = file_report(&joined, &found);
        assert_eq!(
            codes(&r.file_findings(&new_report)),
            ["cert.renewal_open", "p12.no_mac"]
        );
        // A gap means the renewal is not in hand yet: the advice stays.
        let r = relate(&[old, gap], None, at);
        assert_eq!(
            codes(&r.file_findings(&report)),
            ["cert.renewal_open", "p12.no_mac"]
        );
    }

    #[test]
    fn the_store_off_windows_is_information_beside_files() {
        let off = vec![Finding::new(Code::StoreUnsupportedPlatform)];
        assert!(!store_was_read(&off));
        assert!(!store_was_read(&[Finding::new(Code::StoreUnavailable)]));
        assert!(store_was_read(&[Finding::new(
            Code::StorePartlyUnavailable
        )]));
        assert!(store_was_read(&[]));

        let alone = store_findings_beside_files(off.clone(), false);
        assert_eq!(alone[0].severity, Severity::Warning);
        let beside = store_findings_beside_files(off, true);
        assert_eq!(beside[0].severity, Severity::Info);
        assert_eq!(beside[0].code, Code::StoreUnsupportedPlatform);
        // Other store findings keep their catalog severity.
        let other = store_findings_beside_files(vec![Finding::new(Code::StoreNotInstalled)], true);
        assert_eq!(other[0].severity, Severity::Error);
        // "Apply now" about an installed certificate is left to the files
        // beside it, and kept when the store is checked alone.
        let window = vec![Finding::new(Code::CertRenewalOpen)];
        assert!(store_findings_beside_files(window.clone(), true).is_empty());
        assert_eq!(store_findings_beside_files(window, false).len(), 1);
    }
}
