//! The file check: bytes, a password and a moment in, a report with findings out.

use chrono::{DateTime, Utc};
use sha2::Digest;

use crate::hex::Hex;

use crate::findings::{self, Code, Finding, Lang, Verdict};
use crate::pkcs12::{
    self, Budget, Derived, Failure, OpenError, OpenOptions, PasswordOutcome, Protection,
};
use crate::policy::{self, Status, Validity};
use crate::sniff::{self, Kind};
use crate::x509::{self, Chain, FileCert};

/// The file as read by the caller.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: String,
    pub bytes: u64,
    /// SHA-256 of the whole file, lowercase hex; None when it could not be read whole.
    pub sha256: Option<String>,
}

/// The result of checking one file (printed through crates/report's document).
#[derive(Debug, Clone)]
pub struct FileReport {
    pub file: FileInfo,
    pub password: PasswordOutcome,
    pub protection: Option<Protection>,
    pub certificates: Vec<FileCert>,
    pub chain: Option<Chain>,
    /// The client certificate's validity.
    pub validity: Option<Validity>,
    pub findings: Vec<Finding>,
}

impl FileReport {
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings)
    }

    /// The client certificate, if one was found.
    pub fn client(&self) -> Option<&FileCert> {
        self.certificates
            .iter()
            .find(|c| c.role == x509::Role::Client)
    }
}

/// How to check.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    pub at: DateTime<Utc>,
    pub open: OpenOptions,
}

/// The outcome of reading a file at the edge (the CLI does the I/O). The
/// bytes are borrowed: the caller keeps them (for the slip search, say).
pub enum Read<'a> {
    /// The file's first bytes (up to the size limit + 1) and its real length.
    Bytes { data: &'a [u8], total_len: u64 },
    /// It could not be read: the reason in words, and the OS's own text
    /// (kept for the technical details line).
    Failed {
        reason: crate::io_reason::IoReason,
        os_text: String,
    },
}

/// Checks a file's bytes, within the options' work budget and no deadline.
pub fn check(
    path: &str,
    read: Read<'_>,
    password: Option<&str>,
    options: CheckOptions,
) -> FileReport {
    let budget = Budget::new(options.open.max_work, None);
    check_within(path, read, password, options, &budget)
}

/// How long to look for a keyboard slip behind a wrong password.
pub const SLIP_SEARCH_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The file check as `certcheck check` and the guide's page run it: the
/// check within `budget`, then, for a wrong password, a look for the usual
/// keyboard slip (Caps Lock, full-width, ...) with what is left of the budget.
pub fn check_with_slip_search(
    path: &str,
    read: Read<'_>,
    password: Option<&str>,
    options: CheckOptions,
    budget: &Budget,
) -> FileReport {
    check_with_slip_search_given(path, read, password, options, budget, Vec::new())
}

/// How many key derivations checking `data` runs side by side first
/// (`pkcs12::ahead_count`); 0 for a file the check does not open.
pub fn ahead_count(
    data: &[u8],
    total_len: u64,
    password: Option<&str>,
    options: CheckOptions,
) -> usize {
    match sniff::classify(data, total_len) {
        Kind::Asn1 => pkcs12::ahead_count(data, password, options.open),
        _ => 0,
    }
}

/// `check_with_slip_search` with the results of the first batch derived by
/// other workers (the page's): see `pkcs12::open_within_given`.
pub fn check_with_slip_search_given(
    path: &str,
    read: Read<'_>,
    password: Option<&str>,
    options: CheckOptions,
    budget: &Budget,
    given: Vec<(usize, Derived)>,
) -> FileReport {
    let data = match read {
        Read::Bytes { data, .. } => Some(data),
        Read::Failed { .. } => None,
    };
    let mut report = check_within_given(path, read, password, options, budget, given);
    if let (PasswordOutcome::Wrong, Some(pw), Some(data)) = (report.password, password, data)
        && let Some(slip) =
            crate::typo::find_slip(data, pw, options.open, budget, SLIP_SEARCH_LIMIT)
    {
        report.findings.push(slip);
    }
    report
}

/// Checks a file's bytes, paying key derivations from `budget` (whose
/// remainder the caller may spend on the slip search).
pub fn check_within(
    path: &str,
    read: Read<'_>,
    password: Option<&str>,
    options: CheckOptions,
    budget: &Budget,
) -> FileReport {
    check_within_given(path, read, password, options, budget, Vec::new())
}

fn check_within_given(
    path: &str,
    read: Read<'_>,
    password: Option<&str>,
    options: CheckOptions,
    budget: &Budget,
    given: Vec<(usize, Derived)>,
) -> FileReport {
    let (data, total_len) = match read {
        Read::Bytes { data, total_len } => (data, total_len),
        Read::Failed { reason, os_text } => {
            let mut r = empty_report(path, 0, None);
            r.findings.push(
                Finding::new(Code::FileUnreadable)
                    .with_detail(reason.text(Lang::Ja), reason.text(Lang::En))
                    .with_technical(os_text),
            );
            return r;
        }
    };
    let whole = data.len() as u64 == total_len;
    let sha = whole.then(|| format!("{:x}", Hex(&sha2::Sha256::digest(data))));
    let mut report = empty_report(path, total_len, sha);

    let kind = sniff::classify(data, total_len);
    let early = match kind {
        Kind::Empty => Some(Finding::new(Code::FileEmpty)),
        Kind::TooLarge => Some(Finding::new(Code::FileTooLarge).with_detail(
            format!(
                "{} バイト（上限 {} バイト）",
                total_len,
                sniff::MAX_FILE_BYTES
            ),
            format!(
                "{} bytes (limit {} bytes)",
                total_len,
                sniff::MAX_FILE_BYTES
            ),
        )),
        Kind::Html => Some(Finding::new(Code::FileHtml)),
        Kind::Pem => Some(Finding::new(Code::FilePem)),
        Kind::Zip => Some(Finding::new(Code::FileZip)),
        Kind::Truncated => Some(Finding::new(Code::FileTruncated)),
        Kind::Base64 => Some(Finding::new(Code::FileNotPkcs12).with_detail(
            "中身は Base64 のテキストです。元の .p12 / .pfx ファイルが必要です",
            "the content is Base64 text; the original .p12/.pfx file is needed",
        )),
        Kind::Other => Some(Finding::new(Code::FileNotPkcs12)),
        Kind::Asn1 => None,
    };
    if let Some(f) = early {
        report.findings.push(f);
        return report;
    }

    match pkcs12::open_within_given(data, password, options.open, budget, given) {
        Ok(contents) => {
            report.password = contents.password;
            report.protection = Some(contents.protection.clone());
            // Order within a severity is what the reader sees first: validity, password, protection.
            add_inventory(&contents, options.at, &mut report);
            match contents.password {
                PasswordOutcome::NotNeeded => {
                    report.findings.push(Finding::new(Code::PasswordNotNeeded))
                }
                PasswordOutcome::Correct => {
                    report.findings.push(Finding::new(Code::PasswordCorrect))
                }
                // Opened without proof either way: say nothing about the password.
                PasswordOutcome::Wrong | PasswordOutcome::Unknown => {}
            }
            describe_protection(&contents.protection, &mut report.findings);
        }
        Err(e) => open_failed(e, data, &mut report),
    }
    findings::sort_by_priority(&mut report.findings);
    report
}

pub(crate) fn empty_report(path: &str, bytes: u64, sha256: Option<String>) -> FileReport {
    FileReport {
        file: FileInfo {
            path: path.to_string(),
            bytes,
            sha256,
        },
        password: PasswordOutcome::Unknown,
        protection: None,
        certificates: Vec::new(),
        chain: None,
        validity: None,
        findings: Vec::new(),
    }
}

fn describe_protection(p: &Protection, out: &mut Vec<Finding>) {
    if p.mac.is_none() {
        out.push(Finding::new(Code::P12NoMac));
    }
    if p.uses_aes() {
        out.push(Finding::new(Code::P12AesOldWindows));
    }
    if p.uses_legacy() {
        out.push(Finding::new(Code::P12LegacyAlgorithms));
    }
    if p.encoding == pkcs12::Encoding::Ber {
        out.push(Finding::new(Code::P12BerEncoding));
    }
}

fn open_failed(e: OpenError, data: &[u8], report: &mut FileReport) {
    let failure = match e {
        OpenError::Truncated => return report.findings.push(Finding::new(Code::FileTruncated)),
        OpenError::TooComplex { why } => {
            let f = Finding::new(Code::P12TooComplex).with_technical(why);
            return report.findings.push(f);
        }
        OpenError::NotPkcs12 { .. } if x509::is_certificate(data) => {
            let f = Finding::new(Code::FileNotPkcs12).with_detail(
                "証明書だけのファイル（.cer / .crt）で、秘密鍵が入っていません",
                "this is a certificate alone (.cer/.crt), without the private key",
            );
            return report.findings.push(f);
        }
        OpenError::NotPkcs12 { why } => {
            let f = Finding::new(Code::FileNotPkcs12).with_technical(why);
            return report.findings.push(f);
        }
        OpenError::Failed {
            protection,
            failure,
        } => {
            report.protection = Some(*protection);
            failure
        }
    };
    let f = match failure {
        Failure::WrongPassword => {
            report.password = PasswordOutcome::Wrong;
            Finding::new(Code::PasswordWrong)
        }
        Failure::PasswordNeeded => Finding::new(Code::PasswordNeeded),
        Failure::Damaged { why, password } => {
            report.password = password;
            // "Damaged, the password is right" only when that was proven.
            let code = if password == PasswordOutcome::Correct {
                Code::P12Damaged
            } else {
                Code::P12Malformed
            };
            // The parser's words are for whoever helps, not for the message.
            Finding::new(code).with_technical(why)
        }
        Failure::Unsupported { algorithm } => {
            Finding::new(Code::P12UnsupportedAlgorithm).with_technical(algorithm)
        }
        Failure::ExcessiveIterations { found, limit } => Finding::new(Code::P12ExcessiveIterations)
            .with_detail(
                format!("回数 {found}、上限 {limit}"),
                format!("count {found}, limit {limit}"),
            ),
        Failure::ExcessiveWork { needed, limit } => Finding::new(Code::P12ExcessiveWork)
            .with_detail(
                format!("必要な計算 {needed} 回、上限 {limit} 回"),
                format!("{needed} rounds needed, limit {limit}"),
            ),
        Failure::OutOfTime => Finding::new(Code::P12ExcessiveWork).with_detail(
            "時間内に確認が終わりませんでした",
            "the check did not finish in the time allowed",
        ),
    };
    report.findings.push(f);
}

fn add_inventory(contents: &pkcs12::Contents, at: DateTime<Utc>, report: &mut FileReport) {
    let certs: Vec<x509::Item<'_>> = contents
        .certificates
        .iter()
        .map(|(der, attrs)| x509::Item {
            der: der.as_slice(),
            friendly_name: attrs.friendly_name.as_deref(),
            local_key_id: attrs.local_key_id.as_deref(),
        })
        .collect();
    let keys: Vec<x509::Item<'_>> = contents
        .keys
        .iter()
        .map(|(k, attrs)| x509::Item {
            der: k.as_slice(),
            friendly_name: None,
            local_key_id: attrs.local_key_id.as_deref(),
        })
        .collect();
    let inv = x509::inventory(&certs, &keys);
    let out = &mut report.findings;

    if inv.certificates.is_empty() {
        out.push(Finding::new(Code::P12NoCertificate));
    }
    if inv.inconsistent_keys > 0 {
        let code = if contents.password == PasswordOutcome::Correct {
            Code::P12Damaged
        } else {
            Code::P12Malformed
        };
        out.push(Finding::new(code).with_detail(
            "秘密鍵の中身が壊れています（鍵の値どうしが合いません）",
            "the private key is corrupt (its components do not agree)",
        ));
    }
    if inv.keys == 0 {
        out.push(Finding::new(Code::P12NoPrivateKey));
    } else if inv.client.is_none() && !inv.certificates.is_empty() {
        out.push(Finding::new(Code::P12KeyMismatch));
    } else if inv.keys > 1 {
        out.push(Finding::new(Code::P12SeveralKeys));
    }
    for what in &inv.uncompared {
        out.push(
            Finding::new(Code::P12KeyNotCompared)
                .with_detail(format!("鍵の種類: {what}"), format!("key type: {what}")),
        );
    }

    if let Some(c) = inv.client.map(|i| &inv.certificates[i].summary) {
        let v = policy::evaluate(c.not_before, c.not_after, at);
        if c.not_before > c.not_after {
            // No moment is inside such a period: not "not yet valid", but broken.
            out.push(Finding::new(Code::CertInvalidPeriod).with_detail(
                format!(
                    "開始 {}、終了 {}",
                    policy::jst_text(c.not_before),
                    policy::jst_text(c.not_after)
                ),
                format!(
                    "starts {}, ends {}",
                    policy::jst_text(c.not_before),
                    policy::jst_text(c.not_after)
                ),
            ));
        } else {
            out.push(validity_finding(&v));
        }
        if !c.client_auth {
            out.push(Finding::new(Code::CertNotClientAuth));
        }
        match &inv.chain {
            Chain::Verified { .. } | Chain::NoClient => {}
            Chain::IssuerMissing => out.push(Finding::new(Code::CertChainUnverified).with_detail(
                "ファイルに発行元の証明書が入っていません",
                "the issuing CA certificate is not in the file",
            )),
            Chain::SignatureInvalid => {
                out.push(Finding::new(Code::CertChainUnverified).with_detail(
                    "発行元の証明書の署名と一致しません",
                    "the signature does not verify with the issuing CA certificate",
                ))
            }
            Chain::Unsupported { algorithm } => {
                out.push(Finding::new(Code::CertChainUnverified).with_detail(
                    format!("署名方式 {algorithm} は確認できません"),
                    format!("signature algorithm {algorithm} cannot be checked"),
                ))
            }
        }
        report.validity = Some(v);
    } else if let Some(c) = inv.certificates.first().map(|c| &c.summary) {
        // No key: still say whether the (only) certificate is in date.
        report.validity = Some(policy::evaluate(c.not_before, c.not_after, at));
    }
    report.chain = Some(inv.chain.clone());
    report.certificates = inv.certificates;
}

/// The finding that states a validity.
pub fn validity_finding(v: &Validity) -> Finding {
    let (ja, en) = (
        format!(
            "有効期間の終了日 {}、更新を始める目安の日 {}、残り {} 日",
            v.last_day, v.renewal_opens, v.days_left
        ),
        format!(
            "last day {}, renewal opens {}, {} days left",
            v.last_day, v.renewal_opens, v.days_left
        ),
    );
    let code = match v.status {
        Status::NotYetValid => {
            return Finding::new(Code::CertNotYetValid).with_detail(
                format!("有効期間の開始日 {}、終了日 {}", v.first_day, v.last_day),
                format!("valid from {}, last day {}", v.first_day, v.last_day),
            );
        }
        Status::Valid => Code::CertValid,
        Status::RenewalOpen => Code::CertRenewalOpen,
        Status::Expired => Code::CertExpired,
    };
    Finding::new(code).with_detail(ja, en)
}
