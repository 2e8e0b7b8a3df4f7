//! Saving the double-click / drag-and-drop result as an HTML report on the
//! user's Desktop, under a dated name that never replaces an existing file.

use std::path::{Path, PathBuf};

use anyhow::Result;
use certcheck_core::findings::Lang;
use certcheck_report::Document;
use chrono::{DateTime, NaiveDate, Utc};

use crate::cmd::report;
use crate::environment;
use crate::usage::UsageError;

/// Reports of one day never reach this many; past it something is wrong.
const MAX_SUFFIX: u32 = 99;

/// The user's Desktop folder: the shell's answer on Windows (it follows a
/// Desktop moved into OneDrive), else ~/Desktop, else the home folder. None
/// when the home folder is unset, empty or not a full path: a report must
/// not land in whatever folder certcheck was started from.
pub fn desktop() -> Option<PathBuf> {
    #[cfg(windows)]
    if let Some(dir) = known_desktop() {
        return Some(dir);
    }
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
        .map(PathBuf::from)
        .filter(|h| h.is_absolute())?;
    let desktop = home.join("Desktop");
    Some(if desktop.is_dir() { desktop } else { home })
}

// Unsafe: SHGetKnownFolderPath through FFI, the one call that finds a
// redirected Desktop (OneDrive, a network profile), and freeing its string.
#[cfg(windows)]
#[allow(unsafe_code)]
fn known_desktop() -> Option<PathBuf> {
    use std::os::windows::ffi::OsStringExt;
    use windows_sys::Win32::System::Com::CoTaskMemFree;
    use windows_sys::Win32::UI::Shell::{FOLDERID_Desktop, SHGetKnownFolderPath};

    let mut raw: windows_sys::core::PWSTR = std::ptr::null_mut();
    // SAFETY: valid GUID pointer and out pointer; the string the shell
    // allocates is read up to its NUL and freed once, whatever the result.
    let hr = unsafe { SHGetKnownFolderPath(&FOLDERID_Desktop, 0, std::ptr::null_mut(), &mut raw) };
    let path = (hr == 0 && !raw.is_null()).then(|| {
        // SAFETY: on success `raw` is a NUL-terminated string the shell allocated.
        let len = (0..).take_while(|&i| unsafe { *raw.add(i) } != 0).count();
        // SAFETY: the `len` units before the NUL, read while `raw` is alive.
        let wide = unsafe { std::slice::from_raw_parts(raw, len) };
        PathBuf::from(std::ffi::OsString::from_wide(wide))
    });
    // SAFETY: freed once, after its last use; CoTaskMemFree accepts null.
    unsafe { CoTaskMemFree(raw as *const std::ffi::c_void) };
    path.filter(|p| p.is_dir())
}

/// `certcheck-確認結果-2026-11-25.html`, then ` (2)`, ` (3)`... as Explorer does.
pub fn dated_name(date: NaiveDate, n: u32) -> String {
    if n <= 1 {
        format!("certcheck-確認結果-{date}.html")
    } else {
        format!("certcheck-確認結果-{date} ({n}).html")
    }
}

/// Writes the report into `dir` under the first free dated name (JST date of
/// `at`) and returns its full path. The write itself refuses to replace a
/// file, so a name taken in between is never overwritten either.
pub fn save(dir: &Path, doc: &Document, now: DateTime<Utc>) -> Result<PathBuf> {
    let date = certcheck_core::policy::jst_date(now);
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    for n in 1..=MAX_SUFFIX {
        let path = dir.join(dated_name(date, n));
        if path.symlink_metadata().is_ok() {
            continue;
        }
        report::write(&path, doc, environment::describe(), Lang::Ja)?;
        return Ok(path);
    }
    Err(UsageError::new(
        format!(
            "{} には今日の日付の報告書がすでに {MAX_SUFFIX} 個あります。いくつか移動してから、もう一度実行してください。",
            dir.display()
        ),
        format!(
            "{} already holds {MAX_SUFFIX} reports dated today; move some away and run again.",
            dir.display()
        ),
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_date_and_a_suffix_from_the_second_on() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(dated_name(d, 1), "certcheck-確認結果-2026-11-25.html");
        assert_eq!(dated_name(d, 3), "certcheck-確認結果-2026-11-25 (3).html");
    }
}
