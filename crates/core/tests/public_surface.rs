//! The public surface of the workspace's library crates is chosen on purpose
//! and stays so: what each crate exports (its root's `pub` items and
//! re-exports, and the `pub` items of the few modules it keeps public) is
//! read from the source and compared with the lists below. A new `pub mod`,
//! `pub use` or `pub fn` that reaches the surface fails here until it is
//! added to its list, which is the moment to ask whether it should be public.
//!
//! Read from the text, top level only: methods in `impl` blocks and items in
//! private modules are not the surface (a private module's `pub` items reach
//! it only through a `pub use`, which is listed). Items a macro invocation
//! makes are listed by the macro's name (`catalog!`). The hidden `testing`
//! module, the one door of tests to the internals, is checked separately: it
//! must be `#[doc(hidden)]`, and only tests, benches, fuzz targets and the
//! test kit may use it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `text` with comments removed and string and character literals emptied,
/// so braces and `pub` inside them do not count.
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(len) = raw_string_len(text, i) {
            out.push_str("\"\"");
            i += len;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i = j + 1;
        } else if let Some(len) = char_literal_len(rest) {
            out.push_str("' '");
            i += len;
        } else {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a raw string literal (`r"..."`, `r#"..."#`) starting at `i`.
fn raw_string_len(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let ident_byte = |j: usize| b[j].is_ascii_alphanumeric() || b[j] == b'_';
    // `r"`, or `br"` (a raw byte string), not the end of a name.
    let starts = match i {
        0 => true,
        1 => b[0] == b'b',
        _ => !ident_byte(i - 1) || (b[i - 1] == b'b' && !ident_byte(i - 2)),
    };
    if b[i] != b'r' || !starts {
        return None;
    }
    let hashes = text[i + 1..].bytes().take_while(|&c| c == b'#').count();
    if b.get(i + 1 + hashes) != Some(&b'"') {
        return None;
    }
    let close = format!("\"{}", "#".repeat(hashes));
    let body = i + 2 + hashes;
    text[body..]
        .find(&close)
        .map(|e| body + e + close.len() - i)
}

/// The length of a character literal at the start of `rest` (`'{'`, `'\n'`,
/// `'\u{7b}'`); None for a lifetime.
fn char_literal_len(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices();
    if chars.next()?.1 != '\'' {
        return None;
    }
    let (_, c) = chars.next()?;
    if c == '\\' {
        // The escaped character may itself be a quote: `'\''`.
        let close = rest.get(3..)?.find('\'')? + 3;
        return Some(close + 1);
    }
    let (at, q) = chars.next()?;
    (q == '\'').then_some(at + 1)
}

/// The brace depth before each byte of `code`.
fn depths(code: &str) -> Vec<u32> {
    let mut depth = 0u32;
    code.bytes()
        .map(|c| {
            let here = depth;
            match c {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            here
        })
        .collect()
}

/// The leading identifier of `s` (after white space).
fn ident(s: &str) -> &str {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The names a `use` tree makes (`a::{b, c as d, e::{self}}` → b, d, e).
fn use_names(tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let prefix = tree[..open].trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').expect("a closing brace")];
        let (mut depth, mut start) = (0, 0);
        let mut parts = Vec::new();
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&inner[start..]);
        for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
            if part == "self" {
                out.push(prefix.rsplit("::").next().unwrap_or(prefix).to_string());
            } else {
                use_names(part, out);
            }
        }
    } else if let Some((_, alias)) = tree.rsplit_once(" as ") {
        out.push(alias.trim().to_string());
    } else {
        out.push(tree.rsplit("::").next().unwrap_or(tree).trim().to_string());
    }
}

/// What a module's text makes public at its top level.
#[derive(Debug, Default, PartialEq)]
struct Surface {
    /// Items and re-exports; a public module as `name::`, then its items
    /// as `name::item`; a macro invocation as `name!`.
    items: BTreeSet<String>,
    /// `#[doc(hidden)]` public modules.
    hidden: BTreeSet<String>,
}

const KINDS: &[&str] = &[
    "const fn",
    "unsafe fn",
    "fn",
    "struct",
    "enum",
    "const",
    "static",
    "type",
    "trait",
    "union",
    "mod",
    "use",
];

/// Reads `text` (a module at `file`, whose sub-modules are read from disk
/// when declared with `mod name;`) into `surface`, with `prefix` before each name.
fn read_module(text: &str, file: Option<&Path>, prefix: &str, surface: &mut Surface) {
    let code = strip(text);
    let depth = depths(&code);
    let mut at = 0;
    while let Some(found) = code[at..].find("pub") {
        let start = at + found;
        at = start + 3;
        let before_ok = start == 0 || {
            let c = code.as_bytes()[start - 1];
            !(c.is_ascii_alphanumeric() || c == b'_')
        };
        if !before_ok || depth[start] != 0 {
            continue;
        }
        let after = &code[start + 3..];
        if !after.starts_with(char::is_whitespace) {
            continue; // `pub(crate)`, `pub(super)`, or part of a name
        }
        let after = after.trim_start();
        let Some(kind) = KINDS
            .iter()
            .find(|k| after.starts_with(*k) && after[k.len()..].starts_with(char::is_whitespace))
        else {
            continue;
        };
        let rest = &after[kind.len()..];
        match *kind {
            "use" => {
                let end = rest.find(';').expect("a use ends with ;");
                let mut names = Vec::new();
                use_names(&rest[..end], &mut names);
                surface
                    .items
                    .extend(names.into_iter().map(|n| format!("{prefix}{n}")));
            }
            "mod" => {
                let name = ident(rest);
                let attrs = code[..start].rsplit([';', '}']).next().unwrap_or("");
                if attrs.contains("#[doc(hidden)]") {
                    surface.hidden.insert(format!("{prefix}{name}"));
                    continue;
                }
                let inner_prefix = format!("{prefix}{name}::");
                surface.items.insert(inner_prefix.clone());
                let after_name = rest.trim_start()[name.len()..].trim_start();
                if after_name.starts_with(';') {
                    let file = file.expect("a module on disk declares its sub-modules");
                    let sub = sub_module_file(file, name);
                    let text = std::fs::read_to_string(&sub)
                        .unwrap_or_else(|e| panic!("{}: {e}", sub.display()));
                    read_module(&text, Some(&sub), &inner_prefix, surface);
                } else {
                    let open = start + (code[start..].find('{').expect("a module body"));
                    // The brace that closes the body is read at depth 1.
                    let close = (open + 1..code.len())
                        .find(|&i| depth[i] == 1 && code.as_bytes()[i] == b'}')
                        .expect("the module body closes");
                    read_module(&code[open + 1..close], None, &inner_prefix, surface);
                }
            }
            _ => {
                surface.items.insert(format!("{prefix}{}", ident(rest)));
            }
        }
    }
    // Items a macro invocation at the top level makes (`catalog! { ... }`).
    for (i, _) in code.match_indices('!') {
        let name_start = code[..i]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |p| {
                p + code[p..].chars().next().map_or(1, char::len_utf8)
            });
        let name = &code[name_start..i];
        let line_start = code[..name_start].trim_end_matches([' ', '\t']);
        let at_item_start = line_start.is_empty() || line_start.ends_with(['\n', ';', '}']);
        let opens = code[i + 1..].trim_start().starts_with(['{', '(']);
        if depth[i] == 0 && at_item_start && opens && !name.is_empty() && name != "macro_rules" {
            surface.items.insert(format!("{prefix}{name}!"));
        }
    }
}

/// The file of module `name` declared in `parent` (`src/lib.rs` → `src/name.rs`
/// or `src/name/mod.rs`; `src/a.rs` → `src/a/name.rs`).
fn sub_module_file(parent: &Path, name: &str) -> PathBuf {
    let stem = parent.file_stem().unwrap().to_string_lossy();
    let dir = if stem == "lib" || stem == "mod" {
        parent.parent().unwrap().to_path_buf()
    } else {
        parent.with_extension("")
    };
    let flat = dir.join(format!("{name}.rs"));
    if flat.exists() {
        flat
    } else {
        dir.join(name).join("mod.rs")
    }
}

fn crate_surface(krate: &str) -> Surface {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("the crate's lib.rs");
    let mut surface = Surface::default();
    read_module(&text, Some(&lib), "", &mut surface);
    surface
}

/// Fails with what was added and what went, if `krate`'s surface is not `expected`.
fn assert_surface(krate: &str, expected: &[&str], hidden: &[&str]) {
    let found = crate_surface(krate);
    let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
    let added: Vec<_> = found.items.difference(&expected).collect();
    let gone: Vec<_> = expected.difference(&found.items).collect();
    assert!(
        added.is_empty() && gone.is_empty(),
        "crates/{krate}'s public surface changed: new {added:?}, gone {gone:?}. \
         Make it private, or add it to the list in crates/core/tests/public_surface.rs on purpose."
    );
    let hidden: BTreeSet<String> = hidden.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        found.hidden, hidden,
        "crates/{krate}'s #[doc(hidden)] modules"
    );
}

#[test]
fn core_exports_what_its_users_need() {
    assert_surface(
        "core",
        &[
            // The catalog's, re-exported.
            "findings",
            "io_reason",
            // The file check.
            "check::",
            "check::CheckOptions",
            "check::FileInfo",
            "check::FileReport",
            "check::Read",
            "check::SLIP_SEARCH_LIMIT",
            "check::ahead_count",
            "check::check",
            "check::check_with_slip_search",
            "check::check_with_slip_search_given",
            "check::check_within",
            "check::validity_finding",
            // The renewal rules.
            "policy::",
            "policy::LIFETIME_MONTHS",
            "policy::RENEWAL_WINDOW_MONTHS",
            "policy::Status",
            "policy::Validity",
            "policy::estimated_last_day_from_issue",
            "policy::evaluate",
            "policy::evaluate_by_date",
            "policy::jst",
            "policy::jst_date",
            "policy::jst_midnight",
            "policy::jst_text",
            "policy::last_day",
            "policy::parse_at",
            "policy::parse_date",
            "policy::renewal_opens",
            // Certificates seen in several places.
            "relations::",
            "relations::Gap",
            "relations::Relations",
            "relations::Reminder",
            "relations::Sighting",
            "relations::Succession",
            "relations::relate",
            "relations::reminders",
            "relations::store_findings_beside_files",
            "relations::store_was_read",
            "relations::succession_finding",
            "relations::successions",
            // A password as it is handed over.
            "password_input::",
            "password_input::MAX_PASSWORD_BYTES",
            "password_input::MAX_PASSWORD_CHARS",
            "password_input::PasswordInputError",
            "password_input::check",
            "password_input::first_line",
            "password_input::first_line_len",
            "password_input::first_line_read",
            // Chosen at the root.
            "FileKind",
            "MAX_FILE_BYTES",
            "classify_file",
            "Budget",
            "DEFAULT_MAX_ITERATIONS",
            "Derived",
            "MacSummary",
            "OpenOptions",
            "PasswordOutcome",
            "Protection",
            "Scheme",
            "derive_ahead",
            "HashAlg",
            "ahead_pbkdf2",
            "derive_ahead_keyed",
            "Pbkdf2Job",
            "pbkdf2_within",
            "BadDigest",
            "Location",
            "Sha256",
            "StoreLocation",
            "Thumbprint",
            "UnknownLocation",
            "CertSummary",
            "Chain",
            "FileCert",
            "Role",
            "Unreadable",
            "summarize_certificate",
            "Office",
            "OfficeRow",
            "office_table",
            "Instant",
            "nfkc",
        ],
        &["testing"],
    );
}

#[test]
fn the_other_library_crates_export_what_their_users_need() {
    assert_surface(
        "catalog",
        &[
            "findings::",
            "findings::Definition",
            "findings::Finding",
            "findings::GUIDE_PAGE",
            "findings::Lang",
            "findings::Severity",
            "findings::UnknownCode",
            "findings::Verdict",
            // Code and CATALOG.
            "findings::catalog!",
            "findings::sort_by_priority",
            "io_reason::",
            "io_reason::IoReason",
            "escape_html",
        ],
        &[],
    );
    assert_surface(
        "store",
        &["Candidate", "Query", "StoreReport", "inspect"],
        &["testing"],
    );
    assert_surface(
        "report",
        &[
            "assemble::",
            "assemble::StorePart",
            "assemble::check",
            "assemble::doctor",
            "assemble::office_rows",
            "assemble::renewal",
            "assemble::store",
            "assemble::store_of_file",
            "Document",
            "Environment",
            "MAX_REPORT_BYTES",
            "MAX_REPORT_VALUES",
            "ReportError",
            "parse_json_report",
            "render_csv",
            "render_html",
            "render_ics",
            "render_json",
            "render_markdown",
            "render_markdown_for_terminal",
            "render_text",
            "visible",
        ],
        &["testing"],
    );
    assert_surface(
        "guide",
        &[
            "BuildReport",
            "GuideError",
            "archive_files",
            "build",
            "pack_archive",
        ],
        &[],
    );
}

/// Rust sources under `dir`, as paths relative to the workspace root.
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(root, &path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path.strip_prefix(root).unwrap().to_path_buf());
        }
    }
}

/// Whether a file (relative to the workspace root) is a test, a bench, a
/// fuzz target or the test kit, which may reach internals through `testing`.
fn may_use_testing(path: &Path) -> bool {
    let p = path.to_string_lossy().replace('\\', "/");
    let parts: Vec<&str> = p.split('/').collect();
    parts.first() == Some(&"tests")
        || parts.first() == Some(&"fuzz")
        || p.starts_with("crates/testkit/")
        // The samples are written with the test kit's PKCS#12 writer.
        || p == "xtask/src/samples.rs"
        || (parts.first() == Some(&"crates") && matches!(parts.get(2), Some(&"tests" | &"benches")))
}

#[test]
fn only_tests_and_the_test_kit_use_the_testing_modules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().expect("the workspace root");
    let mut files = Vec::new();
    for dir in ["src", "crates", "xtask", "tests", "fuzz"] {
        rust_files(&root, &root.join(dir), &mut files);
    }
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("crates/testkit/src/pkcs12.rs")),
        "the walk finds the test kit"
    );
    let users: Vec<_> = files
        .iter()
        .filter(|f| !may_use_testing(f))
        .filter(|f| {
            let text = std::fs::read_to_string(root.join(f)).expect("a source file");
            strip(&text).contains("::testing::")
        })
        .collect();
    assert!(
        users.is_empty(),
        "code outside the tests reaches internals through a testing module: {users:?}"
    );
    assert!(may_use_testing(Path::new("crates/store/tests/decide.rs")));
    assert!(!may_use_testing(Path::new("crates/wasm/src/lib.rs")));
    assert!(!may_use_testing(Path::new("src/cmd/files.rs")));
}

#[test]
fn the_reading_sees_top_level_public_items_only() {
    let text = r##"
//! pub mod in_a_comment;
pub mod shown { pub fn inner() {} pub(crate) fn not_this() {} }
pub(crate) mod crate_only;
#[doc(hidden)]
pub mod testing { pub use crate::x::*; }
mod private { pub fn not_reachable() {} }
pub use a::{b, c as d, e::{self, f}};
pub use g::H as Renamed;
pub struct S { pub field: u8 }
impl S { pub fn method(&self) {} }
pub const fn k() -> char { '{' }
pub(super) fn up() {}
const TEXT: &str = "pub fn in_a_string() { ";
const RAW: &str = r#"pub struct InRaw { "#;
const BYTES: &[u8] = br"pub struct InRawBytes { ";
const QUOTE: char = '\'';
const BRACE: u8 = b'{';
fn f<'a>(x: &'a str) -> &'a str { x }
pub async_thing_is_not_an_item;
catalog! { pub enum Made { A } }
macro_rules! not_an_item { () => {} }
pub enum Last { A }
"##;
    let mut surface = Surface::default();
    read_module(text, None, "", &mut surface);
    let items: Vec<&str> = surface.items.iter().map(String::as_str).collect();
    assert_eq!(
        items,
        [
            "Last",
            "Renamed",
            "S",
            "b",
            "catalog!",
            "d",
            "e",
            "f",
            "k",
            "shown::",
            "shown::inner"
        ]
    );
    assert_eq!(surface.hidden, BTreeSet::from(["testing".to_string()]));
}
