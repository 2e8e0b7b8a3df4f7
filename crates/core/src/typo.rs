//! When the password is wrong: try the slips people make at the keyboard
//! (Caps Lock, the IME left on, look-alike characters, a stray space) against
//! the file, in parallel (one thread in WebAssembly) and within a time bound, and say which kind of slip
//! opened it — never the password itself.

#[cfg(feature = "native")]
use std::sync::Mutex;
#[cfg(feature = "native")]
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use zeroize::Zeroizing;

use crate::clock::Deadline;

use crate::findings::Finding;
use crate::pkcs12::OpenOptions;
use crate::pkcs12::open::PasswordProbe;

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
    pub fn code(self) -> &'static str {
        match self {
            Slip::CapsLock => "password.caps_lock",
            Slip::FullWidth => "password.full_width",
            Slip::LookAlike => "password.look_alike",
            Slip::Space => "password.extra_space",
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
pub fn candidates(typed: &str) -> Vec<(Slip, Zeroizing<String>)> {
    let mut out: Vec<(Slip, Zeroizing<String>)> = Vec::new();
    let mut push = |slip: Slip, s: String| {
        if s != typed
            && !s.is_empty()
            && !out.iter().any(|(_, o)| o.as_str() == s)
            && out.len() < MAX_CANDIDATES
        {
            out.push((slip, Zeroizing::new(s)));
        }
    };
    push(Slip::CapsLock, swap_case(typed));
    let half = half_width(typed);
    push(Slip::FullWidth, half.clone());
    push(Slip::FullWidth, swap_case(&half));
    let trimmed = half.trim().to_string();
    push(Slip::Space, trimmed.clone());
    push(Slip::Space, typed.trim().to_string());
    // One look-alike substituted at one position (on the half-width, trimmed text).
    let chars: Vec<char> = trimmed.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if let Some(group) = LOOK_ALIKES.iter().find(|g| g.contains(c)) {
            for alt in group.iter().filter(|a| *a != c) {
                let mut v = chars.clone();
                v[i] = *alt;
                push(Slip::LookAlike, v.into_iter().collect());
            }
        }
    }
    out
}

/// Tries the variants until one opens the file or `limit` passes.
pub fn find_slip(
    bytes: &[u8],
    typed: &str,
    options: OpenOptions,
    limit: Duration,
) -> Option<Finding> {
    let probe = PasswordProbe::new(bytes, options)?;
    let list = candidates(typed);
    let slip = search(&probe, &list, Deadline::after(limit))?;
    Some(Finding::new(slip.code()))
}

/// One thread: WebAssembly in a page has none to spare.
#[cfg(not(feature = "native"))]
fn search(
    probe: &PasswordProbe<'_>,
    list: &[(Slip, Zeroizing<String>)],
    deadline: Deadline,
) -> Option<Slip> {
    list.iter()
        .take_while(|_| !deadline.passed())
        .find(|(_, pw)| probe.opens(pw))
        .map(|(slip, _)| *slip)
}

#[cfg(feature = "native")]
fn search(
    probe: &PasswordProbe<'_>,
    list: &[(Slip, Zeroizing<String>)],
    deadline: Deadline,
) -> Option<Slip> {
    let next = Mutex::new(0usize);
    let found: Mutex<Option<Slip>> = Mutex::new(None);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    if stop.load(Ordering::Relaxed) || deadline.passed() {
                        return;
                    }
                    let i = {
                        let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some((slip, pw)) = list.get(i) else {
                        return;
                    };
                    if probe.opens(pw) {
                        stop.store(true, Ordering::Relaxed);
                        found
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .get_or_insert(*slip);
                        return;
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
}
