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
    wrap(name, caption, &source)
}

/// The first line of every mock-up: `<!-- 概要: what the screen shows and what to do -->`.
const SUMMARY_OPEN: &str = "<!-- 概要:";

/// Splits the summary comment off a fragment.
fn summary(fragment: &str) -> Option<(&str, &str)> {
    let rest = fragment.trim_start().strip_prefix(SUMMARY_OPEN)?;
    let end = rest.find("-->")?;
    let text = rest[..end].trim();
    (!text.is_empty()).then(|| (text, &rest[end + 3..]))
}

/// Wraps a fragment; separate from `load` so it can be tested without files.
/// The drawing is one image to assistive technology (`role="img"`), named by
/// the summary, so its screen title is no heading and its made-up text is not
/// read out piece by piece.
pub fn wrap(name: &str, caption: &str, fragment: &str) -> Result<Mock, String> {
    let (text, drawing) = summary(fragment).ok_or_else(|| {
        format!("mock-up {name:?} must start with a summary line: `{SUMMARY_OPEN} ... -->`")
    })?;
    let body: Vec<&str> = drawing
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let caption = crate::html::escape(caption);
    let label = crate::html::escape(&format!(
        "画面の見本{}{caption}。{text}",
        if caption.is_empty() { "" } else { "：" }
    ));
    let html = format!(
        "<figure class=\"cc-mock\" data-mock=\"{name}\">\n<div class=\"cc-mock-screen\" role=\"img\" aria-label=\"{label}\">\n{}\n</div>\n<figcaption>画面の見本（架空のデータ）{}{caption}</figcaption>\n</figure>",
        body.join("\n"),
        if caption.is_empty() { "" } else { "：" },
    );
    Ok(Mock {
        html,
        badges: badges(drawing),
    })
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
            "<!-- 概要: メニュー画面。<証明書>を選ぶ。 -->\n<div>\n\n    <b class=\"cc-badge\">2-1</b>\n</div>\n<b class=\"cc-badge\">2-2</b>",
        )
        .unwrap();
        assert!(!m.html.contains("\n\n"));
        assert!(m.html.contains("<b class=\"cc-badge\">2-1</b>"));
        assert!(m.html.contains("画面の見本（架空のデータ）：メニュー"));
        assert_eq!(m.badges, vec!["2-1", "2-2"]);
        assert!(m.html.contains(
            "role=\"img\" aria-label=\"画面の見本：メニュー。メニュー画面。&lt;証明書&gt;を選ぶ。\""
        ));
        assert!(!m.html.contains("<!--"));
    }

    #[test]
    fn a_mock_up_without_a_summary_is_refused() {
        let err = wrap("menu", "", "<div>見本</div>").unwrap_err();
        assert!(err.contains("概要"), "{err}");
        assert!(wrap("menu", "", "<!-- 概要:  -->\n<div></div>").is_err());
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
