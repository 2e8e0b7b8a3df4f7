#!/usr/bin/env bash
# Times whole commands side by side, alternating, many runs: certcheck vs
# `openssl pkcs12 -info -noout` on the samples, the real exports and a
# 600,000-iteration file made by openssl. Prints medians and ratios.
#
#   scripts/bench.sh [RUNS]        (default 40 runs of each command per file)
#
# Needs: cargo, openssl (3.x), python3. Run from a clean clone; uses release.
set -euo pipefail

RUNS="${1:-40}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXPORTS="${EXPORTS:-$ROOT/../shared/testdata/real-exports}"
cd "$ROOT"

cargo build --release --quiet --bin certcheck
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/certcheck"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# A 600,000-iteration file (OpenSSL 3 defaults otherwise: PBES2 AES-256-CBC,
# PBKDF2-HMAC-SHA-256, SHA-256 MAC). -maciter is the spelling both openssl 1.1
# and 3 take for "MAC iterations = -iter".
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
  -subj "/CN=certcheck bench (fictional)" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
openssl pkcs12 -export -iter 600000 -maciter -inkey "$WORK/key.pem" -in "$WORK/cert.pem" \
  -passout pass:bench-600k -out "$WORK/openssl-600000.p12"

# file<TAB>password
{
  for f in current-3des current-aes rc2-40-legacy sha512-aes128 expired-aes no-mac-aes; do
    printf '%s\t%s\n' "$ROOT/samples/$f.p12" "Kaigo-Sample-2026"
  done
  for f in "$EXPORTS"/*.p12 "$EXPORTS"/*.pfx; do
    [ -e "$f" ] && printf '%s\t%s\n' "$f" "password"
  done
  printf '%s\t%s\n' "$WORK/openssl-600000.p12" "bench-600k"
} > "$WORK/files.tsv"

python3 - "$BIN" "$RUNS" "$WORK/files.tsv" <<'PY'
import os, statistics, subprocess, sys, time

binary, runs, listing = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def run(cmd, env):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, p.returncode

def openssl_cmd(path, env):
    base = ["openssl", "pkcs12", "-info", "-noout", "-passin", "env:P", "-in", path]
    # RC2 and 3DES need the legacy provider in OpenSSL 3: add -legacy where needed.
    if run(base, env)[1] == 0:
        return base, ""
    if run(base + ["-legacy"], env)[1] == 0:
        return base + ["-legacy"], " -legacy"
    sys.exit(f"openssl cannot read {path}")

print(f"{'file':<48} {'certcheck ms':>12} {'openssl ms':>11} {'ratio':>6}")
ratios = {}
for line in open(listing):
    path, password = line.rstrip("\n").split("\t")
    env = dict(os.environ, P=password, LANG="C")
    cc = [binary, "check", path, "--password-env", "P", "--format", "json"]
    code = run(cc, env)[1]
    if code not in (0, 1, 2):
        sys.exit(f"certcheck exit {code} on {path}")
    os_cmd, legacy = openssl_cmd(path, env)
    for _ in range(3):  # warm the page cache and the dynamic loader
        run(cc, env); run(os_cmd, env)
    a, b = [], []
    for i in range(runs):
        # Alternate which goes first so neither always runs on a warmer machine.
        pair = [(cc, a), (os_cmd, b)] if i % 2 == 0 else [(os_cmd, b), (cc, a)]
        for cmd, out in pair:
            out.append(run(cmd, env)[0])
    ma, mb = statistics.median(a) * 1e3, statistics.median(b) * 1e3
    name = os.path.basename(path) + legacy
    ratios[name] = ma / mb
    print(f"{name:<48} {ma:>12.2f} {mb:>11.2f} {ma / mb:>6.2f}")

gm = statistics.geometric_mean(ratios.values())
print(f"\nratio = certcheck median / openssl median ({runs} alternating runs each); "
      f"geometric mean {gm:.2f}")
PY

# Startup: certcheck --version.
python3 - "$BIN" <<'PY'
import statistics, subprocess, sys, time
t = []
for _ in range(200):
    t0 = time.perf_counter()
    subprocess.run([sys.argv[1], "--version"], stdout=subprocess.DEVNULL)
    t.append(time.perf_counter() - t0)
print(f"certcheck --version: median {statistics.median(t) * 1e3:.2f} ms over 200 runs "
      f"(process spawn included)")
PY
