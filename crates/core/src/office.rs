//! Which office a certificate belongs to, and the one-row-per-office table.
//!
//! One claim certificate is issued per 事業所番号, so an agent (代理人請求)
//! transmitting for several offices holds one certificate per office, and a
//! renewal gives the same office a second one. The office is identified by
//! the certificate's subject distinguished name, compared as a name and not as
//! display text: attribute by attribute (type and value), with each value
//! normalised (Unicode NFKC, so full-width and half-width digits and letters
//! are alike; case folded; white space trimmed and collapsed), in the spirit of
//! RFC 5280's name matching. The issuer is not part of it: a renewal signed by
//! a new CA generation is still the same office.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use x509_parser::asn1_rs::Tag;
use x509_parser::x509::X509Name;

use crate::cert::{Location, Thumbprint};
use crate::check::FileReport;
use crate::policy::{self, Status, Validity};
use crate::relations::CertFacts;

/// The office a certificate was issued to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Office {
    /// Compares equal for the same subject name; not meant for display.
    pub key: String,
    /// For people: the subject's (last) common name, else the whole subject.
    pub name: String,
}

/// commonName (2.5.4.3).
const COMMON_NAME: &str = "2.5.4.3";

impl Office {
    /// The office named by a certificate's subject.
    pub fn of(subject: &X509Name<'_>) -> Office {
        let mut key = String::new();
        let mut common_name = None;
        for rdn in subject.iter() {
            key.push('/');
            for (i, attr) in rdn.iter().enumerate() {
                if i > 0 {
                    key.push('+');
                }
                let oid = attr.attr_type().to_id_string();
                let value = value_text(attr.attr_value());
                if oid == COMMON_NAME {
                    common_name = Some(value.clone());
                }
                // Escaped so that a value holding a separator cannot imitate another name.
                key.push_str(&oid);
                key.push('=');
                for c in normalise(&value).chars() {
                    if matches!(c, '\\' | '/' | '+' | '=') {
                        key.push('\\');
                    }
                    key.push(c);
                }
            }
        }
        let name = common_name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| subject.to_string());
        Office { key, name }
    }
}

/// An attribute value as text: the string types decoded, anything else as hex.
fn value_text(any: &x509_parser::asn1_rs::Any<'_>) -> String {
    let data = any.data;
    match any.tag() {
        Tag::BmpString => char::decode_utf16(
            data.chunks(2)
                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)])),
        )
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect(),
        Tag::UniversalString => data
            .chunks(4)
            .map(|q| {
                let mut b = [0u8; 4];
                b[..q.len()].copy_from_slice(q);
                char::from_u32(u32::from_be_bytes(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::NumericString
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::TeletexString => String::from_utf8_lossy(data).into_owned(),
        _ => format!("{:x}", crate::hex::Hex(data)),
    }
}

/// NFKC, case folded, white space trimmed and runs of it made one space.
fn normalise(value: &str) -> String {
    let folded: String = crate::nfkc::nfkc(value)
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One certificate of an office, as the table needs it.
#[derive(Debug, Clone)]
pub struct Member {
    pub cert: CertFacts,
    /// Whether the transmission software can use its key without a prompt
    /// (for a file: whether the file holds the key); None when unknown.
    pub key_usable: Option<bool>,
    /// None when not known (a file, or the chain could not be asked for).
    pub root_trusted: Option<bool>,
}

impl Member {
    /// A file's client certificate: its key is in the file, its root not judged.
    pub fn of_file(report: &FileReport) -> Option<Member> {
        let cert = CertFacts::of_file(report)?;
        Some(Member {
            cert,
            key_usable: Some(true),
            root_trusted: None,
        })
    }
}

/// One office: the certificate it transmits with now (or next, or last).
#[derive(Debug, Clone, Serialize)]
pub struct OfficeRow {
    pub name: String,
    pub subject: String,
    pub status: Status,
    pub last_day: NaiveDate,
    pub renewal_opens: NaiveDate,
    pub days_left: i64,
    /// Where that certificate is: `CurrentUser\MY`, `LocalMachine\MY` or `file`.
    pub location: Location,
    pub key_usable: Option<bool>,
    pub root_trusted: Option<bool>,
    /// SHA-1 thumbprint of that certificate.
    pub sha1: Thumbprint,
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
pub fn table(members: &[Member], at: DateTime<Utc>) -> Vec<OfficeRow> {
    let mut offices: Vec<Vec<&Member>> = Vec::new();
    for m in members {
        match offices
            .iter_mut()
            .find(|g| g[0].cert.office.key == m.cert.office.key)
        {
            Some(g) => {
                if !g
                    .iter()
                    .any(|o| o.cert.sha1 == m.cert.sha1 && o.cert.location == m.cert.location)
                {
                    g.push(m)
                }
            }
            None => offices.push(vec![m]),
        }
    }
    let mut rows: Vec<OfficeRow> = offices.iter().map(|g| row(g, at)).collect();
    rows.sort_by(|a, b| {
        a.last_day
            .cmp(&b.last_day)
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

fn row(group: &[&Member], at: DateTime<Utc>) -> OfficeRow {
    let validity = |m: &Member| policy::evaluate(m.cert.not_before, m.cert.not_after, at);
    let usable = |m: &Member| m.key_usable == Some(true) && m.root_trusted != Some(false);
    let place = |m: &Member| match m.cert.location {
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
        name: p.office.name.clone(),
        subject: p.subject.clone(),
        status: v.status,
        last_day: v.last_day,
        renewal_opens: v.renewal_opens,
        days_left: v.days_left,
        location: p.location,
        key_usable: primary.key_usable,
        root_trusted: primary.root_trusted,
        sha1: p.sha1,
        next_first_day: next.map(|c| policy::jst_date(c.not_before)),
        next_last_day: next.map(|c| policy::last_day(c.not_after)),
        certificates: distinct.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::prelude::FromDer;

    /// A DER Name from (OID bytes, tag, value) attributes, one per RDN.
    fn name(attrs: &[(&[u8], u8, &[u8])]) -> Vec<u8> {
        use certcheck_testkit::der::tlv;
        let mut rdns = Vec::new();
        for (oid, tag, value) in attrs {
            let mut atv = tlv(0x06, oid);
            atv.extend(tlv(*tag, value));
            rdns.extend(tlv(0x31, &tlv(0x30, &atv)));
        }
        tlv(0x30, &rdns)
    }

    const CN: &[u8] = &[0x55, 0x04, 0x03];
    const O: &[u8] = &[0x55, 0x04, 0x0a];
    const UTF8: u8 = 0x0c;
    const PRINTABLE: u8 = 0x13;
    const BMP: u8 = 0x1e;

    fn office(der: &[u8]) -> Office {
        let (_, n) = X509Name::from_der(der).unwrap();
        Office::of(&n)
    }

    #[test]
    fn same_office_across_encodings_widths_case_and_spaces() {
        let a = office(&name(&[
            (O, UTF8, b"Care Office"),
            (CN, UTF8, "事業所番号 0123456789".as_bytes()),
        ]));
        let bmp: Vec<u8> = "事業所番号　０１２３４５６７８９"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let b = office(&name(&[(O, PRINTABLE, b" care  office "), (CN, BMP, &bmp)]));
        assert_eq!(a.key, b.key);
        assert_eq!(a.name, "事業所番号 0123456789");
        assert_eq!(b.name, "事業所番号　０１２３４５６７８９");
    }

    #[test]
    fn different_offices_and_look_alike_renderings_differ() {
        let one = office(&name(&[(CN, UTF8, "事業所番号 0000000001".as_bytes())]));
        let two = office(&name(&[(CN, UTF8, "事業所番号 0000000002".as_bytes())]));
        assert_ne!(one.key, two.key);
        // "O=A, CN=B" as two attributes versus one value that reads the same when printed.
        let split = office(&name(&[(O, UTF8, b"A"), (CN, UTF8, b"B")]));
        let joined = office(&name(&[(O, UTF8, b"A, CN=B")]));
        assert_ne!(split.key, joined.key);
        let slash = office(&name(&[(O, UTF8, b"A/2.5.4.3=B")]));
        assert_ne!(split.key, slash.key);
        // The same value under another attribute type is another name.
        assert_ne!(
            office(&name(&[(O, UTF8, b"X")])).key,
            office(&name(&[(CN, UTF8, b"X")])).key
        );
    }

    #[test]
    fn without_a_common_name_the_subject_is_the_name() {
        let o = office(&name(&[(O, UTF8, b"Care Office")]));
        assert_eq!(o.name, "O=Care Office");
    }

    fn at(s: &str) -> DateTime<Utc> {
        policy::parse_at(s).unwrap()
    }

    use crate::cert::StoreLocation;

    /// A made-up thumbprint named by a short string.
    fn tp(name: &str) -> Thumbprint {
        Thumbprint::of(name.as_bytes())
    }

    fn member(key: &str, sha1: &str, from: &str, last: &str, location: Location) -> Member {
        Member {
            cert: CertFacts {
                office: Office {
                    key: key.into(),
                    name: format!("office {key}"),
                },
                subject: format!("CN=office {key}"),
                sha1: tp(sha1),
                not_before: at(from),
                not_after: at(last) + chrono::Duration::days(1) - chrono::Duration::seconds(1),
                location,
            },
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
        assert_eq!(rows[0].name, "office b");
        assert_eq!(rows[0].certificates, 1);
        assert_eq!(rows[0].next_first_day, None);
        let a = &rows[1];
        assert_eq!(a.sha1, tp("A1"));
        assert_eq!(a.status, Status::Valid);
        assert_eq!(a.last_day.to_string(), "2028-05-31");
        assert_eq!(a.renewal_opens.to_string(), "2028-02-29");
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
        assert_eq!(rows[0].status, Status::NotYetValid);
        // Only expired ones: the latest.
        let rows = table(
            &[
                member("a", "E1", "2019-06-01", "2022-05-31", my),
                member("a", "E2", "2022-06-01", "2025-05-31", my),
            ],
            at("2026-01-15"),
        );
        assert_eq!((rows[0].sha1, rows[0].status), (tp("E2"), Status::Expired));
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
        assert_eq!(rows[0].sha1, tp("G"));
        // The installed copy of a file's certificate describes the office.
        let file = member("a", "G", "2025-06-01", "2028-05-31", Location::File);
        let rows = table(&[file.clone(), good], at("2026-01-15"));
        assert_eq!(
            (rows[0].location, rows[0].certificates),
            (Location::PERSONAL, 1)
        );
        let rows = table(&[file], at("2026-01-15"));
        assert_eq!(rows[0].location, Location::File);
        // In the renewal window.
        let rows = table(
            &[member("a", "R", "2025-06-01", "2026-03-31", my)],
            at("2026-01-15"),
        );
        assert_eq!(
            (rows[0].status, rows[0].days_left),
            (Status::RenewalOpen, 75)
        );
    }
}
