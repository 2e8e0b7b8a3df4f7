//! Relations between certificates seen in files and in the store: is the
//! file's certificate the one installed, do an old and a renewed certificate
//! join without a gap, is one certificate installed twice.

use chrono::{DateTime, Duration, Utc};

use crate::findings::Finding;
use crate::policy;

/// The facts about one certificate that relations need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertFacts {
    pub subject: String,
    /// SHA-1 thumbprint, uppercase hex.
    pub sha1: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// "file" for a file, else the store location such as "CurrentUser\\MY".
    pub location: String,
}

/// The store location the transmission software uses.
pub const PERSONAL: &str = "CurrentUser\\MY";

/// What the relations found.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    pub findings: Vec<Finding>,
    /// Thumbprints of certificates already followed by a renewal that joins
    /// them without a gap: their "renew now" is already done.
    pub renewed: Vec<String>,
}

/// Relates the files' client certificates to each other and to the store.
/// `installed` is None when the store could not be read (not Windows).
pub fn relate(
    files: &[CertFacts],
    installed: Option<&[CertFacts]>,
    at: DateTime<Utc>,
) -> Relations {
    let mut out = Vec::new();
    let mut renewed = Vec::new();
    if let Some(store) = installed {
        for f in files {
            if store
                .iter()
                .any(|s| s.sha1 == f.sha1 && s.location.eq_ignore_ascii_case(PERSONAL))
            {
                out.push(
                    Finding::new("doctor.file_installed")
                        .with_detail(f.subject.clone(), f.subject.clone()),
                );
            } else {
                out.push(
                    Finding::new("doctor.file_not_installed")
                        .with_detail(f.subject.clone(), f.subject.clone()),
                );
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for s in store {
            let places = store.iter().filter(|o| o.sha1 == s.sha1).count();
            if places > 1 && !seen.contains(&s.sha1.as_str()) {
                seen.push(&s.sha1);
                let locs: Vec<&str> = store
                    .iter()
                    .filter(|o| o.sha1 == s.sha1)
                    .map(|o| o.location.as_str())
                    .collect();
                out.push(
                    Finding::new("doctor.installed_twice")
                        .with_detail(locs.join(", "), locs.join(", ")),
                );
            }
        }
    }

    // Distinct certificates by thumbprint, grouped by subject, in order of start.
    let mut pool: Vec<&CertFacts> = Vec::new();
    for c in files.iter().chain(installed.unwrap_or(&[]).iter()) {
        if !pool.iter().any(|p| p.sha1 == c.sha1) {
            pool.push(c);
        }
    }
    pool.sort_by_key(|c| (c.subject.clone(), c.not_before));
    for pair in pool.windows(2) {
        let (old, new) = (pair[0], pair[1]);
        // Only a renewal that still matters: the newer one has not ended yet.
        if old.subject != new.subject || new.not_after < at || new.not_before <= old.not_before {
            continue;
        }
        if new.not_before > old.not_after + Duration::seconds(1) {
            let from = policy::last_day(old.not_after)
                .succ_opt()
                .unwrap_or(policy::last_day(old.not_after));
            let to = policy::jst_date(new.not_before - Duration::seconds(1));
            let days = to.signed_duration_since(from).num_days() + 1;
            out.push(Finding::new("doctor.validity_gap").with_detail(
                format!("{from} から {to} まで（{days} 日間）伝送できません"),
                format!("no transmission from {from} to {to} ({days} days)"),
            ));
        } else {
            renewed.push(old.sha1.clone());
            out.push(Finding::new("doctor.renewal_continuous").with_detail(
                format!(
                    "古い証明書の最終日 {}、新しい証明書の開始日 {}",
                    policy::last_day(old.not_after),
                    policy::jst_date(new.not_before)
                ),
                format!(
                    "old last day {}, new first day {}",
                    policy::last_day(old.not_after),
                    policy::jst_date(new.not_before)
                ),
            ));
        }
    }
    Relations {
        findings: out,
        renewed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(sha1: &str, from: &str, last: &str, location: &str) -> CertFacts {
        let nb = policy::parse_at(from).unwrap();
        let na = policy::parse_at(last).unwrap() + Duration::days(1) - Duration::seconds(1);
        CertFacts {
            subject: "CN=office".into(),
            sha1: sha1.into(),
            not_before: nb,
            not_after: na,
            location: location.into(),
        }
    }

    fn relate_f(
        files: &[CertFacts],
        installed: Option<&[CertFacts]>,
        at: DateTime<Utc>,
    ) -> Vec<Finding> {
        relate(files, installed, at).findings
    }

    fn codes(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn continuous_renewal_and_gap() {
        let at = policy::parse_at("2026-12-01").unwrap();
        let old = cert("AA", "2024-02-01", "2027-01-31", "file");
        let joined = cert("BB", "2027-02-01", "2030-01-31", "file");
        let gap = cert("CC", "2027-02-10", "2030-02-09", "file");
        let r = relate(&[old.clone(), joined], None, at);
        assert_eq!(codes(&r.findings), ["doctor.renewal_continuous"]);
        assert_eq!(r.renewed, ["AA"]);
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
        let file = cert("AA", "2025-06-01", "2028-05-31", "file");
        let mine = cert("AA", "2025-06-01", "2028-05-31", PERSONAL);
        let machine = cert("AA", "2025-06-01", "2028-05-31", "LocalMachine\\MY");
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
}
