//! A small, bounded BER/DER reader.
//!
//! PKCS#12 files from NSS (Firefox, pk12util) use BER: indefinite lengths and
//! constructed OCTET STRINGs. Their MAC covers the BER bytes, so re-encoding
//! to DER is not an option: this reader walks both forms in place. Every
//! length is checked against the input and nesting depth is bounded, so no
//! input can make it panic, loop or allocate without bound.

use std::borrow::Cow;

pub const TAG_BOOLEAN: u8 = 0x01;
pub const TAG_INTEGER: u8 = 0x02;
pub const TAG_BIT_STRING: u8 = 0x03;
pub const TAG_OCTET_STRING: u8 = 0x04;
pub const TAG_NULL: u8 = 0x05;
pub const TAG_OID: u8 = 0x06;
pub const TAG_BMP_STRING: u8 = 0x1e;
pub const TAG_SEQUENCE: u8 = 0x30;
pub const TAG_SET: u8 = 0x31;
/// `[0]` constructed, context-specific.
pub const TAG_CONTEXT_0: u8 = 0xa0;
/// `[0]` primitive, context-specific (IMPLICIT OCTET STRING).
pub const TAG_CONTEXT_0_PRIMITIVE: u8 = 0x80;

/// Nesting deeper than this is refused; real PKCS#12 files nest about 12 deep.
pub const MAX_DEPTH: usize = 40;

/// Why bytes could not be read as BER/DER.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DerError {
    /// A length points past the end of the input: the file was cut short.
    #[error("the data ends before the length its header announces")]
    Truncated,
    /// Anything else that is not valid BER.
    #[error("malformed BER/DER: {0}")]
    Malformed(&'static str),
    /// Nesting beyond [`MAX_DEPTH`].
    #[error("nesting deeper than {MAX_DEPTH} levels")]
    TooDeep,
}

/// One tag-length-value element.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    /// The identifier octet (class, constructed bit and tag number < 31).
    pub tag: u8,
    /// The contents: for an indefinite length, everything up to (not including) the end-of-contents marker.
    pub content: &'a [u8],
    /// The whole element, header and end-of-contents marker included.
    pub raw: &'a [u8],
    /// True when the length was indefinite (BER only).
    pub indefinite: bool,
    /// How deeply it is nested: the depth of the reader that read it. Readers
    /// over its children are one deeper, so callers never count levels.
    pub depth: usize,
}

impl<'a> Tlv<'a> {
    pub fn constructed(&self) -> bool {
        self.tag & 0x20 != 0
    }

    /// A reader over the children of a constructed element.
    pub fn children(&self) -> Result<Reader<'a>, DerError> {
        if !self.constructed() {
            return Err(DerError::Malformed("expected a constructed element"));
        }
        Reader::nested(self.content, self.depth + 1)
    }

    /// A reader over bytes this element holds in another form (the joined
    /// segments of a BER OCTET STRING), one level deeper, so nesting is
    /// still counted from the top of the file.
    pub fn reader_over<'b>(&self, data: &'b [u8]) -> Result<Reader<'b>, DerError> {
        Reader::nested(data, self.depth + 1)
    }

    /// The value of an OCTET STRING (or an IMPLICIT one with another tag),
    /// joining the segments of a constructed (BER) string.
    pub fn octets(&self) -> Result<Cow<'a, [u8]>, DerError> {
        if !self.constructed() {
            return Ok(Cow::Borrowed(self.content));
        }
        let mut out = Vec::with_capacity(self.content.len());
        let mut r = Reader::nested(self.content, self.depth + 1)?;
        while !r.is_empty() {
            let seg = r.read()?;
            if seg.tag & 0x1f != TAG_OCTET_STRING {
                return Err(DerError::Malformed(
                    "a constructed OCTET STRING holds a non-OCTET STRING segment",
                ));
            }
            out.extend_from_slice(&seg.octets()?);
        }
        Ok(Cow::Owned(out))
    }

    /// A non-negative INTEGER that fits in a u64.
    pub fn uint(&self) -> Result<u64, DerError> {
        if self.tag != TAG_INTEGER {
            return Err(DerError::Malformed("expected an INTEGER"));
        }
        let bytes = self.content;
        if bytes.is_empty() || bytes[0] & 0x80 != 0 {
            return Err(DerError::Malformed("expected a non-negative INTEGER"));
        }
        let trimmed: &[u8] = match bytes.iter().position(|&b| b != 0) {
            Some(i) => &bytes[i..],
            None => &[],
        };
        if trimmed.len() > 8 {
            return Err(DerError::Malformed("INTEGER too large"));
        }
        Ok(trimmed
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// The magnitude bytes of an INTEGER, leading zero octets removed.
    pub fn uint_bytes(&self) -> Result<&'a [u8], DerError> {
        if self.tag != TAG_INTEGER || self.content.is_empty() {
            return Err(DerError::Malformed("expected an INTEGER"));
        }
        let start = self
            .content
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(self.content.len());
        Ok(&self.content[start..])
    }
}

/// Reads consecutive elements from a byte slice.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader {
            data,
            pos: 0,
            depth: 0,
        }
    }

    fn nested(data: &'a [u8], depth: usize) -> Result<Reader<'a>, DerError> {
        if depth > MAX_DEPTH {
            return Err(DerError::TooDeep);
        }
        Ok(Reader {
            data,
            pos: 0,
            depth,
        })
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The bytes not yet read.
    pub fn rest(&self) -> &'a [u8] {
        &self.data[self.pos.min(self.data.len())..]
    }

    /// Reads the next element.
    pub fn read(&mut self) -> Result<Tlv<'a>, DerError> {
        let (tlv, used) = parse_one(self.rest(), self.depth)?;
        self.pos += used;
        Ok(tlv)
    }

    /// Reads the next element and checks its tag.
    pub fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>, DerError> {
        let tlv = self.read()?;
        // A constructed encoding of a primitive type is allowed in BER (strings only).
        if tlv.tag == tag || (tag == TAG_OCTET_STRING && tlv.tag == (TAG_OCTET_STRING | 0x20)) {
            Ok(tlv)
        } else {
            Err(DerError::Malformed(what))
        }
    }

    /// Reads the next element if its tag matches.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, DerError> {
        match self.rest().first() {
            Some(&t) if t == tag => self.read().map(Some),
            _ => Ok(None),
        }
    }
}

/// Parses the header at the start of `data`: (tag, content start, definite length or None).
pub fn parse_header(data: &[u8]) -> Result<(u8, usize, Option<usize>), DerError> {
    let &tag = data.first().ok_or(DerError::Truncated)?;
    if tag & 0x1f == 0x1f {
        return Err(DerError::Malformed(
            "multi-byte tags are not used in PKCS#12",
        ));
    }
    let &first = data.get(1).ok_or(DerError::Truncated)?;
    if first < 0x80 {
        return Ok((tag, 2, Some(first as usize)));
    }
    if first == 0x80 {
        if tag & 0x20 == 0 {
            return Err(DerError::Malformed(
                "indefinite length on a primitive element",
            ));
        }
        return Ok((tag, 2, None));
    }
    let n = (first & 0x7f) as usize;
    if n > 4 {
        // No PKCS#12 file is anywhere near 4 GiB.
        return Err(DerError::Malformed("length field longer than 4 bytes"));
    }
    let bytes = data.get(2..2 + n).ok_or(DerError::Truncated)?;
    let len = bytes.iter().fold(0usize, |acc, &b| (acc << 8) | b as usize);
    Ok((tag, 2 + n, Some(len)))
}

fn parse_one(data: &[u8], depth: usize) -> Result<(Tlv<'_>, usize), DerError> {
    if depth > MAX_DEPTH {
        return Err(DerError::TooDeep);
    }
    let (tag, start, len) = parse_header(data)?;
    if tag == 0 {
        return Err(DerError::Malformed("unexpected end-of-contents marker"));
    }
    match len {
        Some(len) => {
            let end = start.checked_add(len).ok_or(DerError::Truncated)?;
            if end > data.len() {
                return Err(DerError::Truncated);
            }
            Ok((
                Tlv {
                    tag,
                    content: &data[start..end],
                    raw: &data[..end],
                    indefinite: false,
                    depth,
                },
                end,
            ))
        }
        None => {
            // Walk the children until the end-of-contents marker.
            let mut pos = start;
            loop {
                let rest = data.get(pos..).ok_or(DerError::Truncated)?;
                if rest.len() < 2 {
                    return Err(DerError::Truncated);
                }
                if rest[0] == 0 && rest[1] == 0 {
                    let tlv = Tlv {
                        tag,
                        content: &data[start..pos],
                        raw: &data[..pos + 2],
                        indefinite: true,
                        depth,
                    };
                    return Ok((tlv, pos + 2));
                }
                let (_, used) = parse_one(rest, depth + 1)?;
                pos += used;
            }
        }
    }
}

/// Formats an OBJECT IDENTIFIER's content bytes as dotted text.
pub fn oid_to_string(content: &[u8]) -> String {
    let mut parts: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for &b in content {
        acc = (acc << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if parts.is_empty() {
                let (first, second) = if acc < 40 {
                    (0, acc)
                } else if acc < 80 {
                    (1, acc - 40)
                } else {
                    (2, acc - 80)
                };
                parts.push(first);
                parts.push(second);
            } else {
                parts.push(acc);
            }
            acc = 0;
        }
        if acc > (u64::MAX >> 8) {
            return "(invalid OID)".to_string();
        }
    }
    parts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// Writes the DER content bytes of the dotted OBJECT IDENTIFIER `dotted`
/// into `out`, as far as `out` reaches, and returns their full length. Run at
/// compile time by [`oid!`]; a malformed OID is a compile error there.
pub(crate) const fn encode_oid(dotted: &str, out: &mut [u8]) -> usize {
    let s = dotted.as_bytes();
    let (mut i, mut arc, mut first, mut len) = (0, 0, 0u64, 0);
    while i <= s.len() {
        let start = i;
        let mut value = 0u64;
        while i < s.len() && s[i] != b'.' {
            assert!(s[i].is_ascii_digit(), "an OID is digits and dots");
            value = value * 10 + (s[i] - b'0') as u64;
            i += 1;
        }
        assert!(i > start, "an OID has no empty arc");
        i += 1;
        if arc == 0 {
            assert!(value <= 2, "an OID starts with 0, 1 or 2");
            first = value;
        } else {
            // The first two arcs share one value (X.690 8.19.4).
            if arc == 1 {
                assert!(first == 2 || value < 40, "the second arc is below 40");
                value += first * 40;
            }
            // Base 128, most significant group first, all but the last with bit 8 set.
            let mut groups = 1;
            while groups < 10 && value >> (7 * groups) != 0 {
                groups += 1;
            }
            let mut k = 0;
            while k < groups {
                let more = if k + 1 < groups { 0x80 } else { 0 };
                if len < out.len() {
                    out[len] = ((value >> (7 * (groups - 1 - k))) & 0x7f) as u8 | more;
                }
                len += 1;
                k += 1;
            }
        }
        arc += 1;
    }
    assert!(arc >= 2, "an OID has at least two arcs");
    len
}

/// An OBJECT IDENTIFIER's DER content bytes from its dotted form, made at
/// compile time: OIDs are written dotted everywhere and compared as bytes
/// where the PKCS#12 walk meets them.
macro_rules! oid {
    ($dotted:literal) => {{
        const LEN: usize = $crate::der::encode_oid($dotted, &mut []);
        const BYTES: [u8; LEN] = {
            let mut out = [0u8; LEN];
            $crate::der::encode_oid($dotted, &mut out);
            out
        };
        &BYTES
    }};
}
pub(crate) use oid;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definite_and_indefinite() {
        let der = [0x30, 0x03, 0x02, 0x01, 0x05];
        let t = Reader::new(&der).read().unwrap();
        assert_eq!(t.content, &der[2..]);
        assert_eq!(t.children().unwrap().read().unwrap().uint().unwrap(), 5);

        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 0xaa, 0x04, 0x02, 0xbb, 0xcc, 0x00, 0x00, 0x00,
            0x00,
        ];
        let t = Reader::new(&ber).read().unwrap();
        assert!(t.indefinite);
        assert_eq!(t.raw.len(), ber.len());
        let s = t.children().unwrap().read().unwrap();
        assert_eq!(s.depth, 1);
        assert_eq!(&*s.octets().unwrap(), &[0xaa, 0xbb, 0xcc]);
    }

    #[test]
    fn truncation_and_depth() {
        assert_eq!(
            Reader::new(&[0x30, 0x05, 0x02]).read().unwrap_err(),
            DerError::Truncated
        );
        assert_eq!(
            Reader::new(&[0x30, 0x80, 0x02, 0x01, 0x01])
                .read()
                .unwrap_err(),
            DerError::Truncated
        );
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 100).flatten().collect();
        assert!(Reader::new(&deep).read().is_err());
    }

    #[test]
    fn oids() {
        let shrouded = [
            0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02,
        ];
        assert_eq!(oid_to_string(&shrouded), "1.2.840.113549.1.12.10.1.2");
        const SHROUDED: &[u8] = oid!("1.2.840.113549.1.12.10.1.2");
        assert_eq!(SHROUDED, shrouded);
        // The first arc 2 (second arc past 40), one-byte and multi-byte arcs.
        const AES128: &[u8] = oid!("2.16.840.1.101.3.4.1.2");
        assert_eq!(
            AES128,
            [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02]
        );
        assert_eq!(oid!("2.999.3"), &[0x88, 0x37, 0x03]);
        assert_eq!(oid!("1.3.14.3.2.26"), &[0x2b, 0x0e, 0x03, 0x02, 0x1a]);
        for dotted in [
            "0.0",
            "1.39.127.128.16383.16384",
            "1.2.392.200011.61.1.1.1.4",
            "1.3.36.3.3.2.8.1.1.11",
            "1.2.4294967295",
        ] {
            let mut out = [0u8; 32];
            let len = encode_oid(dotted, &mut out);
            assert_eq!(oid_to_string(&out[..len]), dotted, "{dotted}");
            // Too short a buffer: the length still counts every byte.
            assert_eq!(encode_oid(dotted, &mut out[..1]), len);
        }
    }
}
