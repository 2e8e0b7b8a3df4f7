//! Commands' results into documents: one builder per command, and the
//! conversions from core's (and the store's) types into the document's.

use chrono::{DateTime, Utc};

use certcheck_core::check::FileReport;
use certcheck_core::findings::{self, Finding, Lang};
use certcheck_core::policy::Validity;
use certcheck_core::relations::Sighting;
use certcheck_core::{
    CertSummary, FileCert, MacSummary, OfficeRow, Protection, Scheme, office_table,
};

use crate::document::{
    CertEntry, Command, Document, FileEntry, FileSection, MacEntry, OfficeEntry, ProtectionEntry,
    SchemeEntry, StoreSection, Subject, SummaryEntry, ValidityEntry,
};

/// What a store check adds to a document: its section, its certificates as
/// office members, its findings.
#[derive(Debug, Clone, Default)]
pub struct StorePart {
    pub section: StoreSection,
    pub members: Vec<Sighting>,
    /// The store's own office table (for `store`).
    pub offices: Vec<OfficeRow>,
    pub findings: Vec<Finding>,
}

#[cfg(feature = "store")]
impl From<&certcheck_store::StoreReport> for StorePart {
    fn from(s: &certcheck_store::StoreReport) -> StorePart {
        StorePart {
            section: StoreSection {
                candidates: s.candidates.iter().map(Into::into).collect(),
            },
            members: s.candidates.iter().map(|c| c.sighting()).collect(),
            offices: s.offices.clone(),
            findings: s.findings.clone(),
        }
    }
}

/// The offices of the certificates judged: the store's first (they say how
/// an office's certificate is installed), then the files'.
pub fn office_rows(store: &[Sighting], files: &[&FileReport], at: DateTime<Utc>) -> Vec<OfficeRow> {
    let members: Vec<Sighting> = store
        .iter()
        .cloned()
        .chain(files.iter().filter_map(|f| Sighting::of_file(f)))
        .collect();
    office_table(&members, at)
}

fn offices(rows: &[OfficeRow]) -> Option<Vec<OfficeEntry>> {
    Some(rows.iter().map(Into::into).collect())
}

/// `certcheck check`, and the guide's page (which has no store): the file,
/// the store when asked for, one office row per office.
pub fn check(
    file: &FileReport,
    store: Option<&StorePart>,
    at: DateTime<Utc>,
    lang: Lang,
) -> Document {
    let mut all = file.findings.clone();
    if let Some(s) = store {
        all.extend(s.findings.iter().cloned());
        findings::sort_by_priority(&mut all);
    }
    let members = store.map_or(&[][..], |s| &s.members);
    let rows = office_rows(members, &[file], at);
    let mut doc = Document::new(
        Command::Check,
        at,
        Subject::File(Box::new(file.into())),
        &all,
        lang,
    );
    doc.store = store.map(|s| s.section.clone());
    doc.offices = offices(&rows);
    doc
}

/// `certcheck store --file` when the file has no client certificate to look
/// for: the file's report, no store.
pub fn store_of_file(file: &FileReport, at: DateTime<Utc>, lang: Lang) -> Document {
    let mut doc = Document::new(
        Command::Store,
        at,
        Subject::File(Box::new(file.into())),
        &file.findings,
        lang,
    );
    doc.offices = offices(&[]);
    doc
}

/// `certcheck store`: the store, with the problems of the file it was asked
/// about (`--file`), if any.
pub fn store(
    store: &StorePart,
    file: Option<&FileReport>,
    at: DateTime<Utc>,
    lang: Lang,
) -> Document {
    let mut all = store.findings.clone();
    if let Some(r) = file {
        // The file's own problems (expired, ...) matter too, but keep the report about the store.
        all.extend(
            r.findings
                .iter()
                .filter(|f| f.severity > findings::Severity::Info)
                .cloned(),
        );
    }
    findings::sort_by_priority(&mut all);
    let mut doc = Document::new(Command::Store, at, Subject::Nothing {}, &all, lang);
    doc.store = Some(store.section.clone());
    doc.offices = offices(&store.offices);
    doc
}

/// `certcheck doctor`: the files, the store, the offices, and the findings
/// already related and ordered.
pub fn doctor(
    files: &[&FileReport],
    store: &StorePart,
    rows: &[OfficeRow],
    all: &[Finding],
    at: DateTime<Utc>,
    lang: Lang,
) -> Document {
    let files = files.iter().map(|f| FileSection::from(*f)).collect();
    let mut doc = Document::new(Command::Doctor, at, Subject::Files { files }, all, lang);
    doc.store = Some(store.section.clone());
    doc.offices = offices(rows);
    doc
}

/// `certcheck renewal DATE`: the window of a bare last day.
pub fn renewal(validity: &Validity, finding: Finding, at: DateTime<Utc>, lang: Lang) -> Document {
    let validity = ValidityEntry {
        first_day: None,
        ..validity.into()
    };
    Document::new(
        Command::Renewal,
        at,
        Subject::Renewal { validity },
        &[finding],
        lang,
    )
}

impl From<&FileReport> for FileSection {
    fn from(r: &FileReport) -> FileSection {
        FileSection {
            file: FileEntry {
                path: r.file.path.clone(),
                bytes: Some(r.file.bytes),
                sha256: r.file.sha256.clone(),
            },
            password: Some(r.password),
            protection: r.protection.as_ref().map(Into::into),
            certificates: r.certificates.iter().map(Into::into).collect(),
            chain: r.chain.clone(),
            validity: r.validity.as_ref().map(Into::into),
        }
    }
}

impl From<&Protection> for ProtectionEntry {
    fn from(p: &Protection) -> ProtectionEntry {
        ProtectionEntry {
            mac: p.mac.as_ref().map(Into::into),
            certificates: p.certificates.as_ref().map(Into::into),
            key: p.key.as_ref().map(Into::into),
            encoding: p.encoding.to_string(),
        }
    }
}

impl From<&MacSummary> for MacEntry {
    fn from(m: &MacSummary) -> MacEntry {
        MacEntry {
            digest: m.digest.to_string(),
            iterations: Some(m.iterations),
            salt_bytes: Some(m.salt_bytes),
        }
    }
}

impl From<&Scheme> for SchemeEntry {
    fn from(s: &Scheme) -> SchemeEntry {
        SchemeEntry {
            scheme: s.scheme.to_string(),
            iterations: s.iterations,
        }
    }
}

impl From<&CertSummary> for SummaryEntry {
    fn from(c: &CertSummary) -> SummaryEntry {
        SummaryEntry {
            subject: c.subject.clone(),
            issuer: c.issuer.clone(),
            serial: c.serial.clone(),
            sha1: c.sha1.to_string(),
            sha256: c.sha256.to_string(),
            not_before: Some(c.not_before),
            not_after: Some(c.not_after),
            client_auth: Some(c.client_auth),
        }
    }
}

impl From<&FileCert> for CertEntry {
    fn from(c: &FileCert) -> CertEntry {
        CertEntry {
            role: Some(c.role),
            summary: (&c.summary).into(),
            has_private_key: Some(c.has_private_key),
            is_ca: Some(c.summary.is_ca),
            self_signed: Some(c.summary.self_signed),
            friendly_name: c.friendly_name.clone(),
        }
    }
}

impl From<&Validity> for ValidityEntry {
    fn from(v: &Validity) -> ValidityEntry {
        ValidityEntry {
            status: v.status,
            last_day: v.last_day,
            renewal_opens: v.renewal_opens,
            days_left: v.days_left,
            first_day: Some(v.first_day),
        }
    }
}

impl From<&OfficeRow> for OfficeEntry {
    fn from(r: &OfficeRow) -> OfficeEntry {
        let (p, v) = (&r.primary, &r.validity);
        OfficeEntry {
            name: p.cert.office.name.clone(),
            subject: p.cert.subject.clone(),
            status: v.status,
            last_day: v.last_day,
            renewal_opens: v.renewal_opens,
            days_left: v.days_left,
            location: p.location.to_string(),
            key_usable: p.key_usable,
            root_trusted: p.root_trusted,
            sha1: p.cert.sha1.to_string(),
            next_first_day: r.next_first_day,
            next_last_day: r.next_last_day,
            certificates: r.certificates,
        }
    }
}

#[cfg(feature = "store")]
impl From<&certcheck_store::Candidate> for crate::document::CandidateEntry {
    fn from(c: &certcheck_store::Candidate) -> Self {
        crate::document::CandidateEntry {
            summary: (&c.cert).into(),
            location: c.location.to_string(),
            has_private_key: Some(c.has_private_key),
            key_usable_silently: c.key_usable_silently,
            root_trusted: c.root_trusted,
            root_location: c.root_location.map(|l| l.to_string()),
            chain_builds: c.chain_builds,
            validity: Some((&c.validity).into()),
        }
    }
}

#[cfg(all(test, feature = "store"))]
mod tests {
    use super::*;
    use certcheck_core::{Office, Sha256, StoreLocation, Thumbprint, policy};

    /// A store candidate as the store check makes it (its summary by hand).
    fn candidate() -> certcheck_store::Candidate {
        let not_before = policy::parse_at("2025-06-01").unwrap();
        let not_after = policy::parse_at("2028-06-01").unwrap() - chrono::Duration::seconds(1);
        certcheck_store::Candidate {
            cert: CertSummary {
                subject: "CN=Kaigo Office 0001 (fictional)".into(),
                issuer: "CN=Example Kaigo Test CA (fictional)".into(),
                serial: "0A1B".into(),
                sha1: Thumbprint([0xab; 20]),
                sha256: Sha256([0xcd; 32]),
                not_before,
                not_after,
                client_auth: true,
                is_ca: false,
                self_signed: false,
                office: Office::default(),
            },
            location: StoreLocation::CurrentUserMy,
            has_private_key: true,
            key_usable_silently: Some(true),
            root_trusted: Some(true),
            root_location: Some(StoreLocation::CurrentUserRoot),
            chain_builds: Some(true),
            validity: policy::evaluate(
                not_before,
                not_after,
                policy::parse_at("2026-01-15").unwrap(),
            ),
        }
    }

    #[test]
    fn candidates_print_with_the_contract_names_and_read_back() {
        let entry = crate::document::CandidateEntry::from(&candidate());
        let v = serde_json::to_value(&entry).unwrap();
        let names: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "chain_builds",
                "client_auth",
                "has_private_key",
                "issuer",
                "key_usable_silently",
                "location",
                "not_after",
                "not_before",
                "root_location",
                "root_trusted",
                "serial",
                "sha1",
                "sha256",
                "subject",
                "validity",
            ]
        );
        assert_eq!(v["not_after"], "2028-05-31T14:59:59Z");
        assert_eq!(v["sha1"], "AB".repeat(20));
        assert_eq!(v["location"], "CurrentUser\\MY");
        assert_eq!(v["root_location"], "CurrentUser\\Root");
        assert_eq!(v["validity"]["status"], "valid");
        let back: crate::document::CandidateEntry = serde_json::from_value(v).unwrap();
        assert_eq!(back, entry);
    }
}
