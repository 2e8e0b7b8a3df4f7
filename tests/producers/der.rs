//! Just enough DER to find where to flip a byte in a PKCS#12 file: the MAC value and the
//! ciphertext of each encrypted part. Definite lengths only (the tampered files are DER).

use std::ops::Range;

pub struct Tlv {
    pub tag: u8,
    /// First content byte.
    pub body: usize,
    /// One past the last content byte.
    pub end: usize,
}

pub fn read(b: &[u8], pos: usize) -> Tlv {
    let tag = b[pos];
    let first = b[pos + 1] as usize;
    let (len, hdr) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        assert!(n > 0 && n <= 4, "not DER at offset {pos}");
        let len = b[pos + 2..pos + 2 + n]
            .iter()
            .fold(0, |a, &x| a << 8 | x as usize);
        (len, 2 + n)
    };
    Tlv {
        tag,
        body: pos + hdr,
        end: pos + hdr + len,
    }
}

pub fn children(b: &[u8], t: &Tlv) -> Vec<Tlv> {
    let mut out = Vec::new();
    let mut pos = t.body;
    while pos < t.end {
        let c = read(b, pos);
        pos = c.end;
        out.push(c);
    }
    out
}

const OID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
const OID_ENCRYPTED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06];
const OID_SHROUDED_KEY_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02,
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Part {
    /// An encryptedData ContentInfo (openssl, Java and GnuTLS put the certificates there).
    EncryptedData,
    /// A pkcs8ShroudedKeyBag's EncryptedPrivateKeyInfo.
    ShroudedKey,
}

/// The offset of the byte in the middle of the MAC value, and each encrypted part's ciphertext.
pub struct Targets {
    pub mac: Option<usize>,
    pub parts: Vec<(Part, Range<usize>)>,
}

pub fn targets(b: &[u8]) -> Targets {
    let pfx = children(b, &read(b, 0));
    let mac = pfx.get(2).map(|mac_data| {
        let digest_info = &children(b, mac_data)[0];
        let digest = &children(b, digest_info)[1];
        (digest.body + digest.end) / 2
    });
    let auth_safe = &children(b, &pfx[1]);
    let octets = &children(b, &auth_safe[1])[0];
    assert_eq!(
        octets.tag, 0x04,
        "authSafe content is not a primitive OCTET STRING"
    );
    let mut parts = Vec::new();
    for ci in children(b, &read(b, octets.body)) {
        let kids = children(b, &ci);
        let oid = &b[kids[0].body..kids[0].end];
        let explicit = children(b, &kids[1]);
        if oid == OID_ENCRYPTED_DATA {
            let enc_content_info = &children(b, &explicit[0])[1];
            let ciphertext = &children(b, enc_content_info)[2];
            assert_eq!(
                ciphertext.tag, 0x80,
                "encryptedContent is not primitive [0]"
            );
            parts.push((Part::EncryptedData, ciphertext.body..ciphertext.end));
        } else if oid == OID_DATA {
            for bag in children(b, &read(b, explicit[0].body)) {
                let bag = children(b, &bag);
                if &b[bag[0].body..bag[0].end] == OID_SHROUDED_KEY_BAG {
                    let epki = &children(b, &bag[1])[0];
                    let ciphertext = &children(b, epki)[1];
                    parts.push((Part::ShroudedKey, ciphertext.body..ciphertext.end));
                }
            }
        }
    }
    Targets { mac, parts }
}
