//! `cargo xtask samples`: rebuilds samples/ — fictional certificates from an
//! obviously fictional CA, packed by our own PKCS#12 writer, plus the broken
//! inputs users really send (a saved web page, a cut-off download, ...).
//!
//! Keys and salts are random, so bytes differ between runs; what certcheck
//! says of each sample at the README's date does not.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use certcheck_core::testing::pkcs12::algorithms::{Cipher, HashAlg};
use certcheck_testkit::pkcs12::{self as write, Layout, Protect};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use ring::rand::{SecureRandom, SystemRandom};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// The password of every sample except where its name says otherwise (fictional).
pub const PASSWORD: &str = "Kaigo-Sample-2026";
/// A non-ASCII password, encoded as BMPString by the PKCS#12 KDF.
pub const UNICODE_PASSWORD: &str = "介護パスワード2026";

const CA_NAME: &str = "Example Kaigo Test CA (fictional)";

fn jst(y: i32, m: u8, d: u8, hh: u8, mm: u8, ss: u8) -> Result<OffsetDateTime> {
    let date = Date::from_calendar_date(y, Month::try_from(m)?, d)?;
    let t = Time::from_hms(hh, mm, ss)?;
    Ok(PrimitiveDateTime::new(date, t)
        .assume_offset(UtcOffset::from_hms(9, 0, 0)?)
        .to_offset(UtcOffset::UTC))
}

struct Issued {
    der: Vec<u8>,
    key: Vec<u8>,
}

struct Ca {
    issuer: rcgen::Issuer<'static, KeyPair>,
    der: Vec<u8>,
}

fn make_ca() -> Result<Ca> {
    let key = KeyPair::generate()?;
    let mut p = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "JP");
    dn.push(
        DnType::OrganizationName,
        "Example Kaigo Renraku-kai (fictional)",
    );
    dn.push(DnType::CommonName, CA_NAME);
    p.distinguished_name = dn;
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = jst(2020, 4, 1, 0, 0, 0)?;
    p.not_after = jst(2040, 3, 31, 23, 59, 59)?;
    let cert = p.self_signed(&key)?;
    let der = cert.der().to_vec();
    Ok(Ca {
        issuer: rcgen::Issuer::new(p, key),
        der,
    })
}

/// A client certificate valid from 00:00 JST on `from` to 23:59:59 JST on `last`.
fn make_client(ca: &Ca, office: &str, from: (i32, u8, u8), last: (i32, u8, u8)) -> Result<Issued> {
    let key = KeyPair::generate()?;
    let mut p = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "JP");
    dn.push(DnType::OrganizationName, "Sample Care Office (fictional)");
    dn.push(DnType::CommonName, office);
    p.distinguished_name = dn;
    p.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    p.not_before = jst(from.0, from.1, from.2, 0, 0, 0)?;
    p.not_after = jst(last.0, last.1, last.2, 23, 59, 59)?;
    let cert = p.signed_by(&key, &ca.issuer)?;
    Ok(Issued {
        der: cert.der().to_vec(),
        key: key.serialize_der(),
    })
}

fn random() -> impl FnMut(&mut [u8]) {
    let rng = SystemRandom::new();
    move |buf: &mut [u8]| rng.fill(buf).expect("the system random source works")
}

fn pack(c: &Issued, ca: &Ca, password: Option<&str>, layout: Layout) -> Vec<u8> {
    write::write(
        &[&c.der, &ca.der],
        Some(&c.key),
        password,
        Some("介護請求用証明書（サンプル）"),
        layout,
        &mut random(),
    )
}

/// A minimal "stored" ZIP holding one file, as a mail client or browser makes.
fn zip_one(name: &str, data: &[u8]) -> Vec<u8> {
    let crc = crc32(data);
    let mut local = Vec::new();
    local.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x21\x00");
    local.extend_from_slice(&crc.to_le_bytes());
    local.extend_from_slice(&(data.len() as u32).to_le_bytes());
    local.extend_from_slice(&(data.len() as u32).to_le_bytes());
    local.extend_from_slice(&(name.len() as u16).to_le_bytes());
    local.extend_from_slice(&0u16.to_le_bytes());
    local.extend_from_slice(name.as_bytes());
    local.extend_from_slice(data);
    let mut central = Vec::new();
    central.extend_from_slice(b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x00\x00\x00\x00\x21\x00");
    central.extend_from_slice(&crc.to_le_bytes());
    central.extend_from_slice(&(data.len() as u32).to_le_bytes());
    central.extend_from_slice(&(data.len() as u32).to_le_bytes());
    central.extend_from_slice(&(name.len() as u16).to_le_bytes());
    central.extend_from_slice(&[0u8; 12]);
    central.extend_from_slice(&0u32.to_le_bytes());
    central.extend_from_slice(name.as_bytes());
    let mut out = local.clone();
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00");
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn pem(label: &str, der: &[u8]) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for chunk in der.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    let body: Vec<String> = s
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        body.join("\n")
    )
}

/// Flips the lowest bit of one byte.
fn flip_at(mut bytes: Vec<u8>, offset: usize) -> Vec<u8> {
    bytes[offset] ^= 0x01;
    bytes
}

pub fn run(args: &[String]) -> Result<()> {
    let out: PathBuf = match args.iter().position(|a| a == "--out") {
        Some(i) => args.get(i + 1).context("--out needs a directory")?.into(),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples"),
    };
    std::fs::create_dir_all(&out)?;
    let ca = make_ca()?;
    let office = "事業所番号 0000000000 サンプル介護サービス（架空）";
    let current = make_client(&ca, office, (2025, 6, 1), (2028, 5, 31))?;
    let window = make_client(&ca, office, (2024, 2, 1), (2027, 1, 31))?;
    let expired = make_client(&ca, office, (2023, 6, 1), (2026, 5, 31))?;
    let renewed = make_client(&ca, office, (2027, 2, 1), (2030, 1, 31))?;
    let other = make_client(&ca, "別の事業所（架空）", (2025, 6, 1), (2028, 5, 31))?;

    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    for (stem, cert) in [
        ("current", &current),
        ("renewal-window", &window),
        ("expired", &expired),
        ("renewed-future", &renewed),
    ] {
        files.push((
            leak(format!("{stem}-3des.p12")),
            pack(cert, &ca, Some(PASSWORD), Layout::LEGACY_3DES),
        ));
        files.push((
            leak(format!("{stem}-aes.p12")),
            pack(cert, &ca, Some(PASSWORD), Layout::AES256),
        ));
    }
    files.push((
        "unicode-password-aes.p12",
        pack(&current, &ca, Some(UNICODE_PASSWORD), Layout::AES256),
    ));
    files.push((
        "no-password.p12",
        pack(&current, &ca, Some(""), Layout::LEGACY_3DES),
    ));
    let no_mac = Layout {
        mac: None,
        ..Layout::AES256
    };
    files.push((
        "no-mac-aes.p12",
        pack(&current, &ca, Some(PASSWORD), no_mac),
    ));
    let rc2 = Layout {
        certificates: Protect::Pkcs12(Cipher::Rc2 { bits: 40 }),
        ..Layout::LEGACY_3DES
    };
    files.push((
        "rc2-40-legacy.p12",
        pack(&current, &ca, Some(PASSWORD), rc2),
    ));
    let sha512 = Layout {
        mac: Some(HashAlg::Sha512),
        certificates: Protect::Pbes2(HashAlg::Sha512, Cipher::Aes128),
        key: Protect::Pbes2(HashAlg::Sha512, Cipher::Aes192),
        iterations: 10_000,
    };
    files.push((
        "sha512-aes128.p12",
        pack(&current, &ca, Some(PASSWORD), sha512),
    ));
    files.push((
        "no-key.p12",
        write::write(
            &[&current.der, &ca.der],
            None,
            Some(PASSWORD),
            None,
            Layout::AES256,
            &mut random(),
        ),
    ));
    // The key of another certificate packed with this one.
    let mismatch = Issued {
        der: current.der.clone(),
        key: other.key.clone(),
    };
    files.push((
        "key-mismatch.p12",
        write::write(
            &[&mismatch.der, &ca.der],
            Some(&mismatch.key),
            Some(PASSWORD),
            None,
            Layout::AES256,
            &mut random(),
        ),
    ));
    files.push((
        "client-only-no-ca.p12",
        write::write(
            &[&current.der],
            Some(&current.key),
            Some(PASSWORD),
            None,
            Layout::AES256,
            &mut random(),
        ),
    ));
    // Just above the default ceiling, so a test can also show that --max-iterations lifts it.
    files.push((
        "excessive-iterations.p12",
        pack(
            &current,
            &ca,
            Some(PASSWORD),
            Layout {
                iterations: 3_000_000,
                ..Layout::AES256
            },
        ),
    ));

    let good = pack(&current, &ca, Some(PASSWORD), Layout::AES256);
    // Damage inside the encrypted certificates (MAC fails, the key still decrypts) and in the MAC value.
    let content_off = good.len() / 3;
    files.push(("damaged-content.p12", flip_at(good.clone(), content_off)));
    files.push(("damaged-mac.p12", flip_at(good.clone(), good.len() - 30)));
    files.push(("truncated.p12", good[..good.len() * 2 / 3].to_vec()));
    files.push(("empty.p12", Vec::new()));
    files.push((
        "webpage.p12",
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>セッションタイムアウト</title></head>\n<body><p>一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。（架空の画面）</p></body></html>\n"
            .as_bytes()
            .to_vec(),
    ));
    files.push((
        "certificate.pem",
        pem("CERTIFICATE", &current.der).into_bytes(),
    ));
    files.push(("zipped.zip", zip_one("current-aes.p12", &good)));
    files.push((
        "not-a-certificate.p12",
        b"\x89PNG\r\n\x1a\n (a picture saved under the wrong name)".to_vec(),
    ));
    files.push(("ca.cer", ca.der.clone()));

    for (name, bytes) in &files {
        std::fs::write(out.join(name), bytes).with_context(|| format!("writing {name}"))?;
    }
    println!("wrote {} files to {}", files.len(), out.display());
    Ok(())
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
