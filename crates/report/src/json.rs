//! The stable JSON document. Fields may be added; none are renamed.

use crate::document::Document;

/// The document as pretty-printed JSON with a final line break. Members are
/// in alphabetical order at every level, as the contract has always printed
/// them (through `serde_json::Value`, whose maps are sorted).
pub fn render(doc: &Document) -> String {
    let value = serde_json::to_value(doc).unwrap_or(serde_json::Value::Null);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
