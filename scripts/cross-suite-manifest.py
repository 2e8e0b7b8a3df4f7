#!/usr/bin/env python3
"""Writes tests/data/cross-suite.tsv from the fetched cross-suite sources.

Run scripts/cross-suite-fetch.sh first. The password of each file is what the
source's own tests use; whether a file opens, holds a key and how many
certificates it holds is what the source's tests assert, cross-read with an
independent implementation (python cryptography, which bundles its own
OpenSSL). Rows whose expectation differs from what the source's tests say
are written by hand below (OVERRIDES), each with its reason.
"""
import base64
import os
import re
import sys

from cryptography.hazmat.primitives.serialization import pkcs12

ROOT = sys.argv[1] if len(sys.argv) > 1 else "target/cross-suite"

SOURCES = [
    # id, registry, package, version, licence
    ("cv", "pypi", "cryptography-vectors", "50.0.2", "Apache-2.0 OR BSD-3-Clause"),
    ("pyasn1", "pypi", "pyasn1-alt-modules", "0.4.10", "BSD-2-Clause"),
    ("p12ks", "crates.io", "p12-keystore", "0.4.1", "MIT OR Apache-2.0"),
    ("rcpkcs12", "crates.io", "pkcs12", "0.2.0-pre.0", "Apache-2.0 OR MIT"),
    ("gopkcs12", "debian", "golang-sslmate-src-go-pkcs12-dev", "0.0~git20210415.c5206de-2", "BSD-3-Clause"),
    ("goxcrypto", "debian", "golang-golang-x-crypto-dev", "1:0.4.0-1", "BSD-3-Clause"),
    ("rustopenssl", "crates.io", "openssl", "0.10.82", "Apache-2.0"),
]
DIRS = {
    "cv": "pypi/cryptography-vectors-50.0.2",
    "pyasn1": "pypi/pyasn1-alt-modules-0.4.10",
    "p12ks": "crates/p12-keystore-0.4.1",
    "rcpkcs12": "crates/pkcs12-0.2.0-pre.0",
    "gopkcs12": "debian/golang-sslmate-src-go-pkcs12-dev",
    "goxcrypto": "debian/golang-golang-x-crypto-dev",
    "rustopenssl": "crates/openssl-0.10.82",
}
# rust-openssl's tests: identity.p12 and cms.p12 with "mypass", keystore-empty-chain.p12 with "cassandra".
RUST_OPENSSL_PASSWORDS = {"identity.p12": "mypass", "cms.p12": "mypass", "keystore-empty-chain.p12": "cassandra"}

# Passwords the sources' tests use, by file name (None: no password).
CV_PASSWORDS = {
    "cert-key-aes256cbc.p12": "cryptography",
    "cert-none-key-none.p12": "cryptography",
    "cert-rc2-key-3des.p12": "cryptography",
    "cert-aes256cbc-no-key.p12": "cryptography",
    "no-cert-key-aes256cbc.p12": "cryptography",
    "no-password.p12": None,
}
P12KS_PASSWORDS = {
    "clear_twocert.p12": "",
    "unicode-subject-chain.p12": "fixture-password",
}
RC_PASSWORDS = {"example.pfx": "", "example2.pfx": "1234"}


def cv_password(name):
    if name in CV_PASSWORDS:
        return CV_PASSWORDS[name], "source-test"
    if name.endswith("-no-pwd.p12"):
        return None, "source-test"
    if name.endswith("-pwd.p12"):
        return "password", "source-test"
    return None, "guess"


def read(data, password):
    pw = None if password is None else password.encode()
    p = pkcs12.load_pkcs12(data, pw)
    certs = (1 if p.cert else 0) + len(p.additional_certs)
    return p.key is not None, certs


def pw_field(password):
    if password is None:
        return "none"
    if password == "":
        return "empty"
    return "pw:" + password


def row(source, path, data, password, basis, note=""):
    try:
        key, certs = read(data, password)
        expect = "opens"
    except Exception as e:  # noqa: BLE001 - any refusal is recorded
        tried = []
        for alt in (None, "", "password", "changeit", "1234", "cryptography"):
            try:
                key, certs = read(data, alt)
                tried.append(alt)
                break
            except Exception:  # noqa: BLE001
                continue
        if tried:
            password, expect, basis = tried[0], "opens", "independent"
        elif basis == "source-readme":
            # PKITS says every file holds its certificate and key; python
            # refuses DSA keys whose parameters are inherited from the CA.
            return [source, path, pw_field(password), "opens", "yes", "-", basis, "python: " + str(e)[:50]]
        else:
            return [source, path, pw_field(password), "unreadable-by-python", "-", "-", basis, str(e)[:60]]
    return [source, path, pw_field(password), expect, "yes" if key else "no", str(certs), basis, note]


# Where certcheck deliberately differs from the source's expectation, and why.
OVERRIDES = {
    ("rcpkcs12", "tests/examples/example11.pfx"): (
        "unsupported",
        "MAC with BLAKE2b-512: only OpenSSL writes it and Windows cannot import it; certcheck says unsupported",
    ),
}

rows = []
base = os.path.join(ROOT, DIRS["cv"], "cryptography_vectors")
for sub in ("pkcs12", "x509/PKITS_data/pkcs12"):
    for name in sorted(os.listdir(os.path.join(base, sub))):
        if not name.endswith(".p12"):
            continue
        data = open(os.path.join(base, sub, name), "rb").read()
        if sub == "pkcs12":
            pw, basis = cv_password(name)
        else:
            pw, basis = "password", "source-readme"  # PKITS: every PKCS#12 file uses "password"
        rows.append(row("cv", f"cryptography_vectors/{sub}/{name}", data, pw, basis))

for sub in ("tests/assets",):
    d = os.path.join(ROOT, DIRS["p12ks"], sub)
    for name in sorted(os.listdir(d)):
        if name.endswith((".p12", ".pfx")):
            pw = P12KS_PASSWORDS.get(name, "changeit")
            rows.append(row("p12ks", f"{sub}/{name}", open(os.path.join(d, name), "rb").read(), pw, "source-test"))

d = os.path.join(ROOT, DIRS["rcpkcs12"], "tests/examples")
for name in sorted(os.listdir(d)):
    if name.endswith((".p12", ".pfx")):
        pw = RC_PASSWORDS.get(name, "")
        basis = "source-test" if name in RC_PASSWORDS else "independent"
        rows.append(row("rcpkcs12", f"tests/examples/{name}", open(os.path.join(d, name), "rb").read(), pw, basis))

for src in ("gopkcs12", "goxcrypto"):
    go = open(os.path.join(ROOT, DIRS[src], "pkcs12_test.go")).read()
    for name, b64 in re.findall(r'"([^"]+)": `([A-Za-z0-9+/=\s]+)`', go):
        rows.append(row(src, f"pkcs12_test.go#{name}", base64.b64decode(b64), "", "source-test"))
go = open(os.path.join(ROOT, DIRS["gopkcs12"], "pkcs12_test.go")).read()
m = re.search(r"base64P12 := `([A-Za-z0-9+/=\s]+)`", go)
rows.append(row("gopkcs12", "pkcs12_test.go#base64P12", base64.b64decode(m.group(1)), "password", "source-test"))

d = os.path.join(ROOT, DIRS["rustopenssl"], "test")
for name in sorted(os.listdir(d)):
    if name in RUST_OPENSSL_PASSWORDS:
        data = open(os.path.join(d, name), "rb").read()
        rows.append(row("rustopenssl", f"test/{name}", data, RUST_OPENSSL_PASSWORDS[name], "source-test"))

py = open(os.path.join(ROOT, DIRS["pyasn1"], "tests/test_rfc9579.py")).read()
m = re.search(r'pfx_pem_text = """\\\n(.*?)"""', py, re.S)
rows.append(row("pyasn1", "tests/test_rfc9579.py#pfx_pem_text", base64.b64decode("".join(m.group(1).split())), "1234", "rfc9579"))

for r in rows:
    if (r[0], r[1]) in OVERRIDES:
        r[3], r[7] = OVERRIDES[(r[0], r[1])]

out = sys.stdout
out.write("# certcheck cross-suite: other projects' PKCS#12 test files, fetched by scripts/cross-suite-fetch.sh.\n")
out.write("# Generated by scripts/cross-suite-manifest.py; columns are tab-separated.\n")
out.write("# source<TAB>id<TAB>registry<TAB>package<TAB>version<TAB>licence\n")
out.write("# file<TAB>source id<TAB>path in the package (#name: Base64 text in a test source)<TAB>password (none|empty|pw:TEXT)"
          "<TAB>expect (opens|unsupported)<TAB>key (yes|no)<TAB>certificates<TAB>basis<TAB>note\n")
for s in SOURCES:
    out.write("source\t" + "\t".join(s) + "\n")
for r in rows:
    out.write("file\t" + "\t".join(r) + "\n")
