#!/usr/bin/env bash
# Fetches the packages whose test files make up certcheck's cross-suite
# (tests/cross_suite.rs, listed in tests/data/cross-suite.tsv), by name from
# their registries, into target/cross-suite/ (or $CERTCHECK_CROSS_SUITE).
# Nothing fetched here is committed: the repository holds only the manifest.
#
#   scripts/cross-suite-fetch.sh        # needs pip, cargo and apt-get download
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${CERTCHECK_CROSS_SUITE:-${CARGO_TARGET_DIR:-target}/cross-suite}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# PyPI: cryptography-vectors (pyca; Apache-2.0 OR BSD-3-Clause). Only the PKCS#12 files are kept.
v=50.0.2
out="$dest/pypi/cryptography-vectors-$v"
if [ ! -d "$out" ]; then
  python3 -m pip download -q --no-deps "cryptography-vectors==$v" -d "$tmp/cv"
  mkdir -p "$out"
  (cd "$out" && python3 -m zipfile -e "$tmp"/cv/cryptography_vectors-$v-*.whl . >/dev/null)
  find "$out" -type f ! -name '*.p12' ! -path '*dist-info*' -delete
fi

# PyPI: pyasn1-alt-modules sdist (BSD-2-Clause): its RFC 9579 test holds a PBMAC1 file in Base64.
v=0.4.10
out="$dest/pypi/pyasn1-alt-modules-$v"
if [ ! -d "$out" ]; then
  python3 -m pip download -q --no-deps --no-binary :all: "pyasn1-alt-modules==$v" -d "$tmp/pa"
  mkdir -p "$out"
  tar -xzf "$tmp"/pa/pyasn1_alt_modules-$v.tar.gz -C "$out" --strip-components=1 \
    "pyasn1_alt_modules-$v/tests/test_rfc9579.py" "pyasn1_alt_modules-$v/LICENSE.txt"
fi

# crates.io: crates that publish their test PKCS#12 files (MIT OR Apache-2.0).
# Both are in Cargo.lock (p12-keystore is a dev-dependency of certcheck-core,
# pkcs12 comes with it); cargo fetch puts them in the registry cache.
cargo fetch -q
cargo metadata -q --format-version 1 | python3 -c '
import json, shutil, sys, os
dest = sys.argv[1]
want = {("p12-keystore", "0.4.1"): "tests/assets", ("pkcs12", "0.2.0-pre.0"): "tests/examples"}
for p in json.load(sys.stdin)["packages"]:
    key = (p["name"], p["version"])
    if key in want:
        root = os.path.dirname(p["manifest_path"])
        out = os.path.join(dest, "crates", "%s-%s" % key)
        if not os.path.isdir(out):
            shutil.copytree(os.path.join(root, want[key]), os.path.join(out, want[key]))
            for lic in ("LICENSE-MIT", "LICENSE-APACHE", "Cargo.toml"):
                if os.path.exists(os.path.join(root, lic)):
                    shutil.copy(os.path.join(root, lic), out)
' "$dest"

# Debian: Go PKCS#12 packages (BSD-3-Clause); their Go tests hold PKCS#12 files in Base64.
for spec in golang-sslmate-src-go-pkcs12-dev:software.sslmate.com/src/go-pkcs12 \
            golang-golang-x-crypto-dev:golang.org/x/crypto/pkcs12; do
  pkg="${spec%%:*}"
  out="$dest/debian/$pkg"
  [ -d "$out" ] && continue
  (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1)
  mkdir -p "$out"
  dpkg -x "$tmp"/${pkg}_*.deb "$tmp/deb-$pkg"
  cp "$tmp/deb-$pkg/usr/share/gocode/src/${spec#*:}/pkcs12_test.go" "$out/"
  cp "$tmp/deb-$pkg/usr/share/doc/$pkg/copyright" "$out/"
  dpkg-deb -f "$tmp"/${pkg}_*.deb Version > "$out/VERSION"
done

# crates.io: rust-openssl's published crate ships its test PKCS#12 files (Apache-2.0).
# A throwaway manifest lets cargo fetch it without building anything.
v=0.10.82
out="$dest/crates/openssl-$v"
if [ ! -d "$out" ]; then
  mkdir -p "$tmp/of/src"
  printf '[package]\nname = "fetch-only"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nopenssl = "=%s"\n' "$v" > "$tmp/of/Cargo.toml"
  : > "$tmp/of/src/lib.rs"
  cargo fetch -q --manifest-path "$tmp/of/Cargo.toml"
  src="$(cargo metadata -q --format-version 1 --manifest-path "$tmp/of/Cargo.toml" |
    python3 -c 'import json,sys,os; print([os.path.dirname(p["manifest_path"]) for p in json.load(sys.stdin)["packages"] if p["name"]=="openssl"][0])')"
  mkdir -p "$out/test"
  cp "$src"/test/*.p12 "$out/test/"
  cp "$src/Cargo.toml" "$out/"
  cp "$src"/LICENSE* "$out/" 2>/dev/null || true
fi

echo "cross-suite sources in $dest"
