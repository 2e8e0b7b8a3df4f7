//! Drawn screen mock-ups: HTML fragments kept in `book/mocks/NAME.html`.

use std::path::Path;

/// A mock-up ready to place in a chapter.
#[derive(Debug)]
pub struct Mock {
    pub html: String,
    /// The action numbers drawn on it (`<b class="cc-badge">2-1</b>`).
    pub badges: Vec<String>,
}

/// Loads `NAME.html` and wraps it in a captioned figure. Blank lines and
/// indentation are dropped so Markdown sees one HTML block.
pub fn load(dir: &Path, name: &str, caption: &str) -> Result<Mock, String> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!(
            "mock-up name {name:?} may hold only letters, digits and hyphens"
        ));
    }
    let path = dir.join(format!("{name}.html"));
    let source = std::fs::read_to_string(&path)
        .map_err(|e| format!("mock-up {name:?} ({}): {e}", path.display()))?;
    Ok(wrap(name, caption, &source))
}

/// Wraps a fragment; separate from `load` so it can be tested without files.
pub fn wrap(name: &str, caption: &str, fragment: &str) -> Mock {
    let body: Vec<&str> = fragment
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let caption = crate::html::escape(caption);
    let html = format!(
        "<figure class=\"cc-mock\" data-mock=\"{name}\">\n{}\n<figcaption>画面の見本（架空のデータ）{}{caption}</figcaption>\n</figure>",
        body.join("\n"),
        if caption.is_empty() { "" } else { "：" },
    );
    Mock {
        html,
        badges: badges(fragment),
    }
}

fn badges(fragment: &str) -> Vec<String> {
    const OPEN: &str = "class=\"cc-badge\">";
    fragment
        .match_indices(OPEN)
        .filter_map(|(i, _)| {
            let rest = &fragment[i + OPEN.len()..];
            rest.find('<').map(|end| rest[..end].trim().to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_drops_blank_lines_and_finds_badges() {
        let m = wrap(
            "menu",
            "メニュー",
            "<div>\n\n    <b class=\"cc-badge\">2-1</b>\n</div>\n<b class=\"cc-badge\">2-2</b>",
        );
        assert!(!m.html.contains("\n\n"));
        assert!(m.html.contains("<b class=\"cc-badge\">2-1</b>"));
        assert!(m.html.contains("画面の見本（架空のデータ）：メニュー"));
        assert_eq!(m.badges, vec!["2-1", "2-2"]);
    }

    #[test]
    fn names_cannot_leave_the_mocks_folder() {
        assert!(
            load(Path::new("."), "../secret", "")
                .unwrap_err()
                .contains("letters")
        );
    }
}
