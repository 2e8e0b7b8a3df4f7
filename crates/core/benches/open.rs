//! Library speed: open + inventory (the whole `check::check`) of every sample
//! that opens and every real export, a 600,000-iteration file from our own
//! writer, and the KDFs alone at 600,000 and 2,000,000 iterations (the cost
//! behind the iteration ceiling).
//!
//! `cargo bench -p certcheck-core --bench open`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use certcheck_core::check::{self, CheckOptions, Read};
use certcheck_core::testing::pkcs12::algorithms::HashAlg;
use certcheck_core::testing::pkcs12::kdf::{self, Purpose};
use certcheck_core::testing::pkcs12::{self, OpenOptions};
use certcheck_testkit::pkcs12::{self as write, Layout};
use criterion::{Criterion, criterion_group, criterion_main};

const SAMPLES: &[(&str, Option<&str>)] = &[
    ("current-3des.p12", Some("Kaigo-Sample-2026")),
    ("current-aes.p12", Some("Kaigo-Sample-2026")),
    ("rc2-40-legacy.p12", Some("Kaigo-Sample-2026")),
    ("sha512-aes128.p12", Some("Kaigo-Sample-2026")),
    ("no-password.p12", None),
];

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn check(bytes: &[u8], password: Option<&str>) -> usize {
    let r = check::check(
        "bench.p12",
        Read::Bytes {
            data: bytes,
            total_len: bytes.len() as u64,
        },
        password,
        CheckOptions {
            at: chrono::DateTime::from_timestamp(1_796_050_800, 0).unwrap(),
            open: OpenOptions::default(),
        },
    );
    r.findings.len()
}

fn files() -> Vec<(String, Vec<u8>, Option<&'static str>)> {
    let mut v: Vec<_> = SAMPLES
        .iter()
        .map(|(n, pw)| {
            let bytes = std::fs::read(root().join("samples").join(n)).unwrap();
            (n.to_string(), bytes, *pw)
        })
        .collect();
    let exports = root().join("../shared/testdata/real-exports");
    let mut names: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".p12") || n.ends_with(".pfx"))
        .collect();
    names.sort();
    for n in names {
        let bytes = std::fs::read(exports.join(&n)).unwrap();
        v.push((n, bytes, Some("password")));
    }
    v
}

/// current-aes.p12's certificates and key, re-packed at 600,000 iterations
/// (AES-256, PBKDF2-HMAC-SHA-256, SHA-256 MAC: what OpenSSL 3 would write).
fn file_600k() -> Vec<u8> {
    let pw = "Kaigo-Sample-2026";
    let bytes = std::fs::read(root().join("samples/current-aes.p12")).unwrap();
    let c = pkcs12::open(&bytes, Some(pw), OpenOptions::default()).unwrap();
    let certs: Vec<&[u8]> = c.certificates.iter().map(|(d, _)| d.as_slice()).collect();
    let layout = Layout {
        iterations: 600_000,
        ..Layout::AES256
    };
    let mut n = 0u8;
    write::write(
        &certs,
        Some(&c.keys[0].0),
        Some(pw),
        None,
        layout,
        &mut |b| {
            b.iter_mut().for_each(|x| {
                n = n.wrapping_add(37);
                *x = n
            })
        },
    )
}

fn open_and_inventory(c: &mut Criterion) {
    let mut g = c.benchmark_group("check");
    g.sample_size(30).measurement_time(Duration::from_secs(4));
    let mut slow = Vec::new();
    for (name, bytes, pw) in files() {
        if name.contains("firefox") {
            slow.push((name, bytes, pw));
            continue;
        }
        g.bench_function(&name, |b| b.iter(|| check(black_box(&bytes), pw)));
    }
    g.finish();

    let mut g = c.benchmark_group("check_600k");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    slow.push((
        "writer-aes256-600000.p12".into(),
        file_600k(),
        Some("Kaigo-Sample-2026"),
    ));
    for (name, bytes, pw) in slow {
        g.bench_function(&name, |b| b.iter(|| check(black_box(&bytes), pw)));
    }
    g.finish();
}

fn kdfs(c: &mut Criterion) {
    let mut g = c.benchmark_group("kdf");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    let pw = kdf::bmp_password(Some("Kaigo-Sample-2026"));
    let salt = [7u8; 16];
    for iterations in [600_000u32, 2_000_000] {
        g.bench_function(format!("pkcs12-sha1/{iterations}"), |b| {
            b.iter(|| kdf::derive(HashAlg::Sha1, &pw, &salt, iterations, Purpose::Key, 24))
        });
        g.bench_function(format!("pkcs12-sha256/{iterations}"), |b| {
            b.iter(|| kdf::derive(HashAlg::Sha256, &pw, &salt, iterations, Purpose::Mac, 32))
        });
        g.bench_function(format!("pbkdf2-hmac-sha256/{iterations}"), |b| {
            b.iter(|| {
                let mut key = [0u8; 32];
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                    b"Kaigo-Sample-2026",
                    &salt,
                    iterations,
                    &mut key,
                );
                key
            })
        });
    }
    g.finish();
}

criterion_group!(benches, open_and_inventory, kdfs);
criterion_main!(benches);
