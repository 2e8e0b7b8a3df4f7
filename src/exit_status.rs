//! The exit statuses that are the command line's own. 0, 1 and 2 follow the
//! verdict (`Verdict::exit_code` in the findings catalog, because the report
//! writes it too); these two never describe the certificate, so they are not
//! 2, and no library needs them. The help text (cli.rs) and the README list all five.

/// A usage error: unknown flag, missing argument, no password source.
pub const USAGE: i32 = 64;

/// An I/O failure: output or a report could not be written, the disk is
/// full, a folder is missing.
pub const IO: i32 = 74;
