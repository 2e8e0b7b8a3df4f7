//! The document: what one command found, typed, in the language it is
//! printed in. Every printer renders it; `--format json` is it serialized,
//! and `report view` reads a saved one back.
//!
//! The JSON is the stable contract: members may be added, none renamed. A
//! received report may come from another version or be forged, so reading
//! one back is lenient: a missing member is empty (printed as `-` or left
//! out), never a reason to refuse the whole report.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use certcheck_core::findings::{Finding, Lang, Severity, Verdict};
use certcheck_core::policy::Status;
use certcheck_core::{Chain, PasswordOutcome, Role};

/// The command a document is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Check,
    Store,
    Doctor,
    Renewal,
    /// A command this version does not know (a report from a newer one).
    #[serde(other)]
    Unknown,
}

/// Everything one command found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    pub certcheck_version: Option<String>,
    pub command: Option<Command>,
    #[serde(with = "instant")]
    pub at: Option<DateTime<Utc>>,
    pub verdict: Option<Verdict>,
    pub exit_code: Option<i32>,
    /// What was judged: one file, several, a bare last day or only the store.
    #[serde(flatten)]
    pub subject: Subject,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<StoreSection>,
    /// One row per office; None where a command has no table (renewal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offices: Option<Vec<OfficeEntry>>,
    /// In priority order, the next step first.
    pub findings: Vec<FindingEntry>,
    /// The machine, in a helpdesk report file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
}

/// What a document judged. In the JSON its members sit at the top level:
/// `check` (and `store --file` for a file without a client certificate)
/// puts its one file's members there, `doctor` lists its files under
/// `files`, `renewal` has only `validity`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Subject {
    File(Box<FileSection>),
    Files {
        files: Vec<FileSection>,
    },
    Renewal {
        validity: ValidityEntry,
    },
    /// The store only.
    Nothing {},
}

impl Default for Subject {
    fn default() -> Self {
        Subject::Nothing {}
    }
}

impl Subject {
    /// The files judged, in order.
    pub fn files(&self) -> &[FileSection] {
        match self {
            Subject::File(f) => std::slice::from_ref(f),
            Subject::Files { files } => files,
            Subject::Renewal { .. } | Subject::Nothing {} => &[],
        }
    }
}

/// One file and what was found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSection {
    pub file: FileEntry,
    #[serde(default)]
    pub password: Option<PasswordOutcome>,
    #[serde(default)]
    pub protection: Option<ProtectionEntry>,
    #[serde(default)]
    pub certificates: Vec<CertEntry>,
    #[serde(default)]
    pub chain: Option<Chain>,
    /// The client certificate's validity.
    #[serde(default)]
    pub validity: Option<ValidityEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileEntry {
    pub path: String,
    pub bytes: Option<u64>,
    /// SHA-256 of the whole file, lowercase hex; None when not read whole.
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProtectionEntry {
    pub mac: Option<MacEntry>,
    pub certificates: Option<SchemeEntry>,
    pub key: Option<SchemeEntry>,
    /// "DER" or "BER".
    pub encoding: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MacEntry {
    pub digest: String,
    pub iterations: Option<u64>,
    pub salt_bytes: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchemeEntry {
    /// e.g. "PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC)", or "none".
    pub scheme: String,
    pub iterations: Option<u64>,
}

/// What a certificate says of itself, in a file or a store (core's
/// `x509::CertSummary` as the contract writes it). Its members sit beside
/// the certificate's other members in the JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SummaryEntry {
    pub subject: String,
    pub issuer: String,
    /// Uppercase hex.
    pub serial: String,
    /// SHA-1 thumbprint, uppercase hex (Windows' 拇印).
    pub sha1: String,
    pub sha256: String,
    #[serde(with = "instant")]
    pub not_before: Option<DateTime<Utc>>,
    #[serde(with = "instant")]
    pub not_after: Option<DateTime<Utc>>,
    pub client_auth: Option<bool>,
}

/// A certificate in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertEntry {
    pub role: Option<Role>,
    #[serde(flatten)]
    pub summary: SummaryEntry,
    pub has_private_key: Option<bool>,
    pub is_ca: Option<bool>,
    pub self_signed: Option<bool>,
    pub friendly_name: Option<String>,
}

/// A validity in Japan time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidityEntry {
    pub status: Status,
    pub last_day: NaiveDate,
    pub renewal_opens: NaiveDate,
    pub days_left: i64,
    /// The JST date the certificate starts; unknown for a bare last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_day: Option<NaiveDate>,
}

/// The Windows certificate store's result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoreSection {
    pub candidates: Vec<CandidateEntry>,
}

/// A certificate found in a personal store.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CandidateEntry {
    #[serde(flatten)]
    pub summary: SummaryEntry,
    /// `CurrentUser\MY` or `LocalMachine\MY`.
    pub location: String,
    pub has_private_key: Option<bool>,
    pub key_usable_silently: Option<bool>,
    pub root_trusted: Option<bool>,
    pub root_location: Option<String>,
    pub chain_builds: Option<bool>,
    pub validity: Option<ValidityEntry>,
}

/// One office: the certificate it transmits with now (or next, or last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeEntry {
    pub name: String,
    pub subject: String,
    pub status: Status,
    pub last_day: NaiveDate,
    pub renewal_opens: NaiveDate,
    pub days_left: i64,
    /// `CurrentUser\MY`, `LocalMachine\MY` or `file`.
    pub location: String,
    pub key_usable: Option<bool>,
    pub root_trusted: Option<bool>,
    pub sha1: String,
    pub next_first_day: Option<NaiveDate>,
    pub next_last_day: Option<NaiveDate>,
    pub certificates: usize,
}

/// A finding as printed: its code and its texts in the document's language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingEntry {
    pub code: String,
    pub severity: Option<Severity>,
    pub title: String,
    pub message: String,
    pub guide: String,
    /// Technical words for whoever helps the office (added field; absent
    /// when a finding has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

impl FindingEntry {
    pub fn of(f: &Finding, lang: Lang) -> FindingEntry {
        let def = f.definition();
        FindingEntry {
            code: f.code.to_string(),
            severity: Some(f.severity),
            title: def.title(lang).to_string(),
            message: f.message(lang),
            guide: def.guide(),
            details: f.details(lang),
        }
    }
}

/// The machine a helpdesk report was made on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Environment {
    pub os: String,
    /// The machine's local time, RFC 3339 with its offset.
    pub local_time: String,
    pub time_zone: String,
}

impl Document {
    /// A document with the header every command has; the verdict follows
    /// from the findings.
    pub fn new(
        command: Command,
        at: DateTime<Utc>,
        subject: Subject,
        findings: &[Finding],
        lang: Lang,
    ) -> Document {
        let verdict = Verdict::of(findings);
        Document {
            certcheck_version: Some(env!("CARGO_PKG_VERSION").to_string()),
            command: Some(command),
            at: Some(at),
            verdict: Some(verdict),
            exit_code: Some(verdict.exit_code()),
            subject,
            store: None,
            offices: None,
            findings: findings.iter().map(|f| FindingEntry::of(f, lang)).collect(),
            environment: None,
        }
    }

    /// The exit status the document's verdict stands for.
    pub fn exit_status(&self) -> i32 {
        self.verdict.map_or(0, Verdict::exit_code)
    }
}

/// Instants as RFC 3339 UTC to the second (`2027-01-31T14:59:59Z`), the
/// contract's form; null when unknown.
mod instant {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<DateTime<Utc>>::deserialize(d)
    }
}
