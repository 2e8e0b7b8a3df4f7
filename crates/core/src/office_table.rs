//! The one-row-per-office table: for each office (see `office`), the
//! certificate it transmits with, where that certificate is, and the renewal
//! that follows it.

use chrono::{DateTime, NaiveDate, Utc};

use crate::cert::{Location, Thumbprint};
use crate::policy::{self, Status, Validity};
use crate::relations::Sighting;

/// One office: the certificate it transmits with now (or next, or last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeRow {
    /// That certificate, where it is, and whether its key and root are usable.
    pub primary: Sighting,
    /// Its validity at the moment judged.
    pub validity: Validity,
    /// A renewed certificate of the same office that starts later and joins
    /// without a gap or with one: its first and last day.
    pub next_first_day: Option<NaiveDate>,
    pub next_last_day: Option<NaiveDate>,
    /// How many distinct certificates of this office were seen.
    pub certificates: usize,
}

/// Groups certificates by office and makes one row per office, soonest
/// last day first (then by name).
///
/// The row's certificate is the one the office transmits with: a valid one
/// (usable ones first, then the latest last day); else one that starts later
/// (the earliest); else an expired one (the latest). Certificates in this
/// user's Personal store come first, then those in files, then
/// LocalMachine\MY ones, which the transmission software does not use.
pub fn table(members: &[Sighting], at: DateTime<Utc>) -> Vec<OfficeRow> {
    let mut offices: Vec<Vec<&Sighting>> = Vec::new();
    for m in members {
        match offices
            .iter_mut()
            .find(|g| g[0].cert.office.key == m.cert.office.key)
        {
            Some(g) => {
                if !g
                    .iter()
                    .any(|o| o.cert.sha1 == m.cert.sha1 && o.location == m.location)
                {
                    g.push(m)
                }
            }
            None => offices.push(vec![m]),
        }
    }
    let mut rows: Vec<OfficeRow> = offices.iter().map(|g| row(g, at)).collect();
    rows.sort_by(|a, b| {
        a.validity
            .last_day
            .cmp(&b.validity.last_day)
            .then_with(|| a.primary.cert.office.name.cmp(&b.primary.cert.office.name))
    });
    rows
}

fn row(group: &[&Sighting], at: DateTime<Utc>) -> OfficeRow {
    let validity = |m: &Sighting| policy::evaluate(m.cert.not_before, m.cert.not_after, at);
    let usable = |m: &Sighting| m.key_usable == Some(true) && m.root_trusted != Some(false);
    let place = |m: &Sighting| match m.location {
        Location::PERSONAL => 2,
        Location::File => 1,
        Location::Store(_) => 0,
    };
    let primary = group
        .iter()
        .copied()
        .max_by_key(|m| {
            // Higher is better: the status, the place, then within a status.
            let (rank, within) = match validity(m).status {
                Status::Valid | Status::RenewalOpen => (3, m.cert.not_after.timestamp()),
                Status::NotYetValid => (2, -m.cert.not_before.timestamp()),
                Status::Expired => (1, m.cert.not_after.timestamp()),
            };
            (place(m).min(1), rank, usable(m), place(m), within)
        })
        .expect("an office has at least one certificate");
    let v: Validity = validity(primary);
    let p = &primary.cert;
    // The next certificate: one of the same office starting after this one and ending later.
    let next = group
        .iter()
        .map(|m| &m.cert)
        .filter(|c| c.not_before > p.not_before && c.not_after > p.not_after)
        .min_by_key(|c| c.not_before);
    let mut distinct: Vec<Thumbprint> = group.iter().map(|m| m.cert.sha1).collect();
    distinct.sort_unstable();
    distinct.dedup();
    OfficeRow {
        primary: (*primary).clone(),
        validity: v,
        next_first_day: next.map(|c| policy::jst_date(c.not_before)),
        next_last_day: next.map(|c| policy::last_day(c.not_after)),
        certificates: distinct.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::office::Office;
    use crate::x509::CertSummary;

    fn at(s: &str) -> DateTime<Utc> {
        policy::parse_at(s).unwrap()
    }

    use crate::cert::StoreLocation;

    /// A made-up thumbprint named by a short string.
    fn tp(name: &str) -> Thumbprint {
        Thumbprint::of(name.as_bytes())
    }

    fn member(key: &str, sha1: &str, from: &str, last: &str, location: Location) -> Sighting {
        let subject = format!("CN=office {key}");
        Sighting {
            cert: CertSummary {
                office: Office {
                    key: key.into(),
                    name: format!("office {key}"),
                },
                issuer: subject.clone(),
                subject,
                serial: "01".into(),
                sha1: tp(sha1),
                sha256: crate::cert::Sha256([0; 32]),
                not_before: at(from),
                not_after: at(last) + chrono::Duration::days(1) - chrono::Duration::seconds(1),
                client_auth: true,
                is_ca: false,
                self_signed: true,
            },
            location,
            key_usable: Some(true),
            root_trusted: Some(true),
        }
    }

    #[test]
    fn one_row_per_office_soonest_last_day_first() {
        let my = Location::PERSONAL;
        let rows = table(
            &[
                member("a", "A1", "2025-06-01", "2028-05-31", my),
                member("a", "A2", "2028-06-01", "2031-05-31", my),
                member("a", "A0", "2022-06-01", "2025-05-31", my),
                member("b", "B1", "2024-02-01", "2027-01-31", my),
            ],
            at("2026-01-15"),
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].primary.cert.office.name, "office b");
        assert_eq!(rows[0].certificates, 1);
        assert_eq!(rows[0].next_first_day, None);
        let a = &rows[1];
        assert_eq!(a.primary.cert.sha1, tp("A1"));
        assert_eq!(a.validity.status, Status::Valid);
        assert_eq!(a.validity.last_day.to_string(), "2028-05-31");
        assert_eq!(a.validity.renewal_opens.to_string(), "2028-02-29");
        assert_eq!(a.certificates, 3);
        assert_eq!(
            a.next_first_day.map(|d| d.to_string()).as_deref(),
            Some("2028-06-01")
        );
        assert_eq!(
            a.next_last_day.map(|d| d.to_string()).as_deref(),
            Some("2031-05-31")
        );
    }

    #[test]
    fn the_row_shows_what_the_office_transmits_with() {
        let my = Location::PERSONAL;
        // Only a renewed one that starts later: that one, not yet valid.
        let rows = table(
            &[member("a", "N", "2028-06-01", "2031-05-31", my)],
            at("2026-01-15"),
        );
        assert_eq!(rows[0].validity.status, Status::NotYetValid);
        // Only expired ones: the latest.
        let rows = table(
            &[
                member("a", "E1", "2019-06-01", "2022-05-31", my),
                member("a", "E2", "2022-06-01", "2025-05-31", my),
            ],
            at("2026-01-15"),
        );
        assert_eq!(
            (rows[0].primary.cert.sha1, rows[0].validity.status),
            (tp("E2"), Status::Expired)
        );
        // A usable certificate wins over one whose key is missing, and this
        // user's store over the machine's.
        let mut broken = member("a", "K", "2025-07-01", "2028-06-30", my);
        broken.key_usable = Some(false);
        let good = member("a", "G", "2025-06-01", "2028-05-31", my);
        let machine = member(
            "a",
            "M",
            "2025-08-01",
            "2028-07-31",
            Location::Store(StoreLocation::LocalMachineMy),
        );
        let rows = table(&[broken, good.clone(), machine], at("2026-01-15"));
        assert_eq!(rows[0].primary.cert.sha1, tp("G"));
        // The installed copy of a file's certificate describes the office.
        let file = member("a", "G", "2025-06-01", "2028-05-31", Location::File);
        let rows = table(&[file.clone(), good], at("2026-01-15"));
        assert_eq!(
            (rows[0].primary.location, rows[0].certificates),
            (Location::PERSONAL, 1)
        );
        let rows = table(&[file], at("2026-01-15"));
        assert_eq!(rows[0].primary.location, Location::File);
        // In the renewal window.
        let rows = table(
            &[member("a", "R", "2025-06-01", "2026-03-31", my)],
            at("2026-01-15"),
        );
        assert_eq!(
            (rows[0].validity.status, rows[0].validity.days_left),
            (Status::RenewalOpen, 75)
        );
    }
}
