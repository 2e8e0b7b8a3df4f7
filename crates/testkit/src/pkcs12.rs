//! Our own PKCS#12 producer, used to build the samples and test files (it
//! lived in certcheck-core, which only reads).
//!
//! It writes what Windows and OpenSSL write: certificates in an encryptedData
//! part, the key in a shrouded key bag with a localKeyId, and a MAC.

use certcheck_core::testing::der as tags;
use certcheck_core::testing::pkcs12::algorithms::{Cipher, HashAlg, Pbe, Pbmac1};
use certcheck_core::testing::pkcs12::{mac, pbe};

use crate::der::{explicit0, int, null, octets, oid, oid_content, seq, tlv};

/// How to protect one part.
#[derive(Debug, Clone, Copy)]
pub enum Protect {
    /// Stored in the clear.
    None,
    /// PKCS#12 PBES1 with SHA-1 (3DES or RC2).
    Pkcs12(Cipher),
    /// PBES2 with PBKDF2-HMAC and a CBC cipher.
    Pbes2(HashAlg, Cipher),
}

/// What to write.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub certificates: Protect,
    pub key: Protect,
    /// MAC digest, or None for a file without a MAC.
    pub mac: Option<HashAlg>,
    pub iterations: u32,
}

impl Layout {
    /// Like Windows' "TripleDES-SHA1" export (and `openssl -legacy`).
    pub const LEGACY_3DES: Layout = Layout {
        certificates: Protect::Pkcs12(Cipher::TripleDes { key_len: 24 }),
        key: Protect::Pkcs12(Cipher::TripleDes { key_len: 24 }),
        mac: Some(HashAlg::Sha1),
        iterations: 2048,
    };
    /// Like Windows' "AES256-SHA256" export (and OpenSSL 3's default).
    pub const AES256: Layout = Layout {
        certificates: Protect::Pbes2(HashAlg::Sha256, Cipher::Aes256),
        key: Protect::Pbes2(HashAlg::Sha256, Cipher::Aes256),
        mac: Some(HashAlg::Sha256),
        iterations: 2048,
    };
}

fn pbe_for(p: Protect, iterations: u32, random: &mut dyn FnMut(&mut [u8])) -> Option<Pbe> {
    let mut salt = vec![0u8; 16];
    match p {
        Protect::None => None,
        Protect::Pkcs12(cipher) => {
            salt.truncate(8);
            random(&mut salt);
            Some(Pbe::Pkcs12 {
                cipher,
                salt,
                iterations: iterations.into(),
            })
        }
        Protect::Pbes2(prf, cipher) => {
            random(&mut salt);
            let mut iv = vec![0u8; cipher.block_len()];
            random(&mut iv);
            Some(Pbe::Pbes2 {
                prf,
                salt,
                iterations: iterations.into(),
                cipher,
                iv,
            })
        }
    }
}

fn pbe_algorithm(p: &Pbe) -> Vec<u8> {
    match p {
        Pbe::Pkcs12 {
            cipher,
            salt,
            iterations,
        } => {
            let id = match cipher {
                Cipher::TripleDes { key_len: 24 } => "1.2.840.113549.1.12.1.3",
                Cipher::TripleDes { .. } => "1.2.840.113549.1.12.1.4",
                Cipher::Rc2 { bits: 40 } => "1.2.840.113549.1.12.1.6",
                _ => "1.2.840.113549.1.12.1.5",
            };
            seq(&[&oid(id), &seq(&[&octets(salt), &int(*iterations)])])
        }
        Pbe::Pbes2 {
            prf,
            salt,
            iterations,
            cipher,
            iv,
        } => {
            // Variable-length ciphers state their key length, as OpenSSL does.
            let key_length = match cipher {
                Cipher::Cast5 { key_len } => int(*key_len as u64),
                _ => Vec::new(),
            };
            let kdf = seq(&[
                &oid("1.2.840.113549.1.5.12"),
                &seq(&[
                    &octets(salt),
                    &int(*iterations),
                    &key_length,
                    &seq(&[&oid_content(prf.hmac_oid()), &null()]),
                ]),
            ]);
            let enc_oid = match cipher {
                Cipher::Aes128 => "2.16.840.1.101.3.4.1.2",
                Cipher::Aes192 => "2.16.840.1.101.3.4.1.22",
                Cipher::Aes256 => "2.16.840.1.101.3.4.1.42",
                Cipher::Camellia128 => "1.2.392.200011.61.1.1.1.2",
                Cipher::Camellia192 => "1.2.392.200011.61.1.1.1.3",
                Cipher::Camellia256 => "1.2.392.200011.61.1.1.1.4",
                Cipher::Cast5 { .. } => "1.2.840.113533.7.66.10",
                _ => "1.2.840.113549.3.7",
            };
            let enc = seq(&[&oid(enc_oid), &octets(iv)]);
            seq(&[&oid("1.2.840.113549.1.5.13"), &seq(&[&kdf, &enc])])
        }
    }
}

fn attributes(local_key_id: &[u8], friendly_name: Option<&str>) -> Vec<u8> {
    let mut attrs = vec![seq(&[
        &oid("1.2.840.113549.1.9.21"),
        &tlv(tags::TAG_SET, &octets(local_key_id)),
    ])];
    if let Some(name) = friendly_name {
        let bmp: Vec<u8> = name.encode_utf16().flat_map(u16::to_be_bytes).collect();
        attrs.push(seq(&[
            &oid("1.2.840.113549.1.9.20"),
            &tlv(tags::TAG_SET, &tlv(tags::TAG_BMP_STRING, &bmp)),
        ]));
    }
    tlv(tags::TAG_SET, &attrs.concat())
}

fn data_content_info(content: &[u8]) -> Vec<u8> {
    seq(&[&oid("1.2.840.113549.1.7.1"), &explicit0(&octets(content))])
}

/// Writes a PKCS#12 file. `certificates[0]` is the client certificate when a
/// key is given; `random` fills salts and IVs.
pub fn write(
    certificates: &[&[u8]],
    key_pkcs8: Option<&[u8]>,
    password: Option<&str>,
    friendly_name: Option<&str>,
    layout: Layout,
    random: &mut dyn FnMut(&mut [u8]),
) -> Vec<u8> {
    let key = key_pkcs8.map(|k| (k, 1));
    write_with_key_copies(certificates, key, password, friendly_name, layout, random)
}

/// Like [`write`], with the key bag repeated `copies` times (encrypted once):
/// a file that costs as much work as `copies` keys, for the work-budget tests.
pub fn write_with_key_copies(
    certificates: &[&[u8]],
    key_and_copies: Option<(&[u8], usize)>,
    password: Option<&str>,
    friendly_name: Option<&str>,
    layout: Layout,
    random: &mut dyn FnMut(&mut [u8]),
) -> Vec<u8> {
    let auth_safe = auth_safe(
        certificates,
        key_and_copies,
        password,
        friendly_name,
        layout,
        random,
    );
    let mac_data = layout.mac.map(|hash| {
        let mut salt = vec![0u8; 8];
        random(&mut salt);
        let value = mac::compute(hash, password, &salt, layout.iterations, &auth_safe);
        let digest_info = seq(&[
            &seq(&[&oid_content(hash.digest_oid()), &null()]),
            &octets(&value),
        ]);
        seq(&[&digest_info, &octets(&salt), &int(layout.iterations.into())])
    });
    pfx(&auth_safe, mac_data.as_deref())
}

/// An RFC 9579 PBMAC1 to write. `key_len: None` leaves keyLength out (which
/// RFC 9579 forbids: tests use it for invalid files), deriving the HMAC's
/// output length.
#[derive(Debug, Clone, Copy)]
pub struct Pbmac1Spec {
    pub prf: HashAlg,
    pub hmac: HashAlg,
    pub key_len: Option<usize>,
    pub iterations: u32,
}

/// Writes a PKCS#12 file whose MAC is PBMAC1 (`layout.mac` is ignored).
pub fn write_pbmac1(
    certificates: &[&[u8]],
    key_pkcs8: Option<&[u8]>,
    password: Option<&str>,
    layout: Layout,
    spec: Pbmac1Spec,
    random: &mut dyn FnMut(&mut [u8]),
) -> Vec<u8> {
    let key = key_pkcs8.map(|k| (k, 1));
    let auth_safe = auth_safe(certificates, key, password, None, layout, random);
    let mut salt = vec![0u8; 16];
    random(&mut salt);
    let params = Pbmac1 {
        prf: spec.prf,
        hmac: spec.hmac,
        salt,
        iterations: spec.iterations.into(),
        key_len: spec.key_len.unwrap_or(spec.hmac.output_len()),
    };
    let value = mac::compute_pbmac1(&params, password, &auth_safe);
    let key_length = spec.key_len.map(|k| int(k as u64)).unwrap_or_default();
    let kdf = seq(&[
        &oid("1.2.840.113549.1.5.12"),
        &seq(&[
            &octets(&params.salt),
            &int(spec.iterations.into()),
            &key_length,
            &seq(&[&oid_content(spec.prf.hmac_oid()), &null()]),
        ]),
    ]);
    let scheme = seq(&[&oid_content(spec.hmac.hmac_oid()), &null()]);
    let digest_info = seq(&[
        &seq(&[&oid("1.2.840.113549.1.5.14"), &seq(&[&kdf, &scheme])]),
        &octets(&value),
    ]);
    // RFC 9579: MacData's own salt and count are unused.
    let mac_data = seq(&[&digest_info, &octets(b"NOT USED"), &int(1)]);
    pfx(&auth_safe, Some(&mac_data))
}

fn pfx(auth_safe: &[u8], mac_data: Option<&[u8]>) -> Vec<u8> {
    seq(&[
        &int(3),
        &data_content_info(auth_safe),
        mac_data.unwrap_or(&[]),
    ])
}

/// The AuthenticatedSafe: the certificates' part and the key's part.
fn auth_safe(
    certificates: &[&[u8]],
    key_and_copies: Option<(&[u8], usize)>,
    password: Option<&str>,
    friendly_name: Option<&str>,
    layout: Layout,
    random: &mut dyn FnMut(&mut [u8]),
) -> Vec<u8> {
    let key_pkcs8 = key_and_copies.map(|(k, _)| k);
    let copies = key_and_copies.map_or(1, |(_, n)| n);
    let local_key_id = [0x01u8, 0x00, 0x00, 0x00];
    let cert_bags: Vec<u8> = certificates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cert_bag = seq(&[&oid("1.2.840.113549.1.9.22.1"), &explicit0(&octets(c))]);
            let attrs = if i == 0 && key_pkcs8.is_some() {
                attributes(&local_key_id, friendly_name)
            } else {
                Vec::new()
            };
            seq(&[
                &oid("1.2.840.113549.1.12.10.1.3"),
                &explicit0(&cert_bag),
                &attrs,
            ])
        })
        .collect::<Vec<_>>()
        .concat();
    let cert_safe = seq(&[&cert_bags]);

    let mut parts = Vec::new();
    if !certificates.is_empty() {
        match pbe_for(layout.certificates, layout.iterations, random) {
            None => parts.push(data_content_info(&cert_safe)),
            Some(p) => {
                let ct = pbe::encrypt(&p, password, &cert_safe);
                let eci = seq(&[
                    &oid("1.2.840.113549.1.7.1"),
                    &pbe_algorithm(&p),
                    &tlv(0x80, &ct),
                ]);
                let ed = seq(&[&int(0), &eci]);
                parts.push(seq(&[&oid("1.2.840.113549.1.7.6"), &explicit0(&ed)]));
            }
        }
    }
    if let Some(key) = key_pkcs8 {
        let attrs = attributes(&local_key_id, friendly_name);
        let bag = match pbe_for(layout.key, layout.iterations, random) {
            None => seq(&[&oid("1.2.840.113549.1.12.10.1.1"), &explicit0(key), &attrs]),
            Some(p) => {
                let epki = seq(&[
                    &pbe_algorithm(&p),
                    &octets(&pbe::encrypt(&p, password, key)),
                ]);
                seq(&[
                    &oid("1.2.840.113549.1.12.10.1.2"),
                    &explicit0(&epki),
                    &attrs,
                ])
            }
        };
        parts.push(data_content_info(&seq(&[&bag.repeat(copies)])));
    }
    seq(&[&parts.concat()])
}
