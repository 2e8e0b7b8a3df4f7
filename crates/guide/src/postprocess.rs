//! After mdBook: Japanese interface text, the bigram index, the list of
//! finding codes for the tests, and checks that the book stays offline.

use std::path::{Path, PathBuf};

use certcheck_catalog::findings::{Code, GUIDE_PAGE};
use serde::Serialize;

use crate::error::GuideError;
use crate::{localize, search_index};

/// The index script, loaded by `search.js` on first use.
pub const SEARCH_INDEX_FILE: &str = "searchindex-ja.js";
/// The catalog's codes and anchors, for the browser tests and other tools.
pub const CODES_FILE: &str = "finding-codes.json";
/// Which sections belong to one path only (`page.html#id` -> `data-for`),
/// loaded by every page (theme/head.hbs) so that links to them (the side bar,
/// the overview table) follow the reader's chosen path.
pub const PATHS_FILE: &str = "cc-paths.js";
/// mdBook's script, whose few interface strings are English.
const BOOK_JS: &str = "book.js";

/// Pages that are not chapters: the index must not point at them.
const NOT_CHAPTERS: &[&str] = &["print.html", "toc.html", "404.html"];

#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    pub bytes: u64,
    pub search_sections: usize,
}

#[derive(Serialize)]
struct CodeEntry {
    code: &'static str,
    severity: &'static str,
    anchor: String,
    guide: String,
}

/// Post-processes a built book in place.
pub fn run(out_dir: &Path) -> Result<Summary, GuideError> {
    let mut pages = html_files(out_dir)?;
    pages.sort();
    let mut sections = Vec::new();
    let mut troubleshooting = None;
    for path in &pages {
        let rel = relative_url(out_dir, path);
        let html = std::fs::read_to_string(path).map_err(GuideError::io(path))?;
        // 404.html has a fixed <base> for web servers; from file:// it only misleads.
        if rel == "404.html" {
            std::fs::remove_file(path).map_err(GuideError::io(path))?;
            continue;
        }
        let english = localize::english_left(&html);
        if !english.is_empty() {
            return Err(GuideError::Mdbook(format!(
                "{rel}: mdBook's English {english:?}: is book/theme/index.hbs still used? update it or localize.rs"
            )));
        }
        check_offline(&rel, &html)?;
        if !NOT_CHAPTERS.contains(&rel.as_str()) {
            sections.extend(search_index::sections_of_page(&rel, &html));
        }
        if rel == GUIDE_PAGE {
            troubleshooting = Some(html.clone());
        }
        std::fs::write(path, &html).map_err(GuideError::io(path))?;
    }
    check_findings(troubleshooting.as_deref().unwrap_or(""))?;

    let search_sections = sections.len();
    write(out_dir.join(PATHS_FILE), paths_js(&sections)?)?;
    let book_js = out_dir.join(BOOK_JS);
    let script = std::fs::read_to_string(&book_js).map_err(GuideError::io(&book_js))?;
    write(
        book_js,
        localize::localize_script(&script).map_err(GuideError::Mdbook)?,
    )?;
    let index = search_index::build(sections);
    write(
        out_dir.join(SEARCH_INDEX_FILE),
        search_index::to_js(&index)?,
    )?;
    let codes: Vec<CodeEntry> = Code::ALL
        .iter()
        .map(|c| c.definition())
        .map(|d| CodeEntry {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            anchor: d.anchor(),
            guide: d.guide(),
        })
        .collect();
    write(
        out_dir.join(CODES_FILE),
        serde_json::to_string_pretty(&codes)?,
    )?;

    Ok(Summary {
        pages: pages.len() - 1,
        bytes: dir_size(out_dir)?,
        search_sections,
    })
}

/// `window.CC_PATHS = {"procedure.html#step-3": "agent", ...};`
pub fn paths_js(sections: &[search_index::Section]) -> Result<String, GuideError> {
    let map: std::collections::BTreeMap<&str, &str> = sections
        .iter()
        .filter(|s| !s.data_for.is_empty())
        .map(|s| (s.url.as_str(), s.data_for.as_str()))
        .collect();
    Ok(format!(
        "window.CC_PATHS = {};\n",
        serde_json::to_string(&map)?
    ))
}

/// Every catalog code must have its anchor on the troubleshooting page.
pub fn check_findings(page: &str) -> Result<(), GuideError> {
    let missing: Vec<String> = Code::ALL
        .iter()
        .map(|c| c.definition())
        .filter(|d| !page.contains(&format!("id=\"{}\"", d.anchor())))
        .map(|d| d.code.to_string())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(GuideError::MissingFindingSections(missing))
    }
}

/// No `src` or `href` may leave the book (fonts, MathJax, analytics...).
pub fn check_offline(page: &str, html: &str) -> Result<(), GuideError> {
    for attr in ["src=\"", "href=\"", "src='", "href='", "url("] {
        for (i, _) in html.match_indices(attr) {
            let value = html[i + attr.len()..].trim_start_matches(['"', '\'']);
            let lower = value.get(..12).unwrap_or(value).to_ascii_lowercase();
            if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
            {
                let end = value.find(['"', '\'', ')', ' ']).unwrap_or(value.len());
                return Err(GuideError::ExternalResource {
                    page: page.to_string(),
                    url: value[..end].to_string(),
                });
            }
        }
    }
    Ok(())
}

fn write(path: PathBuf, contents: String) -> Result<(), GuideError> {
    std::fs::write(&path, contents).map_err(GuideError::io(path))
}

fn relative_url(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn html_files(dir: &Path) -> Result<Vec<PathBuf>, GuideError> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(GuideError::io(dir))? {
        let path = entry.map_err(GuideError::io(dir))?.path();
        if path.is_dir() {
            out.extend(html_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    Ok(out)
}

fn dir_size(dir: &Path) -> Result<u64, GuideError> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(GuideError::io(dir))? {
        let entry = entry.map_err(GuideError::io(dir))?;
        let meta = entry.metadata().map_err(GuideError::io(entry.path()))?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_urls_in_attributes_are_refused_but_text_is_not() {
        assert!(
            check_offline(
                "a.html",
                "<p>https://example.invalid is text</p><a href=\"b.html#x\">b</a>"
            )
            .is_ok()
        );
        let err = check_offline(
            "a.html",
            "<script src=\"https://cdn.example/m.js\"></script>",
        )
        .unwrap_err();
        assert!(err.to_string().contains("https://cdn.example/m.js"));
        assert!(check_offline("a.css", "x{background:url(//fonts.example/f.woff2)}").is_err());
    }

    #[test]
    fn path_sections_are_listed_for_the_links_to_them() {
        let page = r#"<main><h1 id="t">手順</h1><section data-for="agent"><h2 id="step-3">3</h2></section>
<h2 id="step-4">4</h2></main>"#;
        let js = paths_js(&search_index::sections_of_page("procedure.html", page)).unwrap();
        assert_eq!(
            js,
            "window.CC_PATHS = {\"procedure.html#step-3\":\"agent\"};\n"
        );
    }

    #[test]
    fn a_missing_finding_section_fails_with_its_code() {
        let all: String = Code::ALL
            .iter()
            .map(|c| format!("<h2 id=\"{}\">", c.definition().anchor()))
            .collect();
        assert!(check_findings(&all).is_ok());
        let without = all.replace("id=\"password-wrong\"", "id=\"other\"");
        match check_findings(&without) {
            Err(GuideError::MissingFindingSections(codes)) => {
                assert_eq!(codes, vec!["password.wrong"])
            }
            other => panic!("{other:?}"),
        }
    }
}
