//! NSS `pk12util` (what Firefox uses): an openssl file imported into a fresh NSS database and
//! exported again. NSS writes BER with indefinite lengths and, in 3.87, always 600,000 iterations,
//! so three files cover it: the default, Firefox's old ciphers with a non-ASCII password, and
//! AES-192 keys with plain certificates, a SHA-384 MAC and an empty password.

use super::common::*;
use super::openssl::export;
use std::path::PathBuf;
use std::process::Command;

fn pk12util_export(
    fx: &Fixture,
    db: &str,
    name: &str,
    pass: &str,
    args: &[&str],
) -> (PathBuf, String) {
    let out = fx.path(name);
    let mut cmd = Command::new("pk12util");
    cmd.args(["-d", db, "-K", "", "-n", "client", "-W", pass])
        .args(args)
        .arg("-o")
        .arg(&out);
    produce("pk12util", &mut cmd);
    (out, show(&cmd))
}

#[test]
fn pk12util_files_open() {
    if !have(
        "pk12util (libnss3-tools)",
        Command::new("pk12util").arg("-V"),
        false,
    ) || !have(
        "certutil (libnss3-tools)",
        Command::new("certutil").arg("-V"),
        false,
    ) {
        return;
    }
    let fx = Fixture::new();
    let mut p = Producer::new("pk12util");
    let ca = Some(&fx.ca);
    let db_dir = fx.path("nssdb");
    std::fs::create_dir(&db_dir).unwrap();
    let db = format!("sql:{}", db_dir.display());
    produce(
        "certutil",
        Command::new("certutil").args(["-N", "--empty-password", "-d", &db]),
    );
    let (src, _) = export(&fx, "src.p12", &fx.rsa, true, PASSWORD, &[]);
    produce(
        "pk12util",
        Command::new("pk12util")
            .args(["-d", &db, "-K", "", "-W", PASSWORD, "-i"])
            .arg(&src),
    );

    let n = 600_000;
    let (default, how_default) = pk12util_export(&fx, &db, "nss.p12", PASSWORD, &[]);
    p.check(
        &how_default,
        &Expect::new("default", &fx.rsa, ca)
            .certs(Enc::Pbe(AES128, n))
            .key(Enc::Pbe(AES256, n))
            .mac("SHA-256", n)
            .ber(),
        &default,
        Pw::Stdin(PASSWORD),
    );
    let (file, how) = pk12util_export(
        &fx,
        &db,
        "nss-legacy.p12",
        NON_ASCII,
        &[
            "-c",
            "PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC",
            "-C",
            "PKCS #12 V2 PBE With SHA-1 And 40 Bit RC2 CBC",
            "-M",
            "SHA-1",
        ],
    );
    p.check(
        &how,
        &Expect::new(
            "-c 3DES -C RC2-40 -M SHA-1, non-ASCII password",
            &fx.rsa,
            ca,
        )
        .certs(Enc::Pbe(PBE_RC2_40, n))
        .key(Enc::Pbe(PBE_3DES, n))
        .mac("SHA-1", n)
        .ber(),
        &file,
        Pw::Env(NON_ASCII),
    );
    // NSS takes the PBKDF2 PRF from the MAC digest.
    let (file, how) = pk12util_export(
        &fx,
        &db,
        "nss-aes192.p12",
        "",
        &["-c", "AES-192-CBC", "-C", "none", "-M", "SHA-384"],
    );
    p.check(
        &how,
        &Expect::new(
            "-c AES-192-CBC -C none -M SHA-384, empty password",
            &fx.rsa,
            ca,
        )
        .key(Enc::Pbe("PBES2 (PBKDF2-HMAC-SHA-384, AES-192-CBC)", n))
        .mac("SHA-384", n)
        .ber(),
        &file,
        Pw::Env(""),
    );

    p.refused(
        "default, wrong password",
        &how_default,
        &default,
        Pw::Env(WRONG),
        &["password.wrong"],
        &[WRONG, PASSWORD],
    );
    p.finish();
}
