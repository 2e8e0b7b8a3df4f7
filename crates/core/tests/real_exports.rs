//! Real products' exports from ../shared/testdata/real-exports (password "password").
//! CI has them: a missing directory is a loud SKIP, and a failure under CERTCHECK_CI=1.

use certcheck_core::testing::pkcs12::{self, Failure, OpenError, OpenOptions, PasswordOutcome};

/// The exports, or none after a loud SKIP when ../shared is not beside the clone.
fn files() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let Some(dir) =
        certcheck_testkit::outside::shared_testdata(&root, "real-exports", "real exports")
    else {
        return Vec::new();
    };
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "p12" || e == "pfx"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    assert_eq!(v.len(), 5, "expected the five real exports");
    v
}

#[test]
fn every_real_export_opens_with_its_password() {
    for (name, bytes) in files() {
        let c = pkcs12::open(&bytes, Some("password"), OpenOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(c.password, PasswordOutcome::Correct, "{name}");
        assert_eq!(c.keys.len(), 1, "{name}");
        assert!(!c.certificates.is_empty(), "{name}");
        let ber = name.contains("firefox");
        assert_eq!(
            c.protection.encoding.to_string(),
            if ber { "BER" } else { "DER" },
            "{name}"
        );
    }
}

#[test]
fn every_real_export_rejects_a_wrong_password() {
    for (name, bytes) in files() {
        match pkcs12::open(&bytes, Some("passw0rd"), OpenOptions::default()) {
            Err(OpenError::Failed {
                failure: Failure::WrongPassword,
                ..
            }) => {}
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn the_oracle_agrees_on_the_der_files() {
    // p12-keystore is an independent implementation; it cannot read BER (Firefox).
    for (name, bytes) in files().into_iter().filter(|(n, _)| !n.contains("firefox")) {
        let ks = p12_keystore::KeyStore::from_pkcs12(
            &bytes,
            "password",
            p12_keystore::Pkcs12ImportPolicy::Raw,
        )
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let ours = pkcs12::open(&bytes, Some("password"), OpenOptions::default()).unwrap();
        let mut oracle_certs: Vec<Vec<u8>> = Vec::new();
        for (_, entry) in ks.entries() {
            match entry {
                p12_keystore::KeyStoreEntry::PrivateKeyChain(chain) => {
                    oracle_certs.extend(chain.certs().iter().map(|c| c.as_der().to_vec()));
                }
                p12_keystore::KeyStoreEntry::Certificate(c) => {
                    oracle_certs.push(c.as_der().to_vec())
                }
                _ => {}
            }
        }
        for (der, _) in &ours.certificates {
            assert!(
                oracle_certs.contains(der),
                "{name}: a certificate the oracle did not find"
            );
        }
    }
}
