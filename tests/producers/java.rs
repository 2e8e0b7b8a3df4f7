//! Java keytool (JDK 17): `-importkeystore` of an openssl file into a new PKCS12 keystore, in the
//! default format (PBES2 AES-256, HmacSHA256 MAC, 10,000 iterations), the legacy one
//! (`keystore.pkcs12.legacy`) and with the per-algorithm security properties.

use super::common::*;
use super::openssl::export;
use super::tamper::flips;
use std::path::{Path, PathBuf};
use std::process::Command;

fn import(fx: &Fixture, src: &Path, name: &str, props: &[&str]) -> (PathBuf, String) {
    let out = fx.path(name);
    let mut cmd = Command::new("keytool");
    cmd.args(props.iter().map(|p| format!("-J-D{p}")))
        .args([
            "-importkeystore",
            "-noprompt",
            "-srcstoretype",
            "PKCS12",
            "-deststoretype",
            "PKCS12",
        ])
        .args([
            "-srcstorepass",
            PASSWORD,
            "-deststorepass",
            PASSWORD,
            "-srckeystore",
        ])
        .arg(src)
        .arg("-destkeystore")
        .arg(&out);
    produce("keytool", &mut cmd);
    (out, show(&cmd))
}

#[test]
fn keytool_keystores_open() {
    if !have("keytool (JDK)", Command::new("keytool").arg("-help"), true) {
        return;
    }
    let fx = Fixture::new();
    let mut p = Producer::new("keytool");
    let ca = Some(&fx.ca);
    let (src, _) = export(&fx, "src.p12", &fx.rsa, true, PASSWORD, &[]);
    let (src_ec, _) = export(&fx, "src-ec.p12", &fx.ec, true, PASSWORD, &[]);
    let aes = Enc::Pbe(AES256, 10_000);

    let (default, how_default) = import(&fx, &src, "java.p12", &[]);
    // Java writes 20-byte MAC salts; the password comes from a file to cover that input too.
    p.check(
        &how_default,
        &Expect::new("default", &fx.rsa, ca)
            .both(aes)
            .mac("SHA-256", 10_000),
        &default,
        Pw::File(PASSWORD),
    );
    let (file, how) = import(&fx, &src_ec, "java-ec.p12", &[]);
    p.check(
        &how,
        &Expect::new("default, EC P-256", &fx.ec, ca)
            .both(aes)
            .mac("SHA-256", 10_000),
        &file,
        Pw::Env(PASSWORD),
    );
    let (legacy, how_legacy) = import(&fx, &src, "java-legacy.p12", &["keystore.pkcs12.legacy"]);
    p.check(
        &how_legacy,
        &Expect::new("-Dkeystore.pkcs12.legacy", &fx.rsa, ca)
            .certs(Enc::Pbe(PBE_RC2_40, 50_000))
            .key(Enc::Pbe(PBE_3DES, 50_000))
            .mac("SHA-1", 100_000),
        &legacy,
        Pw::Env(PASSWORD),
    );
    let (file, how) = import(
        &fx,
        &src,
        "java-custom.p12",
        &[
            "keystore.pkcs12.keyProtectionAlgorithm=PBEWithHmacSHA512AndAES_128",
            "keystore.pkcs12.keyPbeIterationCount=4000",
            "keystore.pkcs12.certProtectionAlgorithm=NONE",
            "keystore.pkcs12.macAlgorithm=HmacPBESHA512",
            "keystore.pkcs12.macIterationCount=3000",
        ],
    );
    p.check(
        &how,
        &Expect::new(
            "HmacSHA512 AES-128 key, plain certs, SHA-512 MAC",
            &fx.rsa,
            ca,
        )
        .key(Enc::Pbe("PBES2 (PBKDF2-HMAC-SHA-512, AES-128-CBC)", 4000))
        .mac("SHA-512", 3000),
        &file,
        Pw::Env(PASSWORD),
    );

    p.refused(
        "default, wrong password",
        &how_default,
        &default,
        Pw::Env(WRONG),
        &["password.wrong"],
        &[WRONG, PASSWORD],
    );
    p.refused(
        "legacy, wrong password",
        &how_legacy,
        &legacy,
        Pw::Stdin(WRONG),
        &["password.wrong"],
        &[WRONG, PASSWORD],
    );
    flips(&mut p, "default", &how_default, &default, PASSWORD, 2, 16);
    p.finish();
}
