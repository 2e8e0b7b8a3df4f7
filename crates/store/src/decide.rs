//! Turns what was observed in the stores into candidates and findings.
//!
//! A pure function of observations and a time: this is where every store rule
//! lives, and it is tested on any platform.

use crate::facts::{KeyAccess, Location, Observed, OpenFailure, trust};
use crate::{Candidate, StoreReport};
use certcheck_core::findings::{Code, Finding};
use certcheck_core::policy::{self, Status};
use certcheck_core::relations::{self, Sighting};
use certcheck_core::{CertSummary, Thumbprint, office_table, summarize_certificate};
use chrono::{DateTime, Utc};

/// The observations of one run.
#[derive(Debug, Default)]
pub struct Observations {
    /// The selected certificates, with their key and chain facts.
    pub observed: Vec<Observed>,
    /// Asked-for thumbprints found in no personal store.
    pub missing: Vec<Thumbprint>,
    /// Stores that could not be opened.
    pub failures: Vec<OpenFailure>,
}

/// Decides candidates and findings.
pub fn decide(obs: &Observations, at: DateTime<Utc>) -> StoreReport {
    let mut findings = Vec::new();
    if let Some(f) = obs
        .failures
        .iter()
        .find(|f| f.location == Location::CurrentUserMy)
    {
        findings.push(unavailable(
            Code::StoreUnavailable,
            f.location.as_str(),
            f.code,
        ));
        return StoreReport {
            candidates: Vec::new(),
            offices: Vec::new(),
            findings,
        };
    }
    for f in &obs.failures {
        findings.push(unavailable(
            Code::StorePartlyUnavailable,
            f.location.as_str(),
            f.code,
        ));
    }
    for t in &obs.missing {
        findings.push(
            Finding::new(Code::StoreNotInstalled)
                .with_detail(format!("拇印 {t}"), format!("thumbprint {t}")),
        );
    }

    let mut user: Vec<Seen> = Vec::new();
    let mut candidates = Vec::new();
    let mut members = Vec::new();
    for o in &obs.observed {
        let info = match summarize_certificate(&o.listed.der) {
            Ok(info) => info,
            Err(e) => {
                findings.push(
                    Finding::new(Code::StorePartlyUnavailable)
                        .with_detail(
                            format!("{} の証明書を読めません", o.listed.location.as_str()),
                            format!(
                                "a certificate in {} is unreadable",
                                o.listed.location.as_str()
                            ),
                        )
                        .with_technical(e.to_string()),
                );
                continue;
            }
        };
        let cand = candidate(info, o, at);
        members.push(cand.sighting());
        if o.listed.location == Location::CurrentUserMy {
            user.push((cand.clone(), o.key));
        } else {
            let (ja, en) = describe(&cand.cert);
            findings.push(Finding::new(Code::StoreInLocalMachine).with_detail(ja, en));
        }
        candidates.push(cand);
    }

    if candidates.is_empty() && obs.missing.is_empty() {
        findings.push(Finding::new(Code::StoreNotInstalled));
    }
    // An agent's PC holds one certificate per office: every rule about this
    // user's certificates applies within one office.
    let mut offices: Vec<Vec<&Seen>> = Vec::new();
    for seen in &user {
        match offices
            .iter_mut()
            .find(|g| g[0].0.cert.office.key == seen.0.cert.office.key)
        {
            Some(g) => g.push(seen),
            None => offices.push(vec![seen]),
        }
    }
    for office in &offices {
        findings.extend(user_findings(office, at));
    }
    StoreReport {
        offices: office_table(&members, at),
        candidates,
        findings,
    }
}

fn unavailable(code: Code, location: &str, error: u32) -> Finding {
    Finding::new(code).with_detail(
        format!("{location}、エラー 0x{error:08X}"),
        format!("{location}, error 0x{error:08X}"),
    )
}

fn candidate(cert: CertSummary, o: &Observed, at: DateTime<Utc>) -> Candidate {
    let chain = o.chain.as_ref().ok();
    let root_location = chain.and_then(|c| c.root_location);
    Candidate {
        validity: policy::evaluate(cert.not_before, cert.not_after, at),
        cert,
        location: o.listed.location,
        has_private_key: matches!(
            o.key,
            KeyAccess::Usable | KeyAccess::NeedsPrompt | KeyAccess::Failed(_)
        ),
        key_usable_silently: match o.key {
            KeyAccess::NoKey | KeyAccess::Missing => None,
            KeyAccess::Usable => Some(true),
            KeyAccess::NeedsPrompt | KeyAccess::Failed(_) => Some(false),
        },
        // A root found in a Root store, or one the chain engine trusts from a
        // store we do not open (group policy, enterprise), both count.
        root_trusted: chain.map(|c| {
            root_location.is_some()
                || c.error_status & (trust::IS_UNTRUSTED_ROOT | trust::IS_PARTIAL_CHAIN) == 0
        }),
        root_location,
        chain_builds: chain.map(|c| c.error_status & trust::BREAKS_CHAIN == 0),
    }
}

/// A certificate in CurrentUser MY with what was seen of its key.
type Seen = (Candidate, KeyAccess);

/// The findings about one office's certificates in CurrentUser MY, the ones that count.
fn user_findings(user: &[&Seen], at: DateTime<Utc>) -> Vec<Finding> {
    let status = |c: &Candidate| c.validity.status;
    let current: Vec<&Seen> = user
        .iter()
        .copied()
        .filter(|(c, _)| matches!(status(c), Status::Valid | Status::RenewalOpen))
        .collect();
    let waiting: Vec<&Seen> = user
        .iter()
        .copied()
        .filter(|(c, _)| status(c) == Status::NotYetValid)
        .collect();
    let expired: Vec<&Seen> = user
        .iter()
        .copied()
        .filter(|(c, _)| status(c) == Status::Expired)
        .collect();

    let mut out = Vec::new();
    let mut good = Vec::new();
    // Expired ones are not checked further: they no longer matter for sending.
    for (c, key) in current.iter().chain(&waiting) {
        let problems = problems(c, *key);
        if problems.is_empty() && current.iter().any(|(o, _)| o.cert.sha1 == c.cert.sha1) {
            good.push(&c.cert);
        }
        out.extend(problems);
    }

    if current.len() >= 2 {
        let (ja, en) = list(&current);
        out.push(Finding::new(Code::StoreSeveralValid).with_detail(ja, en));
    }
    // The renewals still ahead: from a live certificate to one that has not
    // started yet (two valid ones overlap: several_valid says what that means).
    let live: Vec<Sighting> = current
        .iter()
        .chain(&waiting)
        .map(|(c, _)| c.sighting())
        .collect();
    let live_refs: Vec<&Sighting> = live.iter().collect();
    for s in relations::successions(&live_refs, at) {
        if s.new.cert.not_before > at {
            out.push(relations::succession_finding(&s));
        }
    }
    // Every live certificate of the office is in its renewal window and no
    // renewed one is installed: the same advice as a file in its window
    // (apply now), or the store check would say 問題なし two months before
    // nothing can be sent. Doctor leaves this to the files it checks
    // (relations::store_findings_beside_files).
    if waiting.is_empty()
        && !current.is_empty()
        && current
            .iter()
            .all(|(c, _)| status(c) == Status::RenewalOpen)
    {
        for (c, _) in &current {
            let (ja, en) = describe(&c.cert);
            let opens = c.validity.renewal_opens;
            out.push(Finding::new(Code::CertRenewalOpen).with_detail(
                format!("{ja}、更新を始める目安の日 {opens}"),
                format!("{en}, renewal opens {opens}"),
            ));
        }
    }
    if !waiting.is_empty() {
        let code = if current.is_empty() {
            Code::StoreOnlyNotYetValid
        } else {
            Code::StoreRenewedWaiting
        };
        for (c, _) in &waiting {
            let (ja, en) = describe(&c.cert);
            let first = c.validity.first_day;
            out.push(Finding::new(code).with_detail(
                format!("{ja}、{first} から有効"),
                format!("{en}, valid from {first}"),
            ));
        }
    }
    let code = if current.is_empty() && waiting.is_empty() {
        Code::StoreOnlyExpired
    } else {
        Code::StoreExpiredLeftover
    };
    for (c, _) in &expired {
        let (ja, en) = describe(&c.cert);
        out.push(Finding::new(code).with_detail(ja, en));
    }
    for info in good {
        let (ja, en) = describe(info);
        out.push(Finding::new(Code::StoreInstalled).with_detail(ja, en));
    }
    out
}

/// What stops one live certificate in CurrentUser MY from being used.
fn problems(c: &Candidate, key: KeyAccess) -> Vec<Finding> {
    let (ja, en) = describe(&c.cert);
    let mut out = Vec::new();
    match key {
        KeyAccess::Usable => {}
        KeyAccess::NoKey | KeyAccess::Missing => {
            out.push(Finding::new(Code::StoreNoPrivateKey).with_detail(&ja, &en))
        }
        KeyAccess::NeedsPrompt => {
            out.push(Finding::new(Code::StoreKeyNeedsPrompt).with_detail(&ja, &en))
        }
        KeyAccess::Failed(code) => out.push(Finding::new(Code::StoreKeyUnusable).with_detail(
            format!("{ja}、エラー 0x{code:08X}"),
            format!("{en}, error 0x{code:08X}"),
        )),
    }
    match (c.root_trusted, c.chain_builds) {
        (Some(false), _) => out.push(Finding::new(Code::StoreRootMissing).with_detail(
            format!("{ja}、発行元 {}", c.cert.issuer),
            format!("{en}, issuer {}", c.cert.issuer),
        )),
        (Some(true), Some(true)) => {}
        _ => out.push(Finding::new(Code::StoreChainIncomplete).with_detail(&ja, &en)),
    }
    out
}

/// The case's facts for a message: subject, thumbprint, last day.
fn describe(info: &CertSummary) -> (String, String) {
    let last = policy::last_day(info.not_after);
    let sha1 = info.sha1;
    (
        format!("{}、拇印 {sha1}、有効期間の終了日 {last}", info.subject),
        format!("{}, thumbprint {sha1}, last day {last}", info.subject),
    )
}

fn list(certs: &[&Seen]) -> (String, String) {
    let parts: Vec<(String, String)> = certs.iter().map(|(c, _)| describe(&c.cert)).collect();
    let ja = parts
        .iter()
        .map(|p| p.0.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    let en = parts
        .iter()
        .map(|p| p.1.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    (ja, en)
}
