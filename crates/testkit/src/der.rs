//! Just enough DER encoding to build test files: definite lengths, tags
//! below 31.

use certcheck_core::testing::der::{
    TAG_CONTEXT_0, TAG_INTEGER, TAG_NULL, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE,
};

/// The length octets for `n` content bytes (short form below 128).
pub fn length(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend_from_slice(&bytes);
    out
}

/// One element: `tag`, its length, `content`.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(length(content.len()));
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of already-encoded elements.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(TAG_SEQUENCE, &parts.concat())
}

/// An OBJECT IDENTIFIER from its dotted form.
pub fn oid(dotted: &str) -> Vec<u8> {
    let nums: Vec<u64> = dotted.split('.').filter_map(|p| p.parse().ok()).collect();
    let mut body = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        body.extend_from_slice(&tmp);
    };
    push(nums[0] * 40 + nums[1]);
    for &n in &nums[2..] {
        push(n);
    }
    tlv(TAG_OID, &body)
}

/// An OBJECT IDENTIFIER from its content bytes (core's OID constants).
pub fn oid_content(content: &[u8]) -> Vec<u8> {
    tlv(TAG_OID, content)
}

/// A non-negative INTEGER.
pub fn int(v: u64) -> Vec<u8> {
    let mut bytes: Vec<u8> = v
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    if bytes.is_empty() || bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    tlv(TAG_INTEGER, &bytes)
}

/// An OCTET STRING.
pub fn octets(b: &[u8]) -> Vec<u8> {
    tlv(TAG_OCTET_STRING, b)
}

/// `[0]` EXPLICIT around one encoded element.
pub fn explicit0(b: &[u8]) -> Vec<u8> {
    tlv(TAG_CONTEXT_0, b)
}

/// NULL.
pub fn null() -> Vec<u8> {
    tlv(TAG_NULL, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_the_reader_reads() {
        assert_eq!(length(0x7f), [0x7f]);
        assert_eq!(length(0x80), [0x81, 0x80]);
        assert_eq!(length(0x1234), [0x82, 0x12, 0x34]);
        assert_eq!(int(0), [0x02, 0x01, 0x00]);
        assert_eq!(int(0x80), [0x02, 0x02, 0x00, 0x80]);
        let id = oid("1.2.840.113549.1.12.10.1.2");
        let t = certcheck_core::testing::der::Reader::new(&id)
            .read()
            .unwrap();
        assert_eq!(
            certcheck_core::testing::der::oid_to_string(t.content),
            "1.2.840.113549.1.12.10.1.2"
        );
        let big = octets(&[7; 300]);
        let t = certcheck_core::testing::der::Reader::new(&big)
            .read()
            .unwrap();
        assert_eq!(t.content.len(), 300);
    }
}
