//! Facts about the machine for the helpdesk report: OS, local time, time zone.

use certcheck_report::Environment;

/// The OS name and version.
pub fn os() -> String {
    #[cfg(windows)]
    {
        windows_version()
    }
    #[cfg(not(windows))]
    {
        let pretty = std::fs::read_to_string("/etc/os-release")
            .ok()
            .and_then(|t| {
                t.lines().find_map(|l| {
                    l.strip_prefix("PRETTY_NAME=")
                        .map(|v| v.trim_matches('"').to_string())
                })
            });
        format!(
            "{} {} ({})",
            std::env::consts::OS,
            pretty.unwrap_or_default(),
            std::env::consts::ARCH
        )
    }
}

// Unsafe: RtlGetVersion through FFI, the one call that tells the real Windows
// version to an unmanifested program.
#[cfg(windows)]
#[allow(unsafe_code)]
fn windows_version() -> String {
    use windows_sys::Win32::System::SystemInformation::OSVERSIONINFOW;
    #[link(name = "ntdll")]
    unsafe extern "system" {
        // GetVersionEx lies to unmanifested programs; RtlGetVersion does not.
        fn RtlGetVersion(info: *mut OSVERSIONINFOW) -> i32;
    }
    // SAFETY: OSVERSIONINFOW is plain data; the size field is set as the API requires.
    let mut info: OSVERSIONINFOW = unsafe { std::mem::zeroed() };
    info.dwOSVersionInfoSize = std::mem::size_of::<OSVERSIONINFOW>() as u32;
    // SAFETY: `info` is a valid, correctly sized OSVERSIONINFOW.
    if unsafe { RtlGetVersion(&mut info) } != 0 {
        return "Windows (version unknown)".into();
    }
    format!(
        "Windows {}.{}.{} ({})",
        info.dwMajorVersion,
        info.dwMinorVersion,
        info.dwBuildNumber,
        std::env::consts::ARCH
    )
}

/// The "environment" member of a report.
pub fn describe() -> Environment {
    let now = chrono::Local::now();
    Environment {
        os: os(),
        local_time: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        time_zone: match std::env::var("TZ") {
            Ok(tz) if !tz.is_empty() => format!("{} (TZ={tz})", now.offset()),
            _ => now.offset().to_string(),
        },
    }
}
