#!/usr/bin/env bash
# Times whole commands side by side, interleaved, many runs: certcheck (one
# or two builds: before and after a change) against
# `openssl pkcs12 -nodes -out /dev/null`, which does the same work (the MAC
# and every bag decrypted, the key included), on the samples, the real
# exports and a 600,000-iteration file made by openssl. Prints medians,
# ratios (certcheck ÷ openssl, lower is better), their geometric means, the
# machine's load before and after, and a Markdown table for the README.
#
#   scripts/bench.sh [RUNS]                          (default 40 runs of each command per file)
#   BEFORE=old/certcheck scripts/bench.sh 15         (compare with an older build too)
#   BEFORE=old/certcheck AFTER=new/certcheck scripts/bench.sh 15
#
# AFTER defaults to this tree's release build (built here). Needs cargo (unless
# AFTER is given), openssl (3.x), python3. Numbers from a busy machine are not
# comparable with an idle one's: compare columns of one run, not runs.
set -euo pipefail

RUNS="${1:-40}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXPORTS="${EXPORTS:-$ROOT/../shared/testdata/real-exports}"
cd "$ROOT"

if [ -z "${AFTER:-}" ]; then
  cargo build --release --quiet --bin certcheck
  AFTER="${CARGO_TARGET_DIR:-$ROOT/target}/release/certcheck"
fi
BEFORE="${BEFORE:-}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# A 600,000-iteration file (OpenSSL 3 defaults otherwise: PBES2 AES-256-CBC,
# PBKDF2-HMAC-SHA-256, SHA-256 MAC). -maciter is the spelling both openssl 1.1
# and 3 take for "MAC iterations = -iter".
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
  -subj "/CN=certcheck bench (fictional)" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
openssl pkcs12 -export -iter 600000 -maciter -inkey "$WORK/key.pem" -in "$WORK/cert.pem" \
  -passout pass:bench-600k -out "$WORK/openssl-600000.p12"

# file<TAB>password<TAB>label for the README table
{
  for f in current-3des current-aes rc2-40-legacy expired-aes no-mac-aes sha512-aes128; do
    printf '%s\t%s\t%s\n' "$ROOT/samples/$f.p12" "Kaigo-Sample-2026" "$f.p12"
  done
  for f in "$EXPORTS"/*.p12 "$EXPORTS"/*.pfx; do
    [ -e "$f" ] && printf '%s\t%s\t%s\n' "$f" "password" "$(basename "$f")"
  done
  printf '%s\t%s\t%s\n' "$WORK/openssl-600000.p12" "bench-600k" \
    '`openssl pkcs12 -export -iter 600000 -maciter`'
} > "$WORK/files.tsv"

echo "load before: $(uptime)"
python3 - "$RUNS" "$WORK/files.tsv" "$AFTER" "$BEFORE" <<'PY'
import os, statistics, subprocess, sys, time

runs, listing, after, before = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
builds = ([("before", before)] if before else []) + [("after", after)]

def run(cmd, env):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, p.returncode

def openssl_cmd(path, env):
    # -nodes: the key is decrypted and written out too, as certcheck decrypts it.
    base = ["openssl", "pkcs12", "-in", path, "-passin", "env:P", "-nodes", "-out", "/dev/null"]
    # RC2 and 3DES need the legacy provider in OpenSSL 3: add -legacy where needed.
    if run(base, env)[1] == 0:
        return base, ""
    if run(base + ["-legacy"], env)[1] == 0:
        return base + ["-legacy"], " (-legacy)"
    sys.exit(f"openssl cannot read {path}")

def verdict(binary, path, env):
    out = subprocess.run([binary, "check", path, "--password-env", "P", "--format", "json"],
                         env=env, capture_output=True, text=True)
    if out.returncode not in (0, 1, 2):
        sys.exit(f"{binary}: exit {out.returncode} on {path}")
    return out.returncode, out.stdout.count('"code"')

names = [n for n, _ in builds]
head = "".join(f"{n + ' ms':>11}" for n in names) + f"{'openssl ms':>11}" + "".join(
    f"{n + ' ratio':>14}" for n in names)
print(f"{'file':<52}{head}")
ratios = {n: [] for n in names}
rows = []
for line in open(listing):
    path, password, label = line.rstrip("\n").split("\t")
    env = dict(os.environ, P=password, LANG="C")
    seen = {verdict(b, path, env) for _, b in builds}
    if len(seen) != 1:
        sys.exit(f"the builds disagree on {path}: {seen}")
    os_cmd, legacy = openssl_cmd(path, env)
    cmds = [[b, "check", path, "--password-env", "P", "--format", "json"] for _, b in builds]
    cmds.append(os_cmd)
    for _ in range(3):  # warm the page cache and the dynamic loader
        for c in cmds:
            run(c, env)
    times = [[] for _ in cmds]
    for i in range(runs):
        # Rotate which goes first so none always runs on a warmer machine.
        order = list(range(len(cmds)))
        k = i % len(order)
        for j in order[k:] + order[:k]:
            times[j].append(run(cmds[j], env)[0])
    med = [statistics.median(t) * 1e3 for t in times]
    ossl = med[-1]
    rs = [m / ossl for m in med[:-1]]
    for n, r in zip(names, rs):
        ratios[n].append(r)
    rows.append((label + legacy, med, rs))
    print(f"{(label + legacy)[:51]:<52}" + "".join(f"{m:>11.2f}" for m in med)
          + "".join(f"{r:>14.2f}" for r in rs))

gms = [statistics.geometric_mean(ratios[n]) for n in names]
print(f"\nratio = certcheck median / openssl median ({runs} interleaved runs each); "
      + ", ".join(f"geometric mean {n} {g:.2f}" for n, g in zip(names, gms)))

print("\nFor the README:\n")
cols = "".join(f" certcheck {n} ms |" for n in names) + " openssl ms |" + "".join(
    f" ratio {n} |" for n in names)
print(f"| file |{cols}")
print("|---|" + "---|" * (2 * len(names) + 1))
for label, med, rs in rows:
    print(f"| {label} |" + "".join(f" {m:.2f} |" for m in med) + "".join(f" {r:.2f} |" for r in rs))
print("| geometric mean |" + " |" * (len(names) + 1) + "".join(f" {g:.2f} |" for g in gms))
PY
echo "load after: $(uptime)"

# Startup: certcheck --version.
python3 - "$AFTER" <<'PY'
import statistics, subprocess, sys, time
t = []
for _ in range(200):
    t0 = time.perf_counter()
    subprocess.run([sys.argv[1], "--version"], stdout=subprocess.DEVNULL)
    t.append(time.perf_counter() - t0)
print(f"certcheck --version: median {statistics.median(t) * 1e3:.2f} ms over 200 runs "
      f"(process spawn included)")
PY
