//! Reading a received JSON report (`certcheck report view`): any bytes in,
//! a certcheck [`Document`] or a reason out. A report re-saved on Windows may
//! carry a BOM (Notepad: UTF-8; PowerShell 5: UTF-16LE).
//!
//! Memory is bounded by the count of values, not only by the size: 8 MiB of
//! `{},` are 2.8 million findings, which as a JSON tree and a document take
//! hundreds of megabytes. A first pass counts the values without keeping
//! any and refuses a report over [`MAX_VALUES`] before anything is built.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::document::Document;

/// The largest report read. Ours hold a few kilobytes per file.
pub const MAX_REPORT_BYTES: u64 = 8 * 1024 * 1024;

/// The most values (objects, arrays, strings, numbers... nested ones
/// included) a report may hold. Ours hold a few hundred per file; a doctor
/// report over a hundred files stays far below.
pub const MAX_VALUES: usize = 100_000;

/// Why bytes are not a certcheck report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("the report is not text (UTF-8 or UTF-16 with a BOM)")]
    NotText,
    #[error("the report is not JSON: {0}")]
    NotJson(String),
    #[error("the JSON has no verdict and findings")]
    NotCertcheck,
    #[error("the JSON's members are not a certcheck report's: {0}")]
    NotDocument(String),
    #[error("the report holds more than {MAX_VALUES} values")]
    TooManyValues,
}

/// What the counting pass may still read, and whether it ran out.
struct Budget {
    left: usize,
    exceeded: bool,
}

impl<'de> DeserializeSeed<'de> for &mut Budget {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.left == 0 {
            self.exceeded = true;
            return Err(de::Error::custom("too many values"));
        }
        self.left -= 1;
        d.deserialize_any(self)
    }
}

/// Visits every value and keeps none.
impl<'de> Visitor<'de> for &mut Budget {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(&mut *self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(&mut *self)?;
        }
        Ok(())
    }
}

/// Counts the values of `json` without building them.
fn count_values(json: &str) -> Result<(), ReportError> {
    let mut budget = Budget {
        left: MAX_VALUES,
        exceeded: false,
    };
    let mut d = serde_json::Deserializer::from_str(json);
    let counted = (&mut budget).deserialize(&mut d).and_then(|()| d.end());
    match counted {
        Err(_) if budget.exceeded => Err(ReportError::TooManyValues),
        Err(e) => Err(ReportError::NotJson(e.to_string())),
        Ok(()) => Ok(()),
    }
}

/// The text of a report, its BOM removed.
fn text(bytes: &[u8]) -> Result<String, ReportError> {
    let utf16 = |rest: &[u8], be: bool| -> Result<String, ReportError> {
        if !rest.len().is_multiple_of(2) {
            return Err(ReportError::NotText);
        }
        let units = rest.chunks_exact(2).map(|u| {
            if be {
                u16::from_be_bytes([u[0], u[1]])
            } else {
                u16::from_le_bytes([u[0], u[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| ReportError::NotText)
    };
    match bytes {
        [0xef, 0xbb, 0xbf, rest @ ..] => std::str::from_utf8(rest).map(str::to_string),
        [0xff, 0xfe, rest @ ..] => return utf16(rest, false),
        [0xfe, 0xff, rest @ ..] => return utf16(rest, true),
        _ => std::str::from_utf8(bytes).map(str::to_string),
    }
    .map_err(|_| ReportError::NotText)
}

/// Parses a report; it must be a JSON object with `verdict` and `findings`
/// whose members have the document's types (any may be missing).
pub fn parse(bytes: &[u8]) -> Result<Document, ReportError> {
    let text = text(bytes)?;
    count_values(&text)?;
    let doc: Value =
        serde_json::from_str(&text).map_err(|e| ReportError::NotJson(e.to_string()))?;
    if doc.get("verdict").is_none() || !doc.get("findings").is_some_and(Value::is_array) {
        return Err(ReportError::NotCertcheck);
    }
    serde_json::from_value(doc).map_err(|e| ReportError::NotDocument(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_are_accepted_and_other_things_named() {
        let json = r#"{"verdict":"ok","findings":[]}"#;
        let mut le = vec![0xff, 0xfe];
        le.extend(json.encode_utf16().flat_map(u16::to_le_bytes));
        for bytes in [
            json.as_bytes().to_vec(),
            [b"\xef\xbb\xbf".as_slice(), json.as_bytes()].concat(),
            le,
        ] {
            assert_eq!(
                parse(&bytes).unwrap().verdict,
                Some(certcheck_core::findings::Verdict::Ok)
            );
        }
        assert_eq!(parse(b"\xff\xfe\x00"), Err(ReportError::NotText));
        assert_eq!(parse(b"\xc3"), Err(ReportError::NotText));
        assert!(matches!(parse(b"{"), Err(ReportError::NotJson(_))));
        assert_eq!(parse(b"[1]"), Err(ReportError::NotCertcheck));
        assert_eq!(
            parse(br#"{"verdict":1,"findings":{}}"#),
            Err(ReportError::NotCertcheck)
        );
    }

    #[test]
    fn values_are_counted_before_anything_is_built() {
        let report = |n: usize| {
            format!(
                r#"{{"verdict":"ok","findings":[{}]}}"#,
                vec!["{}"; n].join(",")
            )
        };
        // The object, "ok", the array and n findings.
        assert!(parse(report(MAX_VALUES - 3).as_bytes()).is_ok());
        assert_eq!(
            parse(report(MAX_VALUES - 2).as_bytes()),
            Err(ReportError::TooManyValues)
        );
        let deep = format!(
            r#"{{"verdict":"ok","findings":[],"x":{}}}"#,
            "[".repeat(200)
        );
        assert!(matches!(
            parse(deep.as_bytes()),
            Err(ReportError::NotJson(_))
        ));
    }
}

#[cfg(test)]
mod round_trip {
    use certcheck_core::check::{self, CheckOptions, Read};
    use certcheck_core::findings::Lang;
    use certcheck_core::{OpenOptions, policy};

    use super::parse;
    use crate::assemble::{self, StorePart};
    use crate::document::{Document, Subject};
    use crate::json;

    fn sample(name: &str, password: &str) -> certcheck_core::check::FileReport {
        let path = format!("{}/../../samples/{name}", env!("CARGO_MANIFEST_DIR"));
        let data = std::fs::read(&path).unwrap();
        let options = CheckOptions {
            at: policy::parse_at("2026-12-01").unwrap(),
            open: OpenOptions::default(),
        };
        let read = Read::Bytes {
            data: &data,
            total_len: data.len() as u64,
        };
        check::check(name, read, Some(password), options)
    }

    fn again(doc: &Document) -> Document {
        parse(json::render(doc).as_bytes()).unwrap()
    }

    /// Every command's document reads back as itself, in the shape it was
    /// built with (one file, several, a last day, the store only).
    #[test]
    fn documents_read_back_as_built() {
        let at = policy::parse_at("2026-12-01").unwrap();
        let good = sample("renewal-window-aes.p12", "Kaigo-Sample-2026");
        let broken = sample("webpage.p12", "");
        for lang in [Lang::Ja, Lang::En] {
            let check = assemble::check(&good, None, at, lang);
            assert!(matches!(check.subject, Subject::File(_)));
            assert!(check.offices.as_ref().is_some_and(|o| o.len() == 1));
            assert_eq!(again(&check), check);

            let store = StorePart::default();
            let doctor =
                assemble::doctor(&[&good, &broken], &store, &[], &broken.findings, at, lang);
            assert_eq!(doctor.subject.files().len(), 2);
            assert_eq!(again(&doctor), doctor);

            let store_only = assemble::store(&store, Some(&good), at, lang);
            assert!(matches!(store_only.subject, Subject::Nothing {}));
            assert_eq!(again(&store_only), store_only);

            let v = good.validity.clone().unwrap();
            let renewal = assemble::renewal(&v, good.findings[0].clone(), at, lang);
            let back = again(&renewal);
            assert!(matches!(back.subject, Subject::Renewal { .. }));
            assert_eq!(back, renewal);
        }
    }
}
