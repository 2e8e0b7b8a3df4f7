//! The clock for deadlines. WebAssembly in a browser has none of its own
//! (`std::time::Instant::now` panics there), so in that build `Instant` is
//! `performance.now()`, imported from the page's worker; elsewhere it is std's.

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use std::time::Instant;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub use page::Instant;

// An import from the page is an `unsafe extern` block and calling it is
// unsafe; this module and nfkc.rs are the only unsafe code in the crate.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[allow(unsafe_code)]
mod page {
    use std::ops::Add;
    use std::time::Duration;

    #[link(wasm_import_module = "certcheck")]
    unsafe extern "C" {
        /// `performance.now()`: milliseconds on a monotonic clock.
        fn now_ms() -> f64;
    }

    /// The subset of `std::time::Instant` the deadlines use.
    #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
    pub struct Instant(f64);

    impl Instant {
        pub fn now() -> Instant {
            // SAFETY: an import without arguments that returns a number.
            Instant(unsafe { now_ms() })
        }

        pub fn checked_duration_since(&self, earlier: Instant) -> Option<Duration> {
            let ms = self.0 - earlier.0;
            (ms >= 0.0).then(|| Duration::from_secs_f64(ms / 1000.0))
        }

        pub fn duration_since(&self, earlier: Instant) -> Duration {
            self.checked_duration_since(earlier).unwrap_or_default()
        }

        pub fn elapsed(&self) -> Duration {
            Instant::now().duration_since(*self)
        }
    }

    impl Add<Duration> for Instant {
        type Output = Instant;
        fn add(self, d: Duration) -> Instant {
            Instant(self.0 + d.as_secs_f64() * 1000.0)
        }
    }
}
