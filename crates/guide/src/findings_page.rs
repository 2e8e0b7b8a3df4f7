//! The troubleshooting sections, generated from certcheck's findings catalog
//! so that every code has a section and its anchor, whoever adds codes later.

use std::collections::BTreeMap;

use certcheck_catalog::findings::{Code, Definition, Lang};

use crate::html::escape;

/// One code's section: heading with the catalog anchor, the catalog's message
/// and its details line (HTML, so that smart punctuation never rewrites
/// `--max-iterations`), the English text, then the book's extra Markdown for
/// this code if any.
pub fn section(def: &Definition, extra: Option<&str>) -> String {
    let mut out = format!(
        "<section class=\"cc-finding cc-sev-{sev}\" data-code=\"{code}\">\n\n## {title} {{#{anchor}}}\n\n\
         <p class=\"cc-finding-meta\"><span class=\"cc-sev\">{label}</span> <code>{code}</code></p>\n\
         <p class=\"cc-finding-message\">{message}</p>\n\
         {details}<p class=\"cc-en\" lang=\"en\"><span>{title_en}.</span> {message_en}{details_en}</p>\n\n",
        sev = def.severity.as_str(),
        code = escape(def.code.as_str()),
        title = markdown_safe(def.title_ja),
        anchor = def.anchor(),
        label = def.severity.label(Lang::Ja),
        message = escape(def.message_ja),
        details = def.details(Lang::Ja).map_or_else(String::new, |d| format!(
            "<p class=\"cc-finding-details\">詳細（相談先向け）: {}</p>\n",
            escape(d)
        )),
        title_en = escape(def.title_en),
        message_en = escape(def.message_en),
        details_en = def
            .details(Lang::En)
            .map_or_else(String::new, |d| format!(" Details: {}", escape(d))),
    );
    if let Some(extra) = extra {
        out.push_str(extra.trim());
        out.push_str("\n\n");
    }
    out.push_str("</section>\n\n");
    out
}

/// All sections in catalog order. Extra prose naming an unknown code is an
/// error, so a typo cannot silently drop the text.
pub fn sections(extras: &BTreeMap<String, String>) -> Result<String, String> {
    if let Some(unknown) = extras.keys().find(|code| code.parse::<Code>().is_err()) {
        return Err(format!(
            "`::: more {unknown}` names a code that is not in the findings catalog"
        ));
    }
    Ok(Code::ALL
        .iter()
        .map(|c| section(c.definition(), extras.get(c.as_str()).map(String::as_str)))
        .collect())
}

/// Heading text is Markdown: keep catalog titles from being read as markup.
fn markdown_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_code_gets_its_anchor_once() {
        let html = sections(&BTreeMap::new()).unwrap();
        for code in Code::ALL {
            let anchor = format!("{{#{}}}", code.definition().anchor());
            assert_eq!(html.matches(&anchor).count(), 1, "{code}");
        }
        assert!(html.contains("{#password-wrong}"));
    }

    #[test]
    fn extra_prose_lands_in_its_section_and_unknown_codes_fail() {
        let mut extras = BTreeMap::new();
        extras.insert("password.wrong".to_string(), "追加の説明。\n".to_string());
        let html = sections(&extras).unwrap();
        let start = html.find("{#password-wrong}").unwrap();
        let end = start + html[start..].find("</section>").unwrap();
        assert!(html[start..end].contains("追加の説明。"));
        extras.insert("password.wrnog".to_string(), String::new());
        assert!(sections(&extras).unwrap_err().contains("password.wrnog"));
    }

    #[test]
    fn catalog_text_is_escaped_not_interpreted() {
        let def = Code::P12ExcessiveIterations.definition();
        let html = section(def, None);
        assert!(html.contains("<p class=\"cc-finding-message\">"));
        assert!(html.contains("--max-iterations"));
        assert_eq!(markdown_safe("a*b_[c]"), "a\\*b\\_\\[c\\]");
    }
}
