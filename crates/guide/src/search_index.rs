//! A bigram search index for Japanese.
//!
//! mdBook's index splits words on spaces, so a Japanese sentence is one long
//! "word" and queries such as 相殺 find nothing. Here every section of every
//! page is cut into unigrams and bigrams of its [`normalize`]d text; the
//! book's `search.js` looks a query's bigrams up, then confirms the whole
//! query in the section text (normalised the same way in the browser). Titles
//! and texts are stored as written, so results show the book's own characters.
//! The index is written as a `.js` file so that it loads from file:// (where
//! fetch() is refused).

use std::cell::RefCell;
use std::collections::BTreeMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// One searchable section: from a heading to the next heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// `page.html#anchor`, relative to the book's root.
    #[serde(rename = "u")]
    pub url: String,
    /// The heading text, as written.
    #[serde(rename = "t")]
    pub title: String,
    /// The page's title (its first heading).
    #[serde(rename = "p")]
    pub page: String,
    /// The `data-for` path of the part the heading sits in; empty for everyone.
    #[serde(rename = "f")]
    pub data_for: String,
    /// The text as written (white space collapsed), for confirming matches
    /// (after normalising) and showing snippets.
    #[serde(rename = "x")]
    pub text: String,
}

/// The index as serialised into `searchindex-ja.js`.
#[derive(Debug, Serialize)]
pub struct Index {
    pub docs: Vec<Section>,
    /// Gram -> indices into `docs`, ascending.
    pub grams: BTreeMap<String, Vec<u32>>,
    /// [`IGNORED`], so that `search.js` normalises queries exactly as the index.
    pub ignored: &'static str,
}

/// Characters a query may have or leave out without changing its meaning:
/// brackets, quotes and Japanese punctuation (after NFKC, so full-width forms
/// are covered), and the long vowel mark, so that ユーザ and ユーザー,
/// コンピュータ and コンピューター, フォルダ and フォルダー are the same word.
/// The index carries this set, so `search.js` drops exactly the same.
pub const IGNORED: &str = "ー「」『』【】〈〉《》[]()・、。,!?:\"'‘’“”";

/// What search compares: NFKC, lower case, [`IGNORED`] characters dropped,
/// runs of white space collapsed to one space.
pub fn normalize(text: &str) -> String {
    let lowered: String = text
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !IGNORED.contains(*c))
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What results show: the text as written, with white space collapsed and
/// only the Kangxi radical look-alikes (⼈ for 人, from PDF copies) replaced.
pub fn display(text: &str) -> String {
    let mut fixed = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\u{2E80}'..='\u{2EFF}' | '\u{2F00}'..='\u{2FDF}') {
            fixed.extend(c.to_string().nfkc());
        } else {
            fixed.push(c);
        }
    }
    fixed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The unigrams and bigrams of a normalised text, never spanning a space.
pub fn grams(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(' ').flat_map(|word| {
        let chars: Vec<char> = word.chars().collect();
        let singles = chars.clone().into_iter().map(String::from);
        let pairs: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
        singles.chain(pairs)
    })
}

/// Builds the index over the sections of several pages.
pub fn build(sections: Vec<Section>) -> Index {
    let mut grams_map: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, section) in sections.iter().enumerate() {
        let i = u32::try_from(i).expect("fewer than 4 billion sections");
        let haystack = normalize(&format!("{} {}", section.title, section.text));
        for gram in grams(&haystack) {
            let postings = grams_map.entry(gram).or_default();
            if postings.last() != Some(&i) {
                postings.push(i);
            }
        }
    }
    Index {
        docs: sections,
        grams: grams_map,
        ignored: IGNORED,
    }
}

/// The index as a script that sets `window.CC_SEARCH_INDEX`.
pub fn to_js(index: &Index) -> Result<String, serde_json::Error> {
    Ok(format!(
        "window.CC_SEARCH_INDEX = {};\n",
        serde_json::to_string(index)?
    ))
}

/// Splits one page's `<main>` into sections at headings that have an id.
pub fn sections_of_page(page_url: &str, html: &str) -> Vec<Section> {
    let sink = SectionSink {
        page_url: page_url.to_string(),
        state: RefCell::new(State::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut state = tokenizer.sink.state.into_inner();
    state.finish_section();
    let page = state
        .sections
        .first()
        .map(|s| s.title.clone())
        .unwrap_or_default();
    state
        .sections
        .into_iter()
        .map(|s| Section {
            page: page.clone(),
            ..s
        })
        .collect()
}

/// Elements whose text is not searched: widgets, mock-ups and the step list
/// (which repeats every step title) would only add noise.
const SKIP_CLASSES: &[&str] = &[
    "cc-stepnav",
    "cc-step-progress",
    "cc-mock",
    "cc-chooser",
    "cc-calc",
    "cc-path-bar",
    "cc-skipped",
];
const INLINE: &[&str] = &[
    "a", "span", "code", "strong", "em", "b", "i", "kbd", "mark", "small", "sup", "sub",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

#[derive(Default)]
struct State {
    in_main: bool,
    /// Open elements inside `<main>`: (name, data-for, skipped).
    stack: Vec<(String, Option<String>, bool)>,
    heading: Option<(String, String)>,
    heading_text: String,
    current: Option<Section>,
    sections: Vec<Section>,
}

impl State {
    fn skipping(&self) -> bool {
        self.stack.iter().any(|(_, _, skip)| *skip)
    }

    fn data_for(&self) -> String {
        self.stack
            .iter()
            .rev()
            .find_map(|(_, f, _)| f.clone())
            .unwrap_or_default()
    }

    fn finish_section(&mut self) {
        if let Some(mut s) = self.current.take() {
            s.text = display(&s.text);
            self.sections.push(s);
        }
    }

    fn tag(&mut self, page_url: &str, tag: &Tag) {
        let name = tag.name.to_string();
        if name == "main" {
            self.in_main = tag.kind == TagKind::StartTag;
            return;
        }
        if !self.in_main {
            return;
        }
        if !INLINE.contains(&name.as_str()) {
            // Block boundaries separate words.
            self.text(" ");
        }
        let attr = |key: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == key)
                .map(|a| a.value.to_string())
        };
        match tag.kind {
            TagKind::StartTag => {
                let is_heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4");
                if is_heading
                    && !self.skipping()
                    && let Some(id) = attr("id")
                {
                    self.heading = Some((name.clone(), id));
                    self.heading_text.clear();
                }
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    return;
                }
                let classes = attr("class").unwrap_or_default();
                let skip = classes
                    .split_whitespace()
                    .any(|c| SKIP_CLASSES.contains(&c));
                self.stack.push((name, attr("data-for"), skip));
            }
            TagKind::EndTag => {
                if let Some(pos) = self.stack.iter().rposition(|(n, _, _)| *n == name) {
                    self.stack.truncate(pos);
                }
                if self.heading.as_ref().is_some_and(|(h, _)| *h == name) {
                    let (h, id) = self.heading.take().expect("checked");
                    self.finish_section();
                    let url = if h == "h1" && self.sections.is_empty() {
                        page_url.to_string()
                    } else {
                        format!("{page_url}#{id}")
                    };
                    let title = display(&self.heading_text);
                    self.current = Some(Section {
                        url,
                        title,
                        page: String::new(),
                        data_for: self.data_for(),
                        text: String::new(),
                    });
                }
            }
        }
    }

    fn text(&mut self, text: &str) {
        if !self.in_main || self.skipping() {
            return;
        }
        if self.heading.is_some() {
            self.heading_text.push_str(text);
        } else if let Some(s) = self.current.as_mut() {
            s.text.push_str(text);
        }
    }
}

struct SectionSink {
    page_url: String,
    state: RefCell<State>,
}

impl TokenSink for SectionSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let raw = matches!(&*tag.name, "script" | "style") && tag.kind == TagKind::StartTag;
                state.tag(&self.page_url, &tag);
                if raw {
                    // Script and style bodies are not text; skip them whole.
                    if state.in_main {
                        state.stack.push((tag.name.to_string(), None, true));
                    }
                    return TokenSinkResult::RawData(if &*tag.name == "script" {
                        RawKind::ScriptData
                    } else {
                        RawKind::Rawtext
                    });
                }
            }
            Token::CharacterTokens(text) => state.text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><head><script>var a = 1;</script></head><body><nav>目次 相殺</nav><main>
<h1 id="title">更新の手順</h1><p>はじめに。</p>
<section class="cc-step" data-step="3" data-for="agent"><h2 id="step-3">3. 支払方法を選ぶ</h2>
<p>「相殺」または「振込」。</p><figure class="cc-mock"><p>見本の文字</p></figure>
<script>var x = "相殺";</script></section>
<h2 id="after">Ｋｊ と ｶﾀｶﾅ</h2><p>ユーザID</p></main></body></html>"#;

    #[test]
    fn pages_split_into_sections_at_headings_with_paths() {
        let s = sections_of_page("steps.html", PAGE);
        let urls: Vec<&str> = s.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            urls,
            ["steps.html", "steps.html#step-3", "steps.html#after"]
        );
        assert_eq!(s[1].title, "3. 支払方法を選ぶ");
        assert_eq!(s[1].data_for, "agent");
        assert_eq!(s[1].page, "更新の手順");
        assert!(s[1].text.contains("「相殺」"));
        // Mock-ups, scripts and everything outside <main> are not indexed.
        assert!(!s[1].text.contains("見本"));
        assert_eq!(s[1].text.matches("相殺").count(), 1);
        assert!(!s[0].text.contains("目次"));
        assert_eq!(s[2].data_for, "");
    }

    #[test]
    fn normalisation_is_nfkc_and_lower_case() {
        // Kangxi look-alikes and half-width katakana become the usual characters.
        assert_eq!(
            normalize("代理⼈ 請求 ｶﾀｶﾅ ＫＪ"),
            "代理人 請求 カタカナ kj"
        );
        assert_eq!(normalize("a\n\n  b"), "a b");
    }

    #[test]
    fn spellings_with_and_without_the_long_vowel_mark_are_one_word() {
        for (a, b) in [
            ("ユーザ", "ユーザー"),
            ("コンピュータ", "コンピューター"),
            ("フォルダ", "フォルダー"),
            ("ﾕｰｻﾞｰ", "ユーザ"),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} / {b}");
        }
        // Brackets and punctuation do not have to be typed.
        assert_eq!(
            normalize("［ファイルを開く］が出ない。"),
            normalize("ファイルを開くが出ない")
        );
        assert_eq!(normalize("「現在のユーザー」"), "現在のユザ");
    }

    #[test]
    fn shown_text_keeps_the_book_s_characters() {
        assert_eq!(
            display("ユーザID（KJ で始まる番号）\n 代理⼈"),
            "ユーザID（KJ で始まる番号） 代理人"
        );
    }

    #[test]
    fn grams_are_unigrams_and_bigrams_within_words() {
        let g: Vec<String> = grams("相殺 ab").collect();
        assert_eq!(g, ["相", "殺", "相殺", "a", "b", "ab"]);
    }

    #[test]
    fn index_postings_point_at_the_sections_holding_a_gram() {
        let idx = build(sections_of_page("steps.html", PAGE));
        assert_eq!(idx.grams["相殺"], vec![1]);
        assert_eq!(idx.grams["ユザ"], vec![2]);
        // Titles are indexed normalised but kept as written.
        assert_eq!(idx.grams["kj"], vec![2]);
        assert_eq!(idx.docs[2].title, "Ｋｊ と ｶﾀｶﾅ");
        assert!(!idx.grams.contains_key("見本"));
        let js = to_js(&idx).unwrap();
        assert!(js.starts_with("window.CC_SEARCH_INDEX = {"));
    }
}
