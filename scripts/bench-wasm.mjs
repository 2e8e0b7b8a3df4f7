#!/usr/bin/env node
// Times the guide's file checker (the WebAssembly module from scripts/build-wasm.sh)
// against the native CLI on the same files, side by side, and reports ratios.
// Checks that both give the same verdict, so a fast wrong answer cannot pass.
//
//   node scripts/bench-wasm.mjs MODULE.wasm CERTCHECK_BIN FILE.p12 PASSWORD [RUNS]
//
// Example (a 600,000-iteration file made with openssl):
//   openssl pkcs12 -export -iter 600000 -in cert.pem -inkey key.pem -passout pass:pw -out slow.p12
//   node scripts/bench-wasm.mjs target/wasm/certcheck_wasm.opt.wasm \
//     target/release/certcheck slow.p12 pw 3
import { existsSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { basename } from 'node:path';

const [wasmPath, bin, file, password, runsArg] = process.argv.slice(2);
if (!file || password === undefined) {
  console.error('usage: node scripts/bench-wasm.mjs MODULE.wasm CERTCHECK_BIN FILE.p12 PASSWORD [RUNS]');
  process.exit(64);
}
// Say plainly what is missing, and what makes it.
for (const [path, what, make] of [
  [wasmPath, 'the module', 'scripts/build-wasm.sh (prints its path: target/wasm/certcheck_wasm.opt.wasm)'],
  [bin, 'the CLI', 'cargo build --release (target/release/certcheck)'],
  [file, 'the file', 'see the example above (openssl pkcs12 -export ...)'],
]) {
  if (!existsSync(path) || !statSync(path).isFile()) {
    console.error(`bench-wasm: ${what} is not there: ${path}\n  build it with ${make}`);
    process.exit(66);
  }
}
const runs = Number(runsArg || 3);
const at = '2026-12-01';
const wasmBytes = readFileSync(wasmPath);
const data = readFileSync(file);

const started = performance.now();
const module = await WebAssembly.compile(wasmBytes);
const compileMs = performance.now() - started;

async function pageCheck() {
  let x = null;
  // The module's imports, as book/theme/checker.js gives them.
  const host = {
    now_ms: () => performance.now(),
    nfkc: (ptr, len, out, cap) => {
      const s = new TextDecoder().decode(new Uint8Array(x.memory.buffer, ptr, len)).normalize('NFKC');
      const b = new TextEncoder().encode(s);
      if (b.length <= cap) new Uint8Array(x.memory.buffer, out, cap).set(b);
      return b.length;
    },
  };
  const inst = await WebAssembly.instantiate(module, { certcheck: host });
  x = inst.exports;
  const enc = new TextEncoder();
  const parts = [enc.encode(basename(file)), data, enc.encode(password), enc.encode(at)];
  const ptrs = parts.map((b) => {
    if (!b.length) return 0;
    const p = x.certcheck_alloc(b.length);
    new Uint8Array(x.memory.buffer, p, b.length).set(b);
    return p;
  });
  const r = x.certcheck_check(ptrs[0], parts[0].length, ptrs[1], parts[1].length, data.length,
    ptrs[2], parts[2].length, 1, ptrs[3], parts[3].length, Date.now(), 0, 0, 0, 0);
  const len = new DataView(x.memory.buffer).getUint32(r, true);
  return JSON.parse(new TextDecoder().decode(new Uint8Array(x.memory.buffer, r + 4, len)));
}

function cliCheck() {
  let out;
  try {
    out = execFileSync(bin, ['check', file, '--format', 'json', '--at', at, '--lang', 'ja', '--password-stdin'],
      { input: password + '\n' });
  } catch (e) {
    out = e.stdout; // exit 1 and 2 are verdicts, not failures
  }
  return JSON.parse(out);
}

function time(f) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], result };
}

const pageTimes = [];
let pageResult;
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  pageResult = await pageCheck();
  pageTimes.push(performance.now() - t);
}
pageTimes.sort((a, b) => a - b);
const pageMs = pageTimes[Math.floor(pageTimes.length / 2)];
const cli = time(cliCheck);
const verdict = (d) => JSON.stringify([d.verdict, (d.findings || []).map((f) => f.code)]);
if (verdict(pageResult) !== verdict(cli.result)) {
  console.error(`different results:\n page ${verdict(pageResult)}\n cli  ${verdict(cli.result)}`);
  process.exit(1);
}
console.log(`module ${wasmBytes.length} bytes, compiled in ${compileMs.toFixed(0)} ms`);

// SHA-256 inside the module: the core's PBKDF2-HMAC-SHA-256 (certcheck_pbkdf2,
// two compressions per iteration) against Node's native PBKDF2 (OpenSSL, with
// the CPU's SHA instructions where it has them), in compressions per second.
const probe = (await WebAssembly.instantiate(module, { certcheck: { now_ms: () => performance.now(), nfkc: () => 0 } })).exports;
if (probe.certcheck_pbkdf2) {
  const x = probe;
  const iterations = 200000;
  const rate = (f) => {
    const t = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      f();
      t.push(performance.now() - t0);
    }
    return (2 * iterations) / (Math.min(...t) / 1000) / 1e6;
  };
  const pw = x.certcheck_alloc(2);
  new Uint8Array(x.memory.buffer, pw, 2).set([0x70, 0x77]);
  const salt = x.certcheck_alloc(8);
  let key = null;
  const inModule = rate(() => {
    const r = x.certcheck_pbkdf2(2, pw, 2, salt, 8, iterations, 32);
    const len = new DataView(x.memory.buffer).getUint32(r, true);
    key = Buffer.from(new Uint8Array(x.memory.buffer, r + 4, len)).toString('hex');
    x.certcheck_free(r, len + 4);
  });
  let native = null;
  const inNode = rate(() => { native = pbkdf2Sync('pw', Buffer.alloc(8), iterations, 32, 'sha256').toString('hex'); });
  if (key !== native) {
    console.error(`the module's PBKDF2 differs from Node's: ${key} ${native}`);
    process.exit(1);
  }
  console.log(`SHA-256 compressions (PBKDF2-HMAC-SHA-256, ${iterations} iterations): module ${inModule.toFixed(2)} M/s, ` +
    `Node's native PBKDF2 ${inNode.toFixed(2)} M/s`);
}
console.log(`${basename(file)}: module ${pageMs.toFixed(0)} ms, CLI ${cli.median.toFixed(0)} ms (median of ${runs}); module/CLI = ${(pageMs / cli.median).toFixed(2)}`);
