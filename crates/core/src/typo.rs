//! When the password is wrong: try the slips people make at the keyboard
//! (Caps Lock, the IME left on, look-alike characters, a stray space) against
//! the file, in parallel (one thread in WebAssembly) and within a time bound, and say which kind of slip
//! opened it — never the password itself.

use std::hash::BuildHasher;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::Mutex;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use zeroize::Zeroizing;

use crate::clock::Instant;
use crate::findings::{Code, Finding};
use crate::pkcs12::open::PasswordProbe;
use crate::pkcs12::{Budget, OpenOptions};

/// At most this many variants are tried, whatever the password's length.
pub const MAX_CANDIDATES: usize = 256;

/// The kinds of slip, each with its finding code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    CapsLock,
    FullWidth,
    LookAlike,
    Space,
}

impl Slip {
    pub fn code(self) -> Code {
        match self {
            Slip::CapsLock => Code::PasswordCapsLock,
            Slip::FullWidth => Code::PasswordFullWidth,
            Slip::LookAlike => Code::PasswordLookAlike,
            Slip::Space => Code::PasswordExtraSpace,
        }
    }
}

fn swap_case(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c
            }
        })
        .collect()
}

/// Full-width ASCII (typed with the Japanese IME on) to half-width.
fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

const LOOK_ALIKES: &[&[char]] = &[
    &['0', 'O', 'o'],
    &['1', 'l', 'I', '|'],
    &['5', 'S'],
    &['8', 'B'],
    &['2', 'Z'],
    &['6', 'b'],
    &['9', 'g', 'q'],
];

/// The variants to try, each with its kind, without duplicates or the original.
/// Linear in the password's length: at most [`MAX_CANDIDATES`] variants are
/// built, each in one pass.
pub fn candidates(typed: &str) -> Vec<(Slip, Zeroizing<String>)> {
    let mut out: Vec<(Slip, Zeroizing<String>)> = Vec::new();
    // Hashes of what is already listed: comparing look-alike variants with
    // each other would cost their common prefix every time.
    let hasher = std::collections::hash_map::RandomState::new();
    let mut seen = std::collections::HashSet::new();
    seen.insert(hasher.hash_one(typed));
    // Returns whether there is room for more.
    let mut push = |slip: Slip, s: String| {
        let s = Zeroizing::new(s);
        if out.len() < MAX_CANDIDATES && !s.is_empty() && seen.insert(hasher.hash_one(&*s)) {
            out.push((slip, s));
        }
        out.len() < MAX_CANDIDATES
    };
    push(Slip::CapsLock, swap_case(typed));
    let half = Zeroizing::new(half_width(typed));
    push(Slip::FullWidth, half.to_string());
    push(Slip::FullWidth, swap_case(&half));
    let trimmed = Zeroizing::new(half.trim().to_string());
    push(Slip::Space, trimmed.to_string());
    push(Slip::Space, typed.trim().to_string());
    // One look-alike substituted at one position (on the half-width, trimmed text).
    for (i, c) in trimmed.char_indices() {
        let Some(group) = LOOK_ALIKES.iter().find(|g| g.contains(&c)) else {
            continue;
        };
        let mut room = true;
        for alt in group.iter().filter(|a| **a != c) {
            let mut v = String::with_capacity(trimmed.len() + 4);
            v.push_str(&trimmed[..i]);
            v.push(*alt);
            v.push_str(&trimmed[i + c.len_utf8()..]);
            room = push(Slip::LookAlike, v);
        }
        if !room {
            break;
        }
    }
    out
}

/// Tries the variants in parallel until one opens the file, `limit` passes,
/// or the file's budget (what opening it left) is spent. The budget's
/// deadline is moved to `limit` from now at the latest.
pub fn find_slip(
    bytes: &[u8],
    typed: &str,
    options: OpenOptions,
    budget: &Budget,
    limit: Duration,
) -> Option<Finding> {
    let probe = PasswordProbe::new(bytes, options)?;
    if !budget.fits(probe.cost()) {
        return None;
    }
    budget.tighten_deadline(Instant::now() + limit);
    let list = candidates(typed);
    let slip = search(&probe, &list, budget)?;
    Some(Finding::new(slip.code()))
}

/// One thread: WebAssembly in a page has no others.
#[cfg(target_arch = "wasm32")]
fn search(
    probe: &PasswordProbe<'_>,
    list: &[(Slip, Zeroizing<String>)],
    budget: &Budget,
) -> Option<Slip> {
    for (slip, pw) in list {
        match probe.opens(pw, budget) {
            Ok(false) => {}
            Ok(true) => return Some(*slip),
            // Out of time or work: no more tries.
            Err(_) => return None,
        }
    }
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn search(
    probe: &PasswordProbe<'_>,
    list: &[(Slip, Zeroizing<String>)],
    budget: &Budget,
) -> Option<Slip> {
    let next = AtomicUsize::new(0);
    let found: Mutex<Option<Slip>> = Mutex::new(None);
    let workers = crate::pkcs12::par::workers();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some((slip, pw)) = list.get(next.fetch_add(1, Ordering::Relaxed)) {
                    match probe.opens(pw, budget) {
                        Ok(false) => {}
                        Ok(true) => {
                            // The others stop at their next look at the clock.
                            budget.stop();
                            found
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .get_or_insert(*slip);
                            return;
                        }
                        // Out of time or work: no more tries.
                        Err(_) => return,
                    }
                }
            });
        }
    });
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_cover_each_slip() {
        let c = candidates("kAIGO-sAMPLE-2026");
        assert_eq!(c[0].1.as_str(), "Kaigo-Sample-2026");
        let fw = candidates("Ｋａｉｇｏ－Ｓａｍｐｌｅ－２０２６");
        assert!(
            fw.iter()
                .any(|(s, p)| *s == Slip::FullWidth && p.as_str() == "Kaigo-Sample-2026")
        );
        let la = candidates("Kaigo-Sample-2O26");
        assert!(
            la.iter()
                .any(|(s, p)| *s == Slip::LookAlike && p.as_str() == "Kaigo-Sample-2026")
        );
        let sp = candidates(" Kaigo-Sample-2026 ");
        assert!(
            sp.iter()
                .any(|(s, p)| *s == Slip::Space && p.as_str() == "Kaigo-Sample-2026")
        );
        let long: String = "0".repeat(500);
        assert!(candidates(&long).len() <= MAX_CANDIDATES);
    }

    #[test]
    fn generation_is_linear_in_the_length() {
        // 1 MB of look-alikes: the old generation copied the whole password
        // once per position (about an hour); this must take a blink.
        let huge = "0".repeat(1 << 20);
        let t0 = Instant::now();
        let c = candidates(&huge);
        assert_eq!(c.len(), MAX_CANDIDATES);
        assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());
        let mut texts: Vec<&str> = c.iter().map(|(_, p)| p.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), MAX_CANDIDATES, "no duplicates");
    }
}
