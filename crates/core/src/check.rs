//! The file check: bytes, a password and a moment in, a report with findings out.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::Digest;

use crate::findings::{self, Finding, Verdict};
use crate::pkcs12::{self, Budget, OpenError, OpenOptions, PasswordOutcome, Protection};
use crate::policy::{self, Status, Validity};
use crate::sniff::{self, Kind};
use crate::x509::{self, CertInfo, Chain};

/// The file as read by the caller.
#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    pub path: String,
    pub bytes: u64,
    /// SHA-256 of the whole file, lowercase hex; None when it could not be read whole.
    pub sha256: Option<String>,
}

/// The result of checking one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub file: FileInfo,
    pub password: PasswordOutcome,
    pub protection: Option<Protection>,
    pub certificates: Vec<CertInfo>,
    pub chain: Option<Chain>,
    /// The client certificate's validity.
    pub validity: Option<Validity>,
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

impl FileReport {
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings)
    }

    /// The client certificate, if one was found.
    pub fn client(&self) -> Option<&CertInfo> {
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
    /// It could not be read; the message is the OS's.
    Failed(String),
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
    let data = match read {
        Read::Bytes { data, .. } => Some(data),
        Read::Failed(_) => None,
    };
    let mut report = check_within(path, read, password, options, budget);
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
    let (data, total_len) = match read {
        Read::Bytes { data, total_len } => (data, total_len),
        Read::Failed(reason) => {
            let mut r = empty_report(path, 0, None);
            r.findings
                .push(Finding::new("file.unreadable").with_detail(reason.clone(), reason));
            return r;
        }
    };
    let whole = data.len() as u64 == total_len;
    let sha = whole.then(|| hex_lower(&sha2::Sha256::digest(data)));
    let mut report = empty_report(path, total_len, sha);

    let kind = sniff::classify(data, total_len);
    let early = match kind {
        Kind::Empty => Some(Finding::new("file.empty")),
        Kind::TooLarge => Some(Finding::new("file.too_large").with_detail(
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
        Kind::Html => Some(Finding::new("file.html")),
        Kind::Pem => Some(Finding::new("file.pem")),
        Kind::Zip => Some(Finding::new("file.zip")),
        Kind::Truncated => Some(Finding::new("file.truncated")),
        Kind::Base64 => Some(Finding::new("file.not_pkcs12").with_detail(
            "中身は Base64 のテキストです。元の .p12 / .pfx ファイルが必要です",
            "the content is Base64 text; the original .p12/.pfx file is needed",
        )),
        Kind::Other => Some(Finding::new("file.not_pkcs12")),
        Kind::Asn1 => None,
    };
    if let Some(f) = early {
        report.findings.push(f);
        return report;
    }

    match pkcs12::open_within(data, password, options.open, budget) {
        Ok(contents) => {
            report.password = contents.password;
            report.protection = Some(contents.protection.clone());
            // Order within a severity is what the reader sees first: validity, password, protection.
            add_inventory(&contents, options.at, &mut report);
            match contents.password {
                PasswordOutcome::NotNeeded => {
                    report.findings.push(Finding::new("password.not_needed"))
                }
                PasswordOutcome::Correct => report.findings.push(Finding::new("password.correct")),
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

fn empty_report(path: &str, bytes: u64, sha256: Option<String>) -> FileReport {
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

fn hex_lower(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn describe_protection(p: &Protection, out: &mut Vec<Finding>) {
    if p.mac.is_none() {
        out.push(Finding::new("p12.no_mac"));
    }
    if p.uses_aes() {
        out.push(Finding::new("p12.aes_old_windows"));
    }
    if p.uses_legacy() {
        out.push(Finding::new("p12.legacy_algorithms"));
    }
    if p.encoding == "BER" {
        out.push(Finding::new("p12.ber_encoding"));
    }
}

fn open_failed(e: OpenError, data: &[u8], report: &mut FileReport) {
    let f = match e {
        OpenError::Truncated => Finding::new("file.truncated"),
        OpenError::TooComplex(why) => Finding::new("p12.too_complex").with_detail(why.clone(), why),
        OpenError::NotPkcs12(_) if x509::is_certificate(data) => Finding::new("file.not_pkcs12")
            .with_detail(
                "証明書だけのファイル（.cer / .crt）で、秘密鍵が入っていません",
                "this is a certificate alone (.cer/.crt), without the private key",
            ),
        OpenError::NotPkcs12(why) => Finding::new("file.not_pkcs12").with_detail(why.clone(), why),
        OpenError::WrongPassword(p) => {
            report.password = PasswordOutcome::Wrong;
            report.protection = Some(*p);
            Finding::new("password.wrong")
        }
        OpenError::PasswordNeeded(p) => {
            report.protection = Some(*p);
            Finding::new("password.needed")
        }
        OpenError::Damaged(p, why, password) => {
            report.password = password;
            report.protection = Some(*p);
            // "Damaged, the password is right" only when that was proven.
            let code = if password == PasswordOutcome::Correct {
                "p12.damaged"
            } else {
                "p12.malformed"
            };
            Finding::new(code).with_detail(why.clone(), why)
        }
        OpenError::Unsupported(p, alg) => {
            report.protection = Some(*p);
            Finding::new("p12.unsupported_algorithm").with_detail(alg.clone(), alg)
        }
        OpenError::ExcessiveIterations(p, n, max) => {
            report.protection = Some(*p);
            Finding::new("p12.excessive_iterations").with_detail(
                format!("回数 {n}、上限 {max}"),
                format!("count {n}, limit {max}"),
            )
        }
        OpenError::ExcessiveWork(p, needed, limit) => {
            report.protection = Some(*p);
            Finding::new("p12.excessive_work").with_detail(
                format!("必要な計算 {needed} 回、上限 {limit} 回"),
                format!("{needed} rounds needed, limit {limit}"),
            )
        }
        OpenError::OutOfTime(p) => {
            report.protection = Some(*p);
            Finding::new("p12.excessive_work").with_detail(
                "時間内に確認が終わりませんでした",
                "the check did not finish in the time allowed",
            )
        }
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
        out.push(Finding::new("p12.no_certificate"));
    }
    if inv.inconsistent_keys > 0 {
        let code = if contents.password == PasswordOutcome::Correct {
            "p12.damaged"
        } else {
            "p12.malformed"
        };
        out.push(Finding::new(code).with_detail(
            "秘密鍵の中身が壊れています（鍵の値どうしが合いません）",
            "the private key is corrupt (its components do not agree)",
        ));
    }
    if inv.keys == 0 {
        out.push(Finding::new("p12.no_private_key"));
    } else if inv.client.is_none() && !inv.certificates.is_empty() {
        out.push(Finding::new("p12.key_mismatch"));
    } else if inv.keys > 1 {
        out.push(Finding::new("p12.several_keys"));
    }
    for what in &inv.uncompared {
        out.push(
            Finding::new("p12.key_not_compared")
                .with_detail(format!("鍵の種類: {what}"), format!("key type: {what}")),
        );
    }

    if let Some(c) = inv.client.map(|i| &inv.certificates[i]) {
        let v = policy::evaluate(c.not_before, c.not_after, at);
        if c.not_before > c.not_after {
            // No moment is inside such a period: not "not yet valid", but broken.
            out.push(Finding::new("cert.invalid_period").with_detail(
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
            out.push(Finding::new("cert.not_client_auth"));
        }
        match &inv.chain {
            Chain::Verified { .. } | Chain::NoClient => {}
            Chain::IssuerMissing => out.push(Finding::new("cert.chain_unverified").with_detail(
                "ファイルに発行元の証明書が入っていません",
                "the issuing CA certificate is not in the file",
            )),
            Chain::SignatureInvalid => out.push(Finding::new("cert.chain_unverified").with_detail(
                "発行元の証明書の署名と一致しません",
                "the signature does not verify with the issuing CA certificate",
            )),
            Chain::Unsupported { algorithm } => {
                out.push(Finding::new("cert.chain_unverified").with_detail(
                    format!("署名方式 {algorithm} は確認できません"),
                    format!("signature algorithm {algorithm} cannot be checked"),
                ))
            }
        }
        report.validity = Some(v);
    } else if let Some(c) = inv.certificates.first() {
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
            "最終日 {}、更新開始日 {}、残り {} 日",
            v.last_day, v.renewal_opens, v.days_left
        ),
        format!(
            "last day {}, renewal opens {}, {} days left",
            v.last_day, v.renewal_opens, v.days_left
        ),
    );
    let code = match v.status {
        Status::NotYetValid => {
            return Finding::new("cert.not_yet_valid").with_detail(
                format!("有効期間の開始日 {}、最終日 {}", v.first_day, v.last_day),
                format!("valid from {}, last day {}", v.first_day, v.last_day),
            );
        }
        Status::Valid => "cert.valid",
        Status::RenewalOpen => "cert.renewal_open",
        Status::Expired => "cert.expired",
    };
    Finding::new(code).with_detail(ja, en)
}
