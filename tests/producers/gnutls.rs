//! GnuTLS `certtool --to-p12`. It always uses 600,000 iterations (no option lowers it), so only
//! the variants that differ in kind are made: default (PBES2 AES-128), PKCS#12 3DES with a
//! non-ASCII password, `--empty-password` and `--null-password`.

use super::common::*;
use std::path::PathBuf;
use std::process::Command;

fn to_p12(fx: &Fixture, name: &str, args: &[&str]) -> (PathBuf, String) {
    let out = fx.path(name);
    let mut cmd = Command::new("certtool");
    cmd.args([
        "--to-p12",
        "--outder",
        "--p12-name",
        "client",
        "--load-privkey",
    ])
    .arg(&fx.rsa.key)
    .arg("--load-certificate")
    .arg(fx.chain_pem(&fx.rsa))
    .args(args)
    .arg("--outfile")
    .arg(&out);
    produce("certtool", &mut cmd);
    (out, show(&cmd))
}

#[test]
fn certtool_files_open() {
    if !have(
        "certtool (gnutls-bin)",
        Command::new("certtool").arg("--version"),
        true,
    ) {
        return;
    }
    let fx = Fixture::new();
    let mut p = Producer::new("certtool");
    let ca = Some(&fx.ca);
    let aes = Enc::Pbe(AES128, 600_000);

    let (default, how_default) = to_p12(&fx, "gnutls.p12", &["--password", PASSWORD]);
    p.check(
        &how_default,
        &Expect::new("default", &fx.rsa, ca)
            .both(aes)
            .mac("SHA-256", 600_000),
        &default,
        Pw::Env(PASSWORD),
    );
    let (file, how) = to_p12(
        &fx,
        "gnutls-3des.p12",
        &["--password", NON_ASCII, "--pkcs-cipher", "3des-pkcs12"],
    );
    p.check(
        &how,
        &Expect::new("--pkcs-cipher 3des-pkcs12, non-ASCII password", &fx.rsa, ca)
            .both(Enc::Pbe(PBE_3DES, 600_000))
            .mac("SHA-256", 600_000),
        &file,
        Pw::Env(NON_ASCII),
    );
    let (file, how) = to_p12(&fx, "gnutls-empty.p12", &["--empty-password"]);
    p.check(
        &how,
        &Expect::new("--empty-password", &fx.rsa, ca)
            .both(aes)
            .mac("SHA-256", 600_000),
        &file,
        Pw::Env(""),
    );
    let (file, how) = to_p12(&fx, "gnutls-null.p12", &["--null-password"]);
    p.check(
        &how,
        &Expect::new("--null-password, --no-password", &fx.rsa, ca)
            .both(aes)
            .mac("SHA-256", 600_000)
            .password("not_needed"),
        &file,
        Pw::None,
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
