//! Independent jobs on the machine's cores, where the build has threads.
//!
//! The one place that decides whether threads exist: the native build has
//! them; the WebAssembly build in a page has one thread (the page runs
//! workers of its own instead).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Budget;

/// Whether this build may start threads.
pub const fn threads_available() -> bool {
    cfg!(not(target_arch = "wasm32"))
}

/// How many threads one file's derivations may use: the cores (at most 8),
/// or 1 without threads.
pub fn workers() -> usize {
    if !threads_available() {
        return 1;
    }
    // Asked once per process: on Linux the answer reads the cgroup's files,
    // and one check asks several times.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(8)
    })
}

/// Runs `jobs` in their order on up to `workers` threads (the caller's among
/// them), each job on its own branch of `budget`. After each result,
/// `moot(results)` names the jobs whose results no longer matter: those not
/// started are skipped, those running stop at their next look at the clock.
/// A job skipped or stopped gives None.
pub fn run<J, T>(
    jobs: &[J],
    workers: usize,
    budget: &Budget,
    work: impl Fn(&J, &Budget) -> T + Sync,
    moot: impl Fn(&[Option<T>]) -> Vec<usize> + Sync,
) -> Vec<Option<T>>
where
    J: Sync,
    T: Send,
{
    let branches: Vec<Budget> = jobs.iter().map(|_| budget.branch()).collect();
    let results: Mutex<Vec<Option<T>>> = Mutex::new(jobs.iter().map(|_| None).collect());
    let next = AtomicUsize::new(0);
    let worker = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= jobs.len() {
                break;
            }
            if branches[i].is_cancelled() {
                continue;
            }
            let out = work(&jobs[i], &branches[i]);
            // A job stopped half-way ran out of nothing real: drop its result.
            if branches[i].is_cancelled() {
                continue;
            }
            let mut done = results.lock().unwrap_or_else(|e| e.into_inner());
            done[i] = Some(out);
            for j in moot(&done) {
                if let Some(b) = branches.get(j) {
                    b.cancel();
                }
            }
        }
    };
    let threads = workers.min(jobs.len());
    if threads <= 1 || !threads_available() {
        worker();
    } else {
        std::thread::scope(|s| {
            for _ in 1..threads {
                s.spawn(worker);
            }
            worker();
        });
    }
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Runs `work` on each of `jobs` on up to `workers()` threads (the caller's
/// among them) and gives the results in job order: for short independent
/// computations that need no budget (a chain's signatures, a key's check).
pub fn map<J, T>(jobs: &[J], work: impl Fn(&J) -> T + Sync) -> Vec<T>
where
    J: Sync,
    T: Send,
{
    let threads = workers().min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            mine.push((i, work(job)));
        }
        mine
    };
    let mut all = std::thread::scope(|s| {
        let others: Vec<_> = (1..threads).map(|_| s.spawn(worker)).collect();
        let mut all = worker();
        for other in others {
            // A job's panic is the caller's, as it would be without threads.
            all.extend(
                other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, out)| out).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pkcs12::budget::Exhausted;

    /// A job that spins until its branch is cancelled (or gives up after a
    /// while, so a broken cancel fails the test instead of hanging it).
    fn spin(b: &Budget) -> Result<u32, Exhausted> {
        for _ in 0..2_000 {
            b.check_time()?;
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        Ok(0)
    }

    #[test]
    fn map_gives_every_result_in_job_order() {
        let jobs: Vec<u32> = (0..50).collect();
        let out = map(&jobs, |j| j * 7);
        assert_eq!(out, jobs.iter().map(|j| j * 7).collect::<Vec<_>>());
        assert!(map(&[] as &[u32], |j| *j).is_empty());
    }

    #[test]
    fn results_come_back_in_job_order_on_any_number_of_threads() {
        let jobs: Vec<u32> = (0..20).collect();
        for workers in [1, 2, 5] {
            let out = run(
                &jobs,
                workers,
                &Budget::unlimited(),
                |j, _| j * 3,
                |_| vec![],
            );
            let want: Vec<Option<u32>> = jobs.iter().map(|j| Some(j * 3)).collect();
            assert_eq!(out, want, "{workers} workers");
        }
    }

    #[test]
    fn two_workers_run_two_jobs_at_once() {
        // Each job waits (up to 5 s) until both have started: only true
        // concurrency lets both see the other.
        let started = AtomicUsize::new(0);
        let out = run(
            &[0, 1],
            2,
            &Budget::unlimited(),
            |_, _| {
                started.fetch_add(1, Ordering::SeqCst);
                let t0 = std::time::Instant::now();
                while started.load(Ordering::SeqCst) < 2 {
                    if t0.elapsed() > std::time::Duration::from_secs(5) {
                        return false;
                    }
                    std::thread::yield_now();
                }
                true
            },
            |_| vec![],
        );
        assert_eq!(out, [Some(true), Some(true)]);
    }

    #[test]
    fn a_deciding_result_skips_and_stops_the_moot_jobs() {
        // Job 0 decides at once; job 1 would spin for two seconds unless stopped;
        // job 2 is never started on one thread and stopped or skipped on two.
        let jobs = [0u32, 1, 2];
        for workers in [1, 2] {
            let t0 = std::time::Instant::now();
            let out = run(
                &jobs,
                workers,
                &Budget::unlimited(),
                |&j, b| if j == 0 { Ok(7) } else { spin(b) },
                |done| {
                    if matches!(done[0], Some(Ok(7))) {
                        vec![1, 2]
                    } else {
                        vec![]
                    }
                },
            );
            assert_eq!(out[0], Some(Ok(7)));
            assert_eq!(out[1], None, "{workers} workers");
            assert_eq!(out[2], None, "{workers} workers");
            assert!(t0.elapsed() < std::time::Duration::from_secs(1));
        }
    }
}
