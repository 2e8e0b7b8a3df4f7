//! mdBook's own interface text in Japanese, and its script's few fixes.
//!
//! The page layout is ours (book/theme/index.hbs, mdBook 0.5's template with
//! Japanese text and the accessibility fixes), so pages only need checking
//! that none of mdBook's English came back (a template renamed, a new mdBook).
//! book.js is mdBook's and is rewritten: each pair below is an exact string of
//! it and its replacement, and each must be found.

/// English interface text of mdBook 0.5's default templates; none may be in a page.
pub const MDBOOK_ENGLISH: &[&str] = &[
    "Toggle Table of Contents",
    "aria-label=\"Table of contents\"",
    "Change theme",
    "aria-label=\"Themes\"",
    ">Auto</button>",
    ">Light</button>",
    ">Coal</button>",
    "Print this book",
    "Page navigation",
    "Previous chapter",
    "Next chapter",
    "Keyboard shortcuts",
    "to navigate between chapters",
    "to show this help",
];

/// (English as mdBook's book.js has it, Japanese): the code blocks' copy button.
pub const SCRIPT_REPLACEMENTS: &[(&str, &str)] = &[
    (
        "clipButton.title = 'Copy to clipboard';",
        "clipButton.title = 'クリップボードにコピー';",
    ),
    (
        "copyCodeClipboardButton.title = 'Copy to clipboard';",
        "copyCodeClipboardButton.title = 'クリップボードにコピー';",
    ),
    (
        "showTooltip(e.trigger, 'Copied!');",
        "showTooltip(e.trigger, 'コピーしました');",
    ),
    (
        "showTooltip(e.trigger, 'Clipboard error!');",
        "showTooltip(e.trigger, 'コピーできませんでした');",
    ),
    // A code block's buttons sit inside its <pre>, which may hold phrasing
    // content only: a span, not a div (the Nu HTML checker's error).
    (
        "buttons = document.createElement('div');",
        "buttons = document.createElement('span');",
    ),
    // WCAG 2.1.4: the help's character key works only on the page itself,
    // not while a link, a button or a field has the focus.
    (
        "        case '?':\n            e.preventDefault();",
        "        case '?':\n            if (!/^(BODY|HTML|MAIN)$/.test(e.target.nodeName)) break;\n            e.preventDefault();",
    ),
];

/// Rewrites mdBook's book.js; every string must be found, so a new mdBook
/// cannot bring English back unnoticed.
pub fn localize_script(script: &str) -> Result<String, String> {
    let mut out = script.to_string();
    for (en, ja) in SCRIPT_REPLACEMENTS {
        if !out.contains(en) {
            return Err(format!(
                "book.js: {en:?} not found; mdBook's script changed, update localize.rs"
            ));
        }
        out = out.replace(en, ja);
    }
    Ok(out)
}

/// mdBook's English interface strings found in a page (none should be).
pub fn english_left(html: &str) -> Vec<&'static str> {
    MDBOOK_ENGLISH
        .iter()
        .copied()
        .filter(|en| html.contains(en))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_button_speaks_japanese_or_the_build_fails() {
        let js = "clipButton.title = 'Copy to clipboard'; copyCodeClipboardButton.title = 'Copy to clipboard';\n\
                  showTooltip(e.trigger, 'Copied!'); showTooltip(e.trigger, 'Clipboard error!');\n\
                  const buttons = document.createElement('div');\n        case '?':\n            e.preventDefault();";
        let out = localize_script(js).unwrap();
        assert!(
            !out.contains("Copy to clipboard") && !out.contains("Copied!"),
            "{out}"
        );
        assert!(out.contains("コピーしました"));
        assert!(out.contains("createElement('span')") && out.contains("BODY|HTML|MAIN"));
        assert!(
            localize_script("nothing here")
                .unwrap_err()
                .contains("book.js")
        );
    }

    #[test]
    fn english_interface_text_is_found() {
        assert_eq!(
            english_left("<button class=\"theme\">Light</button><nav aria-label=\"ページの移動\">"),
            vec![">Light</button>"]
        );
        assert!(english_left("<nav aria-label=\"目次\">").is_empty());
    }
}
