//! openssl 3 `pkcs12 -export`: the default (PBES2 AES-256, SHA-256 MAC), `-legacy` and every
//! `-certpbe/-keypbe/-macalg/-iter` choice openssl 3.0 offers.

use super::common::*;
use std::path::PathBuf;
use std::process::Command;

const AES192: &str = "PBES2 (PBKDF2-HMAC-SHA-256, AES-192-CBC)";
const PBES2_3DES: &str = "PBES2 (PBKDF2-HMAC-SHA-256, 3DES-CBC)";
const PBE_RC2_128: &str = "PKCS#12 PBE (SHA-1, RC2-128-CBC)";

/// `openssl pkcs12 -export` of `client` (with the CA when `with_ca`); returns the file and the
/// command for failure messages.
pub fn export(
    fx: &Fixture,
    name: &str,
    client: &Cert,
    with_ca: bool,
    pass: &str,
    extra: &[&str],
) -> (PathBuf, String) {
    let out = fx.path(name);
    let mut cmd = Command::new("openssl");
    cmd.args(["pkcs12", "-export", "-name", "client", "-inkey"])
        .arg(&client.key)
        .arg("-in")
        .arg(&client.pem);
    if with_ca {
        cmd.arg("-certfile").arg(&fx.ca.pem);
    }
    cmd.arg("-passout")
        .arg(format!("pass:{pass}"))
        .args(extra)
        .arg("-out")
        .arg(&out);
    produce("openssl", &mut cmd);
    (out, show(&cmd))
}

fn supports(flag: &str) -> bool {
    let out = Command::new("openssl")
        .args(["pkcs12", "-help"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr).contains(flag)
        || String::from_utf8_lossy(&out.stdout).contains(flag)
}

/// File name, client, CA included, password, extra flags, expectation.
type Case<'a> = (&'a str, &'a Cert, bool, &'a str, Vec<&'a str>, Expect);

#[test]
fn openssl_exports_open() {
    if !have("openssl", Command::new("openssl").arg("version"), true) {
        return;
    }
    let fx = Fixture::new();
    let mut p = Producer::new("openssl");
    let ca = Some(&fx.ca);
    let aes = Enc::Pbe(AES256, 2048);

    let cases: Vec<Case> = vec![
        (
            "default.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec![],
            Expect::new("default", &fx.rsa, ca)
                .both(aes)
                .mac("SHA-256", 2048),
        ),
        (
            "default-ec.p12",
            &fx.ec,
            true,
            PASSWORD,
            vec![],
            Expect::new("default, EC P-256", &fx.ec, ca)
                .both(aes)
                .mac("SHA-256", 2048),
        ),
        (
            "no-ca.p12",
            &fx.rsa,
            false,
            PASSWORD,
            vec![],
            Expect::new("default, without the CA", &fx.rsa, None)
                .both(aes)
                .mac("SHA-256", 2048),
        ),
        (
            "legacy.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-legacy"],
            Expect::new("-legacy", &fx.rsa, ca)
                .certs(Enc::Pbe(PBE_RC2_40, 2048))
                .key(Enc::Pbe(PBE_3DES, 2048))
                .mac("SHA-1", 2048),
        ),
        (
            "legacy-ec.p12",
            &fx.ec,
            true,
            PASSWORD,
            vec!["-legacy"],
            Expect::new("-legacy, EC P-256", &fx.ec, ca)
                .certs(Enc::Pbe(PBE_RC2_40, 2048))
                .key(Enc::Pbe(PBE_3DES, 2048))
                .mac("SHA-1", 2048),
        ),
        (
            "aes128.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-certpbe", "AES-128-CBC", "-keypbe", "AES-128-CBC"],
            Expect::new("-certpbe/-keypbe AES-128-CBC", &fx.rsa, ca)
                .both(Enc::Pbe(AES128, 2048))
                .mac("SHA-256", 2048),
        ),
        (
            "aes192.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-certpbe", "AES-192-CBC", "-keypbe", "AES-192-CBC"],
            Expect::new("-certpbe/-keypbe AES-192-CBC", &fx.rsa, ca)
                .both(Enc::Pbe(AES192, 2048))
                .mac("SHA-256", 2048),
        ),
        (
            "pbes2-3des.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-certpbe", "DES-EDE3-CBC", "-keypbe", "DES-EDE3-CBC"],
            Expect::new("-certpbe/-keypbe DES-EDE3-CBC", &fx.rsa, ca)
                .both(Enc::Pbe(PBES2_3DES, 2048))
                .mac("SHA-256", 2048),
        ),
        (
            "pbe-3des.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES"],
            Expect::new("-certpbe/-keypbe PBE-SHA1-3DES", &fx.rsa, ca)
                .both(Enc::Pbe(PBE_3DES, 2048))
                .mac("SHA-256", 2048),
        ),
        (
            "camellia128.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec![
                "-certpbe",
                "CAMELLIA-128-CBC",
                "-keypbe",
                "CAMELLIA-128-CBC",
            ],
            Expect::new("-certpbe/-keypbe CAMELLIA-128-CBC", &fx.rsa, ca)
                .both(Enc::Pbe(
                    "PBES2 (PBKDF2-HMAC-SHA-256, Camellia-128-CBC)",
                    2048,
                ))
                .mac("SHA-256", 2048),
        ),
        (
            "camellia192.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec![
                "-certpbe",
                "CAMELLIA-192-CBC",
                "-keypbe",
                "CAMELLIA-192-CBC",
            ],
            Expect::new("-certpbe/-keypbe CAMELLIA-192-CBC", &fx.rsa, ca)
                .both(Enc::Pbe(
                    "PBES2 (PBKDF2-HMAC-SHA-256, Camellia-192-CBC)",
                    2048,
                ))
                .mac("SHA-256", 2048),
        ),
        (
            "camellia256.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec![
                "-certpbe",
                "CAMELLIA-256-CBC",
                "-keypbe",
                "CAMELLIA-256-CBC",
            ],
            Expect::new("-certpbe/-keypbe CAMELLIA-256-CBC", &fx.rsa, ca)
                .both(Enc::Pbe(
                    "PBES2 (PBKDF2-HMAC-SHA-256, Camellia-256-CBC)",
                    2048,
                ))
                .mac("SHA-256", 2048),
        ),
        // CAST5 too is in the legacy provider.
        (
            "cast5.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec![
                "-legacy",
                "-certpbe",
                "CAST5-CBC",
                "-keypbe",
                "CAST5-CBC",
                "-macalg",
                "sha256",
            ],
            Expect::new("-legacy -certpbe/-keypbe CAST5-CBC", &fx.rsa, ca)
                .both(Enc::Pbe(
                    "PBES2 (PBKDF2-HMAC-SHA-256, CAST5-CBC (128-bit key))",
                    2048,
                ))
                .mac("SHA-256", 2048),
        ),
        // RC2 lives in openssl 3's legacy provider, which -legacy loads.
        (
            "pbe-rc2-128.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec![
                "-legacy",
                "-certpbe",
                "PBE-SHA1-RC2-128",
                "-keypbe",
                "PBE-SHA1-RC2-128",
                "-macalg",
                "sha256",
            ],
            Expect::new("-legacy PBE-SHA1-RC2-128, -macalg sha256", &fx.rsa, ca)
                .both(Enc::Pbe(PBE_RC2_128, 2048))
                .mac("SHA-256", 2048),
        ),
        (
            "pbe-rc2-40.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec![
                "-legacy",
                "-certpbe",
                "PBE-SHA1-RC2-40",
                "-keypbe",
                "PBE-SHA1-RC2-40",
            ],
            Expect::new("-legacy PBE-SHA1-RC2-40 (key too)", &fx.rsa, ca)
                .both(Enc::Pbe(PBE_RC2_40, 2048))
                .mac("SHA-1", 2048),
        ),
        (
            "mac-sha1.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-macalg", "sha1"],
            Expect::new("-macalg sha1", &fx.rsa, ca)
                .both(aes)
                .mac("SHA-1", 2048),
        ),
        (
            "mac-sha256.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-macalg", "sha256"],
            Expect::new("-macalg sha256", &fx.rsa, ca)
                .both(aes)
                .mac("SHA-256", 2048),
        ),
        (
            "mac-sha384.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-macalg", "sha384"],
            Expect::new("-macalg sha384", &fx.rsa, ca)
                .both(aes)
                .mac("SHA-384", 2048),
        ),
        (
            "mac-sha512.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-macalg", "sha512"],
            Expect::new("-macalg sha512", &fx.rsa, ca)
                .both(aes)
                .mac("SHA-512", 2048),
        ),
        // openssl 3.0 leaves the certificates unencrypted too with -nomac (`pkcs12 -info` agrees).
        (
            "nomac.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-nomac"],
            Expect::new("-nomac", &fx.rsa, ca)
                .key(aes)
                .finding("p12.no_mac"),
        ),
        // The one slow file: 600,000 is what GnuTLS and NSS use by default.
        (
            "iter600k.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-iter", "600000", "-maciter"],
            Expect::new("-iter 600000 -maciter", &fx.rsa, ca)
                .both(Enc::Pbe(AES256, 600_000))
                .mac("SHA-256", 600_000),
        ),
        // Both omit the count: the MAC's iterations field is absent and defaults to 1.
        (
            "noiter.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-noiter", "-nomaciter"],
            Expect::new("-noiter -nomaciter", &fx.rsa, ca)
                .both(Enc::Pbe(AES256, 1))
                .mac("SHA-256", 1),
        ),
        (
            "unencrypted.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-keypbe", "NONE", "-certpbe", "NONE"],
            Expect::new("-keypbe NONE -certpbe NONE", &fx.rsa, ca).mac("SHA-256", 2048),
        ),
        // openssl 3.0 ignores -noenc when exporting; -keypbe NONE leaves the key plain.
        (
            "key-plain.p12",
            &fx.rsa,
            true,
            PASSWORD,
            vec!["-keypbe", "NONE"],
            Expect::new("-keypbe NONE", &fx.rsa, ca)
                .certs(aes)
                .mac("SHA-256", 2048),
        ),
        (
            "empty.p12",
            &fx.rsa,
            true,
            "",
            vec![],
            Expect::new("empty password (-passout pass:)", &fx.rsa, ca)
                .both(aes)
                .mac("SHA-256", 2048),
        ),
        (
            "non-ascii-legacy.p12",
            &fx.rsa,
            true,
            NON_ASCII,
            vec!["-legacy"],
            Expect::new("non-ASCII password, -legacy (BMPString KDF)", &fx.rsa, ca)
                .certs(Enc::Pbe(PBE_RC2_40, 2048))
                .key(Enc::Pbe(PBE_3DES, 2048))
                .mac("SHA-1", 2048),
        ),
        (
            "non-ascii.p12",
            &fx.rsa,
            true,
            NON_ASCII,
            vec![],
            Expect::new("non-ASCII password, default (UTF-8 PBKDF2)", &fx.rsa, ca)
                .both(aes)
                .mac("SHA-256", 2048),
        ),
    ];

    let mut files = std::collections::HashMap::new();
    for (name, client, with_ca, pass, extra, exp) in &cases {
        let (file, how) = export(&fx, name, client, *with_ca, pass, extra);
        // Exercise every way of passing the password; the non-ASCII ones through a UTF-8 file.
        let pw = match *name {
            "legacy.p12" => Pw::Stdin(pass),
            "non-ascii-legacy.p12" => Pw::File(pass),
            _ => Pw::Env(pass),
        };
        p.check(&how, exp, &file, pw);
        files.insert(*name, (file, how));
    }

    // The two encodings of "no password" (empty BMPString or absent) must both be tried.
    let (empty, how) = &files["empty.p12"];
    p.check(
        how,
        &Expect::new("empty password, --no-password", &fx.rsa, ca)
            .both(aes)
            .mac("SHA-256", 2048)
            .password("not_needed"),
        empty,
        Pw::None,
    );

    let (default, how) = &files["default.p12"];
    for (mode, pw) in [
        ("env", Pw::Env(WRONG)),
        ("stdin", Pw::Stdin(WRONG)),
        ("file", Pw::File(WRONG)),
    ] {
        p.refused(
            &format!("default, wrong password ({mode})"),
            how,
            default,
            pw,
            &["password.wrong"],
            &[WRONG, PASSWORD],
        );
    }
    p.refused(
        "default, --no-password",
        how,
        default,
        Pw::None,
        &["password.needed"],
        &[PASSWORD],
    );
    let (legacy, how) = &files["legacy.p12"];
    p.refused(
        "-legacy, wrong password",
        how,
        legacy,
        Pw::Env(WRONG),
        &["password.wrong"],
        &[WRONG, PASSWORD],
    );
    // A file without a password opens whatever is typed; certcheck says none is needed.
    let (empty, how) = &files["empty.p12"];
    let exp = Expect::new("empty password, a password given", &fx.rsa, ca)
        .both(aes)
        .mac("SHA-256", 2048)
        .password("not_needed");
    p.check(how, &exp, empty, Pw::Env(WRONG));
    let (non_ascii, how) = &files["non-ascii-legacy.p12"];
    p.refused(
        "non-ASCII -legacy, wrong password",
        how,
        non_ascii,
        Pw::Env("ぱすわーど-Ü8"),
        &["password.wrong"],
        &["ぱすわーど-Ü8", NON_ASCII],
    );

    if supports("-pbmac1_pbkdf2") {
        let (file, how) = export(
            &fx,
            "pbmac1.p12",
            &fx.rsa,
            true,
            PASSWORD,
            &["-pbmac1_pbkdf2"],
        );
        p.check(
            &how,
            &Expect::new("-pbmac1_pbkdf2", &fx.rsa, ca)
                .both(aes)
                .mac("SHA-256", 2048),
            &file,
            Pw::Env(PASSWORD),
        );
    } else {
        println!("note: this openssl has no -pbmac1_pbkdf2 (3.4+); PBMAC1 not tested");
    }
    p.finish();
}
