//! python `cryptography`: `pkcs12.serialize_key_and_certificates` with BestAvailableEncryption,
//! the PKCS12 encryption builder (PBES1 3DES / PBES2 AES-256, chosen MAC digests) and
//! NoEncryption. One python process writes every file.

use super::common::*;
use super::tamper::flips;
use std::process::Command;

const SCRIPT: &str = r#"
import os, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

out, ca_pem, *pairs = sys.argv[1:]
ca = x509.load_pem_x509_certificate(open(ca_pem, "rb").read())
clients = {}
for name, key, pem in zip(pairs[0::3], pairs[1::3], pairs[2::3]):
    clients[name] = (serialization.load_pem_private_key(open(key, "rb").read(), None),
                     x509.load_pem_x509_certificate(open(pem, "rb").read()))
pw = os.environ["CERTCHECK_TEST_PW"].encode()
pw_non_ascii = os.environ["CERTCHECK_TEST_PW_NON_ASCII"].encode()
builder = PrivateFormat.PKCS12.encryption_builder

def write(file, client, enc):
    key, cert = clients[client]
    data = pkcs12.serialize_key_and_certificates(b"client", key, cert, [ca], enc)
    open(os.path.join(out, file), "wb").write(data)

write("py-best.p12", "rsa", serialization.BestAvailableEncryption(pw))
write("py-best-ec.p12", "ec", serialization.BestAvailableEncryption(pw))
write("py-3des.p12", "rsa", builder().kdf_rounds(5000)
      .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1()).build(pw_non_ascii))
write("py-aes.p12", "rsa", builder().kdf_rounds(7000)
      .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC).hmac_hash(hashes.SHA512()).build(pw))
write("py-none.p12", "rsa", serialization.NoEncryption())
"#;

#[test]
fn python_cryptography_files_open() {
    let mut probe_cmd = Command::new("python3");
    probe_cmd.args([
        "-c",
        "import cryptography.hazmat.primitives.serialization.pkcs12",
    ]);
    if !have("python3 with cryptography", &mut probe_cmd, true) {
        return;
    }
    let fx = Fixture::new();
    let mut p = Producer::new("python");
    let ca = Some(&fx.ca);
    let mut cmd = Command::new("python3");
    cmd.args(["-c", SCRIPT])
        .arg(fx.dir.path())
        .arg(&fx.ca.pem)
        .arg("rsa")
        .arg(&fx.rsa.key)
        .arg(&fx.rsa.pem)
        .arg("ec")
        .arg(&fx.ec.key)
        .arg(&fx.ec.pem)
        .env("CERTCHECK_TEST_PW", PASSWORD)
        .env("CERTCHECK_TEST_PW_NON_ASCII", NON_ASCII);
    produce("python cryptography", &mut cmd);
    let how = "python3 -c SCRIPT (tests/producers/python.rs)";
    let best = Enc::Pbe(AES256, 20_000);

    p.check(
        how,
        &Expect::new("BestAvailableEncryption", &fx.rsa, ca)
            .both(best)
            .mac("SHA-256", 2048),
        &fx.path("py-best.p12"),
        Pw::Env(PASSWORD),
    );
    p.check(
        how,
        &Expect::new("BestAvailableEncryption, EC P-256", &fx.ec, ca)
            .both(best)
            .mac("SHA-256", 2048),
        &fx.path("py-best-ec.p12"),
        Pw::Env(PASSWORD),
    );
    p.check(
        how,
        &Expect::new(
            "builder PBESv1 3DES ×5000, SHA-1 MAC, non-ASCII password",
            &fx.rsa,
            ca,
        )
        .both(Enc::Pbe(PBE_3DES, 5000))
        .mac("SHA-1", 2048),
        &fx.path("py-3des.p12"),
        Pw::File(NON_ASCII),
    );
    p.check(
        how,
        &Expect::new("builder PBESv2 AES-256 ×7000, SHA-512 MAC", &fx.rsa, ca)
            .both(Enc::Pbe(AES256, 7000))
            .mac("SHA-512", 2048),
        &fx.path("py-aes.p12"),
        Pw::Env(PASSWORD),
    );
    // cryptography still writes a MAC (keyed with the empty password) with NoEncryption.
    p.check(
        how,
        &Expect::new("NoEncryption, --no-password", &fx.rsa, ca)
            .mac("SHA-256", 2048)
            .password("not_needed"),
        &fx.path("py-none.p12"),
        Pw::None,
    );

    p.refused(
        "BestAvailableEncryption, wrong password",
        how,
        &fx.path("py-best.p12"),
        Pw::Env(WRONG),
        &["password.wrong"],
        &[WRONG, PASSWORD],
    );
    flips(
        &mut p,
        "BestAvailableEncryption",
        how,
        &fx.path("py-best.p12"),
        PASSWORD,
        2,
        16,
    );
    flips(
        &mut p,
        "builder PBESv1 3DES",
        how,
        &fx.path("py-3des.p12"),
        NON_ASCII,
        2,
        8,
    );
    p.finish();
}
