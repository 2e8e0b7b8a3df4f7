//! Unicode NFKC for comparing names (`office`). Natively the
//! unicode-normalization crate; in the guide's WebAssembly checker the page's
//! own `String.prototype.normalize("NFKC")`, imported as `certcheck.nfkc`:
//! the crate's tables are about 110 KB, a tenth of the module, and the
//! browser carries the same tables already.

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub fn nfkc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    s.nfkc().collect()
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub use page::nfkc;

// Like the clock (clock.rs), an import from the page is an `unsafe extern`
// block; these two modules are the only unsafe code in the crate.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[allow(unsafe_code)]
mod page {
    #[link(wasm_import_module = "certcheck")]
    unsafe extern "C" {
        /// Normalises the UTF-8 string at `ptr`/`len` to NFKC, writes the
        /// UTF-8 result to `out` if it fits in `cap` bytes, and returns its
        /// length in bytes either way.
        #[link_name = "nfkc"]
        fn page_nfkc(ptr: *const u8, len: usize, out: *mut u8, cap: usize) -> usize;
    }

    pub fn nfkc(s: &str) -> String {
        // NFKC rarely grows a name; try twice its length, then the size asked for.
        let mut cap = s.len() * 2 + 16;
        loop {
            let mut out = vec![0u8; cap];
            // SAFETY: `s` is valid for `s.len()` bytes and `out` for `cap`
            // writable bytes; the page writes at most `cap` bytes.
            let need = unsafe { page_nfkc(s.as_ptr(), s.len(), out.as_mut_ptr(), cap) };
            if need <= cap {
                out.truncate(need);
                // The page encodes with TextEncoder, so this is UTF-8; if a
                // page ever sends something else, compare the name unnormalised.
                return String::from_utf8(out).unwrap_or_else(|_| s.to_string());
            }
            cap = need;
        }
    }
}
