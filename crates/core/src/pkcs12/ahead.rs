//! Key derivations run ahead of the decision, side by side.
//!
//! Opening decides step by step: the MAC with each password in turn, then the
//! decryptions, one derivation at a time. Much of what it will need is known
//! before the first step (the MAC and every visible part, with the password
//! given), so a `Deriver` runs such a batch on the cores and keeps the
//! results, and each step takes its result from there instead of deriving
//! again. A result is a pure function of its inputs (scheme, salt, password,
//! bytes), so a step gets exactly what it would have derived: the decisions
//! are those of the one-at-a-time path, which is this code without batches.
//!
//! Without threads (WebAssembly in a page), the page's own Web Workers can
//! run the first batch: each derives one job (`open::derive_ahead`) and hands
//! back a `Derived`, which the opening worker keeps as its batch's results
//! (`open::open_within_given`). The batch and the decisions stay here.

use std::cell::RefCell;

use zeroize::Zeroizing;

use super::algorithms::{HashAlg, Pbe};
use super::budget::{Budget, Exhausted};
use super::mac;
use super::pbe::{self, DecryptError};
use super::structure::{MacData, Pfx};

/// Below this many rounds off the calling thread (about 0.1 ms of hashing),
/// a thread costs more than it saves.
const WORTH_A_THREAD: u64 = 1_000;

/// What a decryption gives: the plaintext, or a failed padding.
pub(super) type Plain = Result<Zeroizing<Vec<u8>>, DecryptError>;

/// One derivation (and the cheap step after it) a batch can run.
pub(super) enum Job<'j> {
    Mac {
        pfx: &'j Pfx<'j>,
        mac: &'j MacData,
        hash: HashAlg,
        password: Option<&'j str>,
    },
    Decrypt {
        pbe: &'j Pbe,
        data: &'j [u8],
        password: Option<&'j str>,
    },
}

impl Job<'_> {
    pub(super) fn cost(&self) -> u64 {
        match self {
            Job::Mac { mac: m, hash, .. } => match &m.pbmac1 {
                Some(Ok(p)) => mac::pbmac1_cost(p),
                _ => mac::cost(*hash, m.iterations),
            },
            Job::Decrypt { pbe: p, .. } => pbe::cost(p),
        }
    }
}

/// A job's result.
pub(super) enum Done {
    Mac(bool),
    Decrypt(Plain),
}

/// What a batch's decision rule sees: each job, and its result once known.
pub(super) type Results = [Option<Result<Done, Exhausted>>];

/// Whether running `costs` side by side pays: two jobs or more, and enough
/// work off the calling thread to pay for a thread (or a worker).
pub(super) fn worth_running_apart(costs: &[u64]) -> bool {
    let largest = costs.iter().copied().max().unwrap_or(0);
    let beside = costs
        .iter()
        .fold(0u64, |a, &c| a.saturating_add(c))
        .saturating_sub(largest);
    costs.len() >= 2 && beside >= WORTH_A_THREAD
}

/// One job's result derived by another worker of the page, and the rounds
/// it spent there (which the opening worker pays from its own budget, as a
/// thread pays from a branch of the shared one). As bytes it crosses between
/// workers; a decryption's plaintext is wiped when dropped.
pub struct Derived {
    done: Done,
    rounds: u64,
}

const MAC: u8 = b'M';
const DECRYPT: u8 = b'D';

impl Derived {
    /// `[M, ok]` or `[D, 0]` (bad padding) or `[D, 1, plaintext...]`, each
    /// after the rounds spent (u64, little-endian).
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(self.rounds.to_le_bytes().to_vec());
        match &self.done {
            Done::Mac(ok) => out.extend_from_slice(&[MAC, u8::from(*ok)]),
            Done::Decrypt(Err(DecryptError)) => out.extend_from_slice(&[DECRYPT, 0]),
            Done::Decrypt(Ok(plain)) => {
                out.extend_from_slice(&[DECRYPT, 1]);
                out.extend_from_slice(plain);
            }
        }
        out
    }

    /// The inverse of `to_bytes`; None for anything it does not make.
    pub fn from_bytes(bytes: &[u8]) -> Option<Derived> {
        let (rounds, rest) = bytes.split_first_chunk::<8>()?;
        let done = match rest {
            [MAC, ok @ (0 | 1)] => Done::Mac(*ok == 1),
            [DECRYPT, 0] => Done::Decrypt(Err(DecryptError)),
            [DECRYPT, 1, plain @ ..] => Done::Decrypt(Ok(Zeroizing::new(plain.to_vec()))),
            _ => return None,
        };
        Some(Derived {
            done,
            rounds: u64::from_le_bytes(*rounds),
        })
    }
}

/// Derives for one opening, from batches run ahead where it can.
pub(super) struct Deriver<'b> {
    pub budget: &'b Budget,
    workers: usize,
    macs: RefCell<Vec<(Option<Zeroizing<String>>, bool)>>,
    decryptions: RefCell<Vec<Decrypted>>,
}

struct Decrypted {
    pbe: Pbe,
    data: Vec<u8>,
    password: Option<Zeroizing<String>>,
    plain: Plain,
}

impl Decrypted {
    fn is(&self, pbe: &Pbe, password: Option<&str>, data: &[u8]) -> bool {
        self.pbe == *pbe
            && self.data == data
            && self.password.as_deref().map(String::as_str) == password
    }
}

fn owned(password: Option<&str>) -> Option<Zeroizing<String>> {
    password.map(|p| Zeroizing::new(p.to_string()))
}

impl<'b> Deriver<'b> {
    /// `workers` 1: every derivation when a step needs it, in order.
    pub fn new(budget: &'b Budget, workers: usize) -> Deriver<'b> {
        Deriver {
            budget,
            workers,
            macs: RefCell::new(Vec::new()),
            decryptions: RefCell::new(Vec::new()),
        }
    }

    /// Whether batches run at all.
    pub fn runs_ahead(&self) -> bool {
        self.workers > 1
    }

    /// Whether the MAC verifies with `password`.
    pub fn mac(
        &self,
        pfx: &Pfx<'_>,
        hash: HashAlg,
        m: &MacData,
        password: Option<&str>,
    ) -> Result<bool, Exhausted> {
        let known = self
            .macs
            .borrow()
            .iter()
            .find_map(|(p, ok)| (p.as_deref().map(String::as_str) == password).then_some(*ok));
        match known {
            Some(ok) => Ok(ok),
            None => verify_mac(pfx, hash, m, password, self.budget),
        }
    }

    /// `data` decrypted with the scheme and password.
    pub fn decrypt(
        &self,
        pbe: &Pbe,
        password: Option<&str>,
        data: &[u8],
    ) -> Result<Plain, Exhausted> {
        match self.known(pbe, password, data) {
            Some(plain) => Ok(plain),
            None => pbe::decrypt_within(pbe, password, data, self.budget),
        }
    }

    /// Whether a decryption's result is already at hand.
    pub fn has(&self, pbe: &Pbe, password: Option<&str>, data: &[u8]) -> bool {
        self.decryptions
            .borrow()
            .iter()
            .any(|d| d.is(pbe, password, data))
    }

    fn known(&self, pbe: &Pbe, password: Option<&str>, data: &[u8]) -> Option<Plain> {
        self.decryptions
            .borrow()
            .iter()
            .find(|d| d.is(pbe, password, data))
            .map(|d| d.plain.clone())
    }

    fn is_known(&self, job: &Job<'_>) -> bool {
        match job {
            Job::Mac { password, .. } => self
                .macs
                .borrow()
                .iter()
                .any(|(p, _)| p.as_deref().map(String::as_str) == *password),
            Job::Decrypt {
                pbe: p,
                data,
                password,
            } => self.has(p, *password, data),
        }
    }

    /// Runs the jobs not yet done side by side and keeps their results.
    /// `moot(jobs, results)` names the jobs (indices into `jobs` as passed
    /// here, minus those already done) whose results a result just in makes
    /// unneeded; they stop early. Nothing runs on one worker, or when the
    /// work off the calling thread would not pay for a thread: each step then
    /// derives when it needs to.
    pub fn ahead<'j>(
        &self,
        jobs: &[Job<'j>],
        moot: impl Fn(&[&Job<'j>], &Results) -> Vec<usize> + Sync,
    ) {
        let todo: Vec<&Job<'j>> = jobs.iter().filter(|j| !self.is_known(j)).collect();
        let costs: Vec<u64> = todo.iter().map(|j| j.cost()).collect();
        if !self.runs_ahead() || !worth_running_apart(&costs) {
            return;
        }
        let results = super::par::run(
            &todo,
            self.workers,
            self.budget,
            |job, budget| run(job, budget),
            |done| moot(&todo, done),
        );
        for (job, result) in todo.iter().zip(results) {
            // Out of work or time: the step that needs it finds out itself.
            if let Some(Ok(done)) = result {
                self.keep(job, done);
            }
        }
    }

    /// Keeps `job`'s result derived by another worker, paying the rounds it
    /// spent there. A result that does not fit the job, or the budget, is
    /// not kept: the step that needs it derives it here.
    pub fn keep_derived(&self, job: &Job<'_>, derived: Derived) {
        let fits = matches!(
            (job, &derived.done),
            (Job::Mac { .. }, Done::Mac(_)) | (Job::Decrypt { .. }, Done::Decrypt(_))
        );
        if fits && !self.is_known(job) && self.budget.spend(derived.rounds).is_ok() {
            self.keep(job, derived.done);
        }
    }

    fn keep(&self, job: &Job<'_>, done: Done) {
        match (job, done) {
            (Job::Mac { password, .. }, Done::Mac(ok)) => {
                self.macs.borrow_mut().push((owned(*password), ok));
            }
            (
                Job::Decrypt {
                    pbe: p,
                    data,
                    password,
                },
                Done::Decrypt(plain),
            ) => self.decryptions.borrow_mut().push(Decrypted {
                pbe: (*p).clone(),
                data: data.to_vec(),
                password: owned(*password),
                plain,
            }),
            _ => unreachable!("a job's result has its job's kind"),
        }
    }
}

/// The PBKDF2 derivation `job` starts with, for another implementation to
/// run (`derive_one_keyed` then takes its key); None for a MAC or PBES1.
pub(super) fn pbkdf2_of(job: &Job<'_>) -> Option<pbe::Pbkdf2Job> {
    match job {
        Job::Decrypt {
            pbe: p,
            data,
            password,
        } => pbe::pbkdf2_job(p, *password, data),
        Job::Mac { .. } => None,
    }
}

/// Runs a decryption job whose PBKDF2 key was derived elsewhere
/// (`pbkdf2_of`): the rounds paid and the result as `derive_one`'s. None
/// when the job takes no such key or `key` does not fit it.
pub(super) fn derive_one_keyed(
    job: &Job<'_>,
    key: &[u8],
    budget: &Budget,
) -> Option<Result<Derived, Exhausted>> {
    let Job::Decrypt { pbe: p, data, .. } = job else {
        return None;
    };
    let before = budget.spent();
    let plain = match pbe::decrypt_with_key(p, data, key, budget)? {
        Ok(plain) => plain,
        Err(e) => return Some(Err(e)),
    };
    Some(Ok(Derived {
        done: Done::Decrypt(plain),
        rounds: budget.spent() - before,
    }))
}

/// Runs one job alone within `budget` (another worker's part of a batch).
pub(super) fn derive_one(job: &Job<'_>, budget: &Budget) -> Result<Derived, Exhausted> {
    let before = budget.spent();
    let done = run(job, budget)?;
    Ok(Derived {
        done,
        rounds: budget.spent() - before,
    })
}

fn run(job: &Job<'_>, budget: &Budget) -> Result<Done, Exhausted> {
    match job {
        Job::Mac {
            pfx,
            mac: m,
            hash,
            password,
        } => verify_mac(pfx, *hash, m, *password, budget).map(Done::Mac),
        Job::Decrypt {
            pbe: p,
            data,
            password,
        } => pbe::decrypt_within(p, *password, data, budget).map(Done::Decrypt),
    }
}

fn verify_mac(
    pfx: &Pfx<'_>,
    hash: HashAlg,
    m: &MacData,
    password: Option<&str>,
    budget: &Budget,
) -> Result<bool, Exhausted> {
    if let Some(p) = &m.pbmac1 {
        return match p {
            Ok(p) => mac::verify_pbmac1_within(p, password, &pfx.auth_safe, &m.digest, budget),
            Err(_) => Ok(false),
        };
    }
    let iters = u32::try_from(m.iterations.max(1)).unwrap_or(u32::MAX);
    mac::verify_within(
        hash,
        password,
        (&m.salt, iters),
        &pfx.auth_safe,
        &m.digest,
        budget,
    )
}
