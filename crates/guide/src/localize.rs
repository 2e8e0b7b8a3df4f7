//! mdBook's own interface text in Japanese.
//!
//! The default theme's templates are English and copying them into the book
//! would fork them, so the built pages are rewritten instead: each pair below
//! is an exact string of mdBook 0.5's output and its Japanese replacement.

/// (English as mdBook writes it, Japanese).
pub const REPLACEMENTS: &[(&str, &str)] = &[
    (
        "title=\"Toggle Table of Contents\" aria-label=\"Toggle Table of Contents\"",
        "title=\"目次の表示・非表示\" aria-label=\"目次の表示・非表示\"",
    ),
    ("aria-label=\"Table of contents\"", "aria-label=\"目次\""),
    (
        "title=\"Change theme\" aria-label=\"Change theme\"",
        "title=\"配色の変更\" aria-label=\"配色の変更\"",
    ),
    ("aria-label=\"Themes\"", "aria-label=\"配色\""),
    (
        ">Auto</button>",
        ">自動（パソコンの設定に合わせる）</button>",
    ),
    (">Light</button>", ">ライト（白）</button>"),
    (">Rust</button>", ">ラスト（ベージュ）</button>"),
    (">Coal</button>", ">コール（黒）</button>"),
    (">Navy</button>", ">ネイビー（紺）</button>"),
    (">Ayu</button>", ">アユ（濃い灰色）</button>"),
    (
        "title=\"Print this book\" aria-label=\"Print this book\"",
        "title=\"印刷用ページ（全ページ）\" aria-label=\"印刷用ページ（全ページ）\"",
    ),
    (
        "aria-label=\"Page navigation\"",
        "aria-label=\"ページの移動\"",
    ),
    (
        "title=\"Previous chapter\" aria-label=\"Previous chapter\"",
        "title=\"前のページ\" aria-label=\"前のページ\"",
    ),
    (
        "title=\"Next chapter\" aria-label=\"Next chapter\"",
        "title=\"次のページ\" aria-label=\"次のページ\"",
    ),
    (
        "<h2 class=\"mdbook-help-title\">Keyboard shortcuts</h2>",
        "<h2 class=\"mdbook-help-title\">キーボード操作</h2>",
    ),
    (
        "<p>Press <kbd>←</kbd> or <kbd>→</kbd> to navigate between chapters</p>",
        "<p><kbd>←</kbd> / <kbd>→</kbd>：前のページ・次のページ</p>",
    ),
    (
        "<p>Press <kbd>?</kbd> to show this help</p>",
        "<p><kbd>?</kbd>：この説明を表示</p>",
    ),
    (
        "<p>Press <kbd>Esc</kbd> to hide this help</p>",
        "<p><kbd>Esc</kbd>：この説明を閉じる</p>",
    ),
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

/// Rewrites one page; returns the page and the English strings not found,
/// so a change in mdBook's templates shows up instead of silently staying English.
pub fn localize(html: &str) -> (String, Vec<&'static str>) {
    let mut out = html.to_string();
    let mut missing = Vec::new();
    for (en, ja) in REPLACEMENTS {
        if out.contains(en) {
            out = out.replace(en, ja);
        } else {
            missing.push(*en);
        }
    }
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_button_speaks_japanese_or_the_build_fails() {
        let js = "clipButton.title = 'Copy to clipboard'; copyCodeClipboardButton.title = 'Copy to clipboard';\n\
                  showTooltip(e.trigger, 'Copied!'); showTooltip(e.trigger, 'Clipboard error!');";
        let out = localize_script(js).unwrap();
        assert!(
            !out.contains("Copy to clipboard") && !out.contains("Copied!"),
            "{out}"
        );
        assert!(out.contains("コピーしました"));
        assert!(
            localize_script("nothing here")
                .unwrap_err()
                .contains("book.js")
        );
    }

    #[test]
    fn replaces_known_strings_and_reports_missing_ones() {
        let (out, missing) =
            localize("<button class=\"theme\">Light</button><nav aria-label=\"Page navigation\">");
        assert!(out.contains(">ライト（白）</button>"));
        assert!(out.contains("aria-label=\"ページの移動\""));
        assert!(!missing.contains(&">Light</button>"));
        assert!(missing.contains(&">Coal</button>"));
    }
}
