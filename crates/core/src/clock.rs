//! Deadlines that also work in a browser: WebAssembly there has no clock of its
//! own (`std::time::Instant` panics), so the page's worker supplies the time.

use std::time::Duration;

/// A moment after which bounded work stops.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    end_ms: f64,
}

impl Deadline {
    pub fn after(limit: Duration) -> Self {
        Deadline {
            end_ms: now_ms() + limit.as_secs_f64() * 1000.0,
        }
    }

    pub fn passed(&self) -> bool {
        now_ms() > self.end_ms
    }
}

/// Milliseconds on a monotonic clock with an arbitrary origin.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn now_ms() -> f64 {
    #[link(wasm_import_module = "certcheck")]
    unsafe extern "C" {
        /// `performance.now()`, given by the page's worker.
        fn now_ms() -> f64;
    }
    // SAFETY: an import without arguments that returns a number.
    unsafe { now_ms() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_passes() {
        assert!(!Deadline::after(Duration::from_secs(60)).passed());
        let d = Deadline::after(Duration::from_millis(1));
        std::thread::sleep(Duration::from_millis(5));
        assert!(d.passed());
    }
}
