//! No import cycle between core's modules: each top-level module (a file in
//! src/, or a folder with its files) may use others only in one direction,
//! so a module can be read, tested and moved on its own. The graph is read
//! from the source text: every `crate::name` and `crate::{name, ...}` outside
//! comments, test modules included (a cycle through a test is still one).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level module a source file belongs to (`pkcs12/open.rs` is
/// `pkcs12`); None for the crate root, whose `mod` lines are not uses.
fn module_of(path: &str) -> Option<String> {
    let first = path.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// The leading identifier of `s`.
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The modules a text names after `crate::`.
fn uses(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group: `{a::b, c::{d, e}, f}`.
            let mut depth = 1;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => item_start = true,
                    c if item_start && depth == 1 && !c.is_whitespace() => {
                        let name = ident(&group[i..]);
                        if !name.is_empty() {
                            out.insert(name.to_string());
                        }
                        item_start = false;
                    }
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name.to_string());
            }
        }
    }
    out
}

/// Module → modules it uses, from (path under src/, text) pairs; names that
/// are not modules of the crate (re-exports, `crate::Type`) are left out.
fn graph(files: &[(String, String)]) -> Graph {
    let modules: BTreeSet<String> = files.iter().filter_map(|(p, _)| module_of(p)).collect();
    let mut g = Graph::new();
    for (path, text) in files {
        let Some(from) = module_of(path) else {
            continue;
        };
        let to = g.entry(from.clone()).or_default();
        for name in uses(text) {
            if name != from && modules.contains(&name) {
                to.insert(name);
            }
        }
    }
    g
}

/// Every cycle, as the path from its smallest module back to it, each once.
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    fn walk(g: &Graph, start: &str, path: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
        let here = path.last().expect("a path has a start").clone();
        for next in g.get(&here).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                found.push(cycle);
            } else if next.as_str() > start && !path.contains(next) {
                path.push(next.clone());
                walk(g, start, path, found);
                path.pop();
            }
        }
    }
    let mut found = Vec::new();
    for start in g.keys() {
        walk(g, start, &mut vec![start.clone()], &mut found);
    }
    found
}

fn sources(dir: &Path, under: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let rel = format!("{under}{name}");
        if path.is_dir() {
            sources(&path, &format!("{rel}/"), out);
        } else if name.ends_with(".rs") {
            out.push((rel, std::fs::read_to_string(&path).expect("a source file")));
        }
    }
}

#[test]
fn no_import_cycle_between_core_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, "", &mut files);
    let g = graph(&files);
    // The reading works on the real tree: edges it must see.
    for (from, to) in [("check", "x509"), ("pkcs12", "der"), ("relations", "check")] {
        assert!(
            g.get(from).is_some_and(|t| t.contains(to)),
            "{from} → {to} not found: {g:?}"
        );
    }
    let found = cycles(&g);
    assert!(
        found.is_empty(),
        "import cycles between core's modules: {}",
        found
            .iter()
            .map(|c| c.join(" → "))
            .collect::<Vec<_>>()
            .join("; ")
    );
}

#[test]
fn the_reading_finds_cycles_through_groups_and_paths_and_skips_comments() {
    let files = [
        ("lib.rs", "pub mod a;\nuse crate::b;"),
        ("a.rs", "use crate::b::X;\n// crate::d is only a comment"),
        ("b/mod.rs", "use crate::{\n    c::{Y, Z},\n    d,\n};"),
        ("b/inner.rs", "fn f() { crate::e::g() }"),
        ("c.rs", "fn h() -> u8 { crate::a::K } // crate::d"),
        ("d.rs", "use crate::Thing;"),
        ("e.rs", "use crate::b::Q;"),
    ]
    .map(|(p, t)| (p.to_string(), t.to_string()));
    let g = graph(&files);
    let edges = |m: &str| g[m].iter().map(String::as_str).collect::<Vec<_>>();
    assert_eq!(edges("a"), ["b"]);
    assert_eq!(edges("b"), ["c", "d", "e"]);
    assert_eq!(edges("c"), ["a"]);
    assert!(edges("d").is_empty());
    assert_eq!(cycles(&g), [vec!["a", "b", "c", "a"], vec!["b", "e", "b"]]);
}
