//! How much key-derivation work one file may cost, and until when.
//!
//! The per-derivation iteration ceiling alone does not bound a file: 250 bags
//! at the ceiling each cost minutes together. So every file gets one budget,
//! counted in rounds (one round = one hash compression; a PBKDF2 iteration is
//! two, and SHA-384/512 rounds count double because they are the slowest).
//! The opener plans its whole work before deriving anything and refuses a file
//! whose plan does not fit; the slip search spends what is left. A deadline
//! stops a derivation in flight, so a slow machine answers in time as well.
//! Derivations run side by side each get a branch of the file's budget: the
//! same rounds and deadline, plus a switch that stops that one derivation
//! once another has made its result moot.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use crate::clock::Instant;

use super::algorithms::HashAlg;

/// The default budget per file. Real producers need at most about 4.2 M rounds
/// (OpenSSL or Firefox at 600,000 iterations, wrong password: three MAC tries
/// and both parts): this is 7.6 times that, and about 2–3 s of hashing here.
pub const DEFAULT_MAX_WORK: u64 = 32_000_000;

/// How often a running derivation looks at the clock, in rounds.
pub const CHECK_EVERY: u32 = 4096;

/// Why a derivation did not run or stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Exhausted {
    #[error("the work budget is spent")]
    Work,
    #[error("the deadline has passed")]
    Time,
}

/// A file's remaining work and its deadline, shared between threads.
#[derive(Debug)]
pub struct Budget {
    shared: Arc<Shared>,
    /// Set by `cancel`: this branch alone stops at its next clock check.
    cancelled: AtomicBool,
}

/// What every branch of one file's budget shares.
#[derive(Debug)]
struct Shared {
    limit: u64,
    remaining: AtomicU64,
    start: Instant,
    /// Nanoseconds after `start`; u64::MAX for none, 0 once stopped.
    deadline_ns: AtomicU64,
}

impl Budget {
    pub fn new(limit: u64, deadline: Option<Instant>) -> Budget {
        let budget = Budget {
            shared: Arc::new(Shared {
                limit,
                remaining: AtomicU64::new(limit),
                start: Instant::now(),
                deadline_ns: AtomicU64::new(u64::MAX),
            }),
            cancelled: AtomicBool::new(false),
        };
        if let Some(d) = deadline {
            budget.tighten_deadline(d);
        }
        budget
    }

    /// A budget paying from the same rounds under the same deadline, that
    /// `cancel` stops without stopping this one.
    pub fn branch(&self) -> Budget {
        Budget {
            shared: Arc::clone(&self.shared),
            cancelled: AtomicBool::new(false),
        }
    }

    /// Stops derivations under this branch only (see `stop` for all).
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// No limit: for our own writer and for callers that bound work otherwise.
    pub fn unlimited() -> Budget {
        Budget::new(u64::MAX, None)
    }

    /// The budget this one started with.
    pub fn limit(&self) -> u64 {
        self.shared.limit
    }

    pub fn remaining(&self) -> u64 {
        self.shared.remaining.load(Ordering::Relaxed)
    }

    pub fn spent(&self) -> u64 {
        self.limit() - self.remaining()
    }

    /// Moves the deadline earlier (never later).
    pub fn tighten_deadline(&self, deadline: Instant) {
        let ns = deadline
            .checked_duration_since(self.shared.start)
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX - 1));
        self.shared.deadline_ns.fetch_min(ns, Ordering::Relaxed);
    }

    /// Stops every derivation under this budget and all its branches at
    /// their next clock check.
    pub fn stop(&self) {
        self.shared.deadline_ns.store(0, Ordering::Relaxed);
    }

    /// Fails once the deadline has passed (or `stop` or, for this branch,
    /// `cancel` was called).
    pub fn check_time(&self) -> Result<(), Exhausted> {
        if self.is_cancelled() {
            return Err(Exhausted::Time);
        }
        let deadline = self.shared.deadline_ns.load(Ordering::Relaxed);
        if deadline == u64::MAX {
            return Ok(());
        }
        let now = u64::try_from(self.shared.start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        if now >= deadline {
            Err(Exhausted::Time)
        } else {
            Ok(())
        }
    }

    /// Whether `cost` more rounds fit, without taking them.
    pub fn fits(&self, cost: u64) -> bool {
        cost <= self.remaining()
    }

    /// Takes `cost` rounds, or fails without taking anything.
    pub fn spend(&self, cost: u64) -> Result<(), Exhausted> {
        self.check_time()?;
        self.shared
            .remaining
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |r| {
                r.checked_sub(cost)
            })
            .map(drop)
            .map_err(|_| Exhausted::Work)
    }

    /// Time left before the deadline, if there is one.
    pub fn time_left(&self) -> Option<Duration> {
        let deadline = self.shared.deadline_ns.load(Ordering::Relaxed);
        (deadline != u64::MAX)
            .then(|| Duration::from_nanos(deadline).saturating_sub(self.shared.start.elapsed()))
    }
}

/// What one round of `hash` counts for.
fn weight(hash: HashAlg) -> u64 {
    match hash {
        HashAlg::Sha1 | HashAlg::Sha224 | HashAlg::Sha256 => 1,
        HashAlg::Sha384 | HashAlg::Sha512 => 2,
    }
}

/// Rounds of the PKCS#12 KDF deriving `len` bytes.
pub fn pkcs12_kdf_cost(hash: HashAlg, iterations: u64, len: usize) -> u64 {
    let blocks = len.div_ceil(hash.output_len()).max(1) as u64;
    iterations
        .max(1)
        .saturating_mul(blocks)
        .saturating_mul(weight(hash))
}

/// Rounds of PBKDF2-HMAC deriving `len` bytes: two compressions per iteration.
pub fn pbkdf2_cost(prf: HashAlg, iterations: u64, len: usize) -> u64 {
    let blocks = len.div_ceil(prf.output_len()).max(1) as u64;
    iterations
        .max(1)
        .saturating_mul(blocks)
        .saturating_mul(2 * weight(prf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spending_stops_at_the_limit_and_takes_nothing_when_refused() {
        let b = Budget::new(10, None);
        assert_eq!(b.spend(6), Ok(()));
        assert_eq!(b.spend(5), Err(Exhausted::Work));
        assert_eq!(b.remaining(), 4);
        assert_eq!(b.spend(4), Ok(()));
        assert_eq!(b.spent(), 10);
    }

    #[test]
    fn a_passed_deadline_or_a_stop_fails_the_clock_check() {
        let b = Budget::new(10, Some(Instant::now()));
        assert_eq!(b.check_time(), Err(Exhausted::Time));
        let b = Budget::new(10, Some(Instant::now() + Duration::from_secs(60)));
        assert_eq!(b.check_time(), Ok(()));
        b.tighten_deadline(Instant::now() + Duration::from_secs(3600));
        assert!(b.time_left().unwrap() <= Duration::from_secs(60));
        b.stop();
        assert_eq!(b.spend(1), Err(Exhausted::Time));
    }

    #[test]
    fn a_branch_shares_rounds_and_deadline_and_cancels_alone() {
        let b = Budget::new(10, Some(Instant::now() + Duration::from_secs(60)));
        let branch = b.branch();
        assert_eq!(branch.spend(4), Ok(()));
        assert_eq!(b.remaining(), 6);
        branch.cancel();
        assert_eq!(branch.check_time(), Err(Exhausted::Time));
        assert_eq!(b.check_time(), Ok(()));
        let other = b.branch();
        b.stop();
        assert_eq!(other.check_time(), Err(Exhausted::Time));
    }

    #[test]
    fn costs_count_blocks_and_slow_hashes() {
        // 3DES key (24 bytes) with SHA-1: two blocks.
        assert_eq!(pkcs12_kdf_cost(HashAlg::Sha1, 1000, 24), 2000);
        assert_eq!(pkcs12_kdf_cost(HashAlg::Sha512, 1000, 64), 2000);
        // AES-256 key with HMAC-SHA-1: two blocks, two compressions each.
        assert_eq!(pbkdf2_cost(HashAlg::Sha1, 1000, 32), 4000);
        assert_eq!(pbkdf2_cost(HashAlg::Sha256, 0, 32), 2);
        assert_eq!(pbkdf2_cost(HashAlg::Sha512, u64::MAX, 32), u64::MAX);
    }
}
