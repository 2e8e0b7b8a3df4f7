//! Which office a certificate belongs to. (The one-row-per-office table is
//! `office_table`.)
//!
//! One claim certificate is issued per 事業所番号, so an agent (代理人請求)
//! transmitting for several offices holds one certificate per office, and a
//! renewal gives the same office a second one. The office is identified by
//! the certificate's subject distinguished name, compared as a name and not as
//! display text: attribute by attribute (type and value), with each value
//! normalised (Unicode NFKC, so full-width and half-width digits and letters
//! are alike; case folded; white space trimmed and collapsed), in the spirit of
//! RFC 5280's name matching. The issuer is not part of it: a renewal signed by
//! a new CA generation is still the same office.

use x509_parser::asn1_rs::Tag;
use x509_parser::x509::X509Name;

/// The office a certificate was issued to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Office {
    /// Compares equal for the same subject name; not meant for display.
    pub key: String,
    /// For people: the subject's (last) common name, else the whole subject.
    pub name: String,
}

/// commonName (2.5.4.3).
const COMMON_NAME: &str = "2.5.4.3";

impl Office {
    /// The office named by a certificate's subject.
    pub fn of(subject: &X509Name<'_>) -> Office {
        let mut key = String::new();
        let mut common_name = None;
        for rdn in subject.iter() {
            key.push('/');
            for (i, attr) in rdn.iter().enumerate() {
                if i > 0 {
                    key.push('+');
                }
                let oid = attr.attr_type().to_id_string();
                let value = value_text(attr.attr_value());
                if oid == COMMON_NAME {
                    common_name = Some(value.clone());
                }
                // Escaped so that a value holding a separator cannot imitate another name.
                key.push_str(&oid);
                key.push('=');
                for c in normalise(&value).chars() {
                    if matches!(c, '\\' | '/' | '+' | '=') {
                        key.push('\\');
                    }
                    key.push(c);
                }
            }
        }
        let name = common_name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| subject.to_string());
        Office { key, name }
    }
}

/// An attribute value as text: the string types decoded, anything else as hex.
fn value_text(any: &x509_parser::asn1_rs::Any<'_>) -> String {
    let data = any.data;
    match any.tag() {
        Tag::BmpString => char::decode_utf16(
            data.chunks(2)
                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)])),
        )
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect(),
        Tag::UniversalString => data
            .chunks(4)
            .map(|q| {
                let mut b = [0u8; 4];
                b[..q.len()].copy_from_slice(q);
                char::from_u32(u32::from_be_bytes(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::NumericString
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::TeletexString => String::from_utf8_lossy(data).into_owned(),
        _ => format!("{:x}", crate::hex::Hex(data)),
    }
}

/// NFKC, case folded, white space trimmed and runs of it made one space.
fn normalise(value: &str) -> String {
    let folded: String = crate::nfkc::nfkc(value)
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::prelude::FromDer;

    /// A DER Name from (OID bytes, tag, value) attributes, one per RDN.
    fn name(attrs: &[(&[u8], u8, &[u8])]) -> Vec<u8> {
        use certcheck_testkit::der::tlv;
        let mut rdns = Vec::new();
        for (oid, tag, value) in attrs {
            let mut atv = tlv(0x06, oid);
            atv.extend(tlv(*tag, value));
            rdns.extend(tlv(0x31, &tlv(0x30, &atv)));
        }
        tlv(0x30, &rdns)
    }

    const CN: &[u8] = &[0x55, 0x04, 0x03];
    const O: &[u8] = &[0x55, 0x04, 0x0a];
    const UTF8: u8 = 0x0c;
    const PRINTABLE: u8 = 0x13;
    const BMP: u8 = 0x1e;

    fn office(der: &[u8]) -> Office {
        let (_, n) = X509Name::from_der(der).unwrap();
        Office::of(&n)
    }

    #[test]
    fn same_office_across_encodings_widths_case_and_spaces() {
        let a = office(&name(&[
            (O, UTF8, b"Care Office"),
            (CN, UTF8, "事業所番号 0123456789".as_bytes()),
        ]));
        let bmp: Vec<u8> = "事業所番号　０１２３４５６７８９"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let b = office(&name(&[(O, PRINTABLE, b" care  office "), (CN, BMP, &bmp)]));
        assert_eq!(a.key, b.key);
        assert_eq!(a.name, "事業所番号 0123456789");
        assert_eq!(b.name, "事業所番号　０１２３４５６７８９");
    }

    #[test]
    fn different_offices_and_look_alike_renderings_differ() {
        let one = office(&name(&[(CN, UTF8, "事業所番号 0000000001".as_bytes())]));
        let two = office(&name(&[(CN, UTF8, "事業所番号 0000000002".as_bytes())]));
        assert_ne!(one.key, two.key);
        // "O=A, CN=B" as two attributes versus one value that reads the same when printed.
        let split = office(&name(&[(O, UTF8, b"A"), (CN, UTF8, b"B")]));
        let joined = office(&name(&[(O, UTF8, b"A, CN=B")]));
        assert_ne!(split.key, joined.key);
        let slash = office(&name(&[(O, UTF8, b"A/2.5.4.3=B")]));
        assert_ne!(split.key, slash.key);
        // The same value under another attribute type is another name.
        assert_ne!(
            office(&name(&[(O, UTF8, b"X")])).key,
            office(&name(&[(CN, UTF8, b"X")])).key
        );
    }

    #[test]
    fn without_a_common_name_the_subject_is_the_name() {
        let o = office(&name(&[(O, UTF8, b"Care Office")]));
        assert_eq!(o.name, "O=Care Office");
    }
}
