// The in-page file checker (certcheck-core as WebAssembly, crates/wasm): for
// every sample, the page's JSON document equals `certcheck check --format json`
// at the same moment; the bad-file findings, the slip hints, nothing sent,
// nothing stored, no console error, and the time to a verdict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve, dirname, basename } from 'node:path';
import { launch, bookUrl, BOOK_DIR } from './helpers.mjs';

const here = new URL('.', import.meta.url).pathname;
const ROOT = resolve(join(here, '..', '..', '..'));
const SAMPLES = join(ROOT, 'samples');
const BIN = process.env.CERTCHECK_BIN || join(ROOT, 'target', 'debug', 'certcheck');
const AT = '2026-12-01';
const HAVE_MODULE = existsSync(join(BOOK_DIR, 'certcheck-wasm.js'));
const CI = process.env.CERTCHECK_CI === '1';
if (!HAVE_MODULE) {
  const msg = `checker tests SKIPPED: ${join(BOOK_DIR, 'certcheck-wasm.js')} missing (the guide was built without the WebAssembly toolchain)`;
  console.error(`\n!!! ${msg}\n`);
  if (CI) throw new Error(`${msg}; CERTCHECK_CI=1 makes this a failure`);
}
const skip = !HAVE_MODULE;

// The samples table of samples/README.md: file and password option.
function sampleRows() {
  const text = readFileSync(join(SAMPLES, 'README.md'), 'utf8');
  const rows = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !/\.(p12|pem|zip|cer)$/.test(cells[1])) continue;
    const opt = cells[2];
    const m = /^`--password-env` (.+)$/.exec(opt);
    rows.push({ file: cells[1], password: m ? m[1] : null });
  }
  return rows;
}

function cliJson(dir, file, password) {
  const args = ['check', file, '--at', AT, '--format', 'json', '--lang', 'ja'];
  const env = { ...process.env };
  if (password === null) args.push('--no-password');
  else { args.push('--password-env', 'CC_TEST_PW'); env.CC_TEST_PW = password; }
  const r = spawnSync(BIN, args, { cwd: dir, env, encoding: 'utf8' });
  assert.ok(r.stdout, `certcheck printed nothing: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// How many files the page and the CLI were compared on (documents deepEqual).
const compared = { samples: 0, chains: 0, real: 0, crossSuite: 0 };

/** The office name the page shows, as text. */
function shownOffice() {
  return b.page.evaluate(() => {
    const dd = document.querySelector('form.cc-checker [data-out="office"]');
    return dd ? dd.textContent : null;
  });
}

let b;
before(async () => {
  if (skip) return;
  assert.ok(existsSync(BIN), `the CLI is needed for the comparison: ${BIN} (cargo build)`);
  b = await launch();
});
after(async () => {
  if (skip) return;
  const total = Object.values(compared).reduce((x, y) => x + y, 0);
  console.log(`# metric: page = CLI (whole JSON document) on ${total} files: ${JSON.stringify(compared)}`);
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  assert.deepEqual(b.outside, [], 'no request leaves the PC');
  await b.close();
});

/** Checks `path` in the page's checker, returns the document and the time taken. */
async function pageCheck(pageName, path, password) {
  const { page } = b;
  if (!page.url().endsWith(pageName)) await page.goto(bookUrl(pageName));
  const form = page.locator('form.cc-checker').first();
  await form.evaluate((f, at) => { f.setAttribute('data-at', at); f.ccDoc = null; }, AT);
  await form.locator('input[type="file"]').setInputFiles(path);
  await form.locator('input[type="password"]').fill(password ?? '');
  await form.locator('.cc-checker-run').click();
  await page.waitForFunction(() => {
    const f = document.querySelector('form.cc-checker');
    return f.ccDoc || /できません|られませんでした|入っていません/.test(f.querySelector('.cc-checker-status').textContent);
  }, null, { timeout: 90000 });
  return form.evaluate((f) => ({ doc: f.ccDoc, ms: Number(f.getAttribute('data-ms')), status: f.querySelector('.cc-checker-status').textContent }));
}

test('every sample: the page gives the same document as the CLI', { skip }, async () => {
  const rows = sampleRows();
  assert.ok(rows.length >= 20, `only ${rows.length} samples in the table`);
  for (const row of rows) {
    const got = await pageCheck('certcheck.html', join(SAMPLES, row.file), row.password);
    assert.ok(got.doc, `${row.file}: no document (${got.status})`);
    const cli = cliJson(SAMPLES, row.file, row.password);
    assert.deepEqual(got.doc, cli, row.file);
    // The office shown is the CLI's office table's name, or none when it has no row.
    assert.equal(await shownOffice(), cli.offices && cli.offices.length ? cli.offices[0].name : null, row.file);
    compared.samples += 1;
  }
});

// Real products' exports (RSA keys, chains signed with RSA: the RustCrypto path),
// where the shared test data sits next to the repository.
const REAL = process.env.CERTCHECK_REAL_EXPORTS || join(ROOT, '..', 'shared', 'testdata', 'real-exports');
test('real exports: the page gives the same document as the CLI', { skip }, async (t) => {
  if (!existsSync(REAL)) {
    const msg = `real exports SKIPPED: ${REAL} missing (set CERTCHECK_REAL_EXPORTS)`;
    console.error(`\n!!! ${msg}\n`);
    if (CI) assert.fail(`${msg}; CERTCHECK_CI=1 makes this a failure`);
    t.skip(msg);
    return;
  }
  const files = readdirSync(REAL).filter((f) => /\.(p12|pfx)$/.test(f));
  assert.ok(files.length > 0);
  for (const file of files) {
    for (const pw of ['password', 'Password']) {
      const got = await pageCheck('certcheck.html', join(REAL, file), pw);
      assert.ok(got.doc, `${file}: no document (${got.status})`);
      const cli = cliJson(REAL, file, pw);
      assert.deepEqual(got.doc, cli, `${file} ${pw}`);
      assert.equal(await shownOffice(), cli.offices && cli.offices.length ? cli.offices[0].name : null, file);
      compared.real += 1;
    }
  }
});

// Other projects' own test files (tests/data/cross-suite.tsv, fetched into
// target/cross-suite/ by scripts/cross-suite-fetch.sh), those that are files
// in their package (the few Base64 texts inside test sources are left to
// tests/cross_suite.rs). Every one is compared unless it takes the page more
// than the time allowed in all, which the count printed shows.
const CROSS = process.env.CERTCHECK_CROSS_SUITE || join(ROOT, 'target', 'cross-suite');
const CROSS_BUDGET_MS = 150000;
test('cross-suite files: the page gives the same document as the CLI', { skip }, async (t) => {
  if (!existsSync(CROSS)) {
    const msg = `cross-suite comparison SKIPPED: ${CROSS} missing (scripts/cross-suite-fetch.sh)`;
    console.error(`\n!!! ${msg}\n`);
    if (CI) assert.fail(`${msg}; CERTCHECK_CI=1 makes this a failure`);
    t.skip(msg);
    return;
  }
  const dirs = {};
  const rows = [];
  for (const line of readFileSync(join(ROOT, 'tests', 'data', 'cross-suite.tsv'), 'utf8').split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'source') {
      dirs[f[1]] = f[2] === 'pypi' ? `pypi/${f[3]}-${f[4]}` : f[2] === 'crates.io' ? `crates/${f[3]}-${f[4]}` : `debian/${f[3]}`;
    } else if (f[0] === 'file' && !f[2].includes('#')) {
      const pw = f[3] === 'none' ? null : f[3] === 'empty' ? '' : f[3].replace(/^pw:/, '');
      rows.push({ path: join(CROSS, dirs[f[1]], f[2]), password: pw });
    }
  }
  assert.ok(rows.length > 400, `only ${rows.length} files in the manifest`);
  const started = Date.now();
  let left = 0;
  for (const row of rows) {
    if (Date.now() - started > CROSS_BUDGET_MS) { left += 1; continue; }
    assert.ok(existsSync(row.path), `${row.path} missing: run scripts/cross-suite-fetch.sh`);
    // The page gives an empty password as "none"; the CLI's --no-password is the same.
    const got = await pageCheck('certcheck.html', row.path, row.password);
    assert.ok(got.doc, `${row.path}: no document (${got.status})`);
    const cli = cliJson(dirname(row.path), basename(row.path), row.password === '' ? null : row.password);
    assert.deepEqual(got.doc, cli, row.path);
    compared.crossSuite += 1;
  }
  console.log(`# metric: cross-suite: ${compared.crossSuite} of ${rows.length} files compared, ${left} left out by the ${CROSS_BUDGET_MS / 1000} s budget`);
  assert.ok(compared.crossSuite >= 100, `only ${compared.crossSuite} cross-suite files compared`);
});

// The samples are P-256 only: RSA and P-384 chains made by openssl take the
// num-bigint signature and key checks that replace ring in the page; Ed25519
// and Ed448 client keys (under an RSA root) the Edwards key comparison.
test('RSA, P-384, Ed25519 and Ed448 chains and keys (openssl): the page gives the same document as the CLI', { skip }, async (t) => {
  if (spawnSync('openssl', ['version']).status !== 0) {
    if (CI) assert.fail('openssl is needed');
    t.skip('openssl missing');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'certcheck-chains-'));
  try {
    const run = (args) => {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    const rsa = ['-newkey', 'rsa:2048'];
    const p384 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'];
    // [name, root key, client key, digest]
    for (const [name, caKey, key, digest] of [
      ['rsa', rsa, rsa, '-sha256'],
      ['p384', p384, p384, '-sha384'],
      ['ed25519', rsa, ['-newkey', 'ed25519'], '-sha256'],
      ['ed448', rsa, ['-newkey', 'ed448'], '-sha256'],
      // EdDSA takes no digest option: an Ed25519 root signing an Ed25519 client.
      ['ed25519-root', ['-newkey', 'ed25519'], ['-newkey', 'ed25519'], null],
    ]) {
      const dig = digest ? [digest] : [];
      run(['req', '-x509', ...caKey, '-nodes', '-keyout', `${name}-ca.key`, '-out', `${name}-ca.pem`, ...dig,
        '-subj', `/CN=Example Kaigo Test CA ${name} (fictional)`, '-days', '3650',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
      run(['req', ...key, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/O=Example Kaigo Office ${name} (fictional)/CN=office`]);
      run(['x509', '-req', '-in', `${name}.csr`, '-CA', `${name}-ca.pem`, '-CAkey', `${name}-ca.key`, '-CAcreateserial',
        '-out', `${name}.pem`, '-days', '400', ...dig]);
      run(['pkcs12', '-export', '-in', `${name}.pem`, '-inkey', `${name}.key`, '-certfile', `${name}-ca.pem`,
        '-out', `${name}.p12`, '-passout', 'pass:Kaigo-Sample-2026']);
      const got = await pageCheck('certcheck.html', join(dir, `${name}.p12`), 'Kaigo-Sample-2026');
      const cli = cliJson(dir, `${name}.p12`, 'Kaigo-Sample-2026');
      assert.equal(cli.chain.status, 'verified', `${name}: the CLI verifies the chain`);
      const client = cli.certificates.find((c) => c.role === 'client');
      assert.ok(client && client.has_private_key, `${name}: the CLI pairs the key with its certificate`);
      assert.deepEqual(got.doc, cli, name);
      compared.chains += 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the bad files each give their finding, shown with a link into 困ったとき', { skip }, async () => {
  const cases = [
    ['current-aes.p12', 'wrong-password', 'password.wrong'],
    ['damaged-mac.p12', 'Kaigo-Sample-2026', 'p12.damaged'],
    ['webpage.p12', 'Kaigo-Sample-2026', 'file.html'],
    ['zipped.zip', 'Kaigo-Sample-2026', 'file.zip'],
    ['certificate.pem', 'Kaigo-Sample-2026', 'file.pem'],
  ];
  for (const [file, pw, code] of cases) {
    const { doc } = await pageCheck('procedure.html', join(SAMPLES, file), pw);
    assert.equal(doc.verdict, 'problem', file);
    assert.ok(doc.findings.some((f) => f.code === code), `${file}: ${code}`);
    const link = await b.page.locator(`form.cc-checker .cc-checker-findings li[data-code="${code}"] a`).first().getAttribute('href');
    assert.match(link, new RegExp(`troubleshooting\\.html#${code.replace('.', '-').replace('_', '-')}`), file);
  }
});

test('a right password shows the office, the last day and the renewal day in Japan time', { skip }, async () => {
  const { doc } = await pageCheck('procedure.html', join(SAMPLES, 'renewal-window-aes.p12'), 'Kaigo-Sample-2026');
  const text = await b.page.locator('form.cc-checker .cc-checker-result').innerText();
  const [y, m, d] = doc.validity.last_day.split('-').map(Number);
  assert.ok(text.includes(`${y}年${m}月${d}日`), text);
  const [ry, rm, rd] = doc.validity.renewal_opens.split('-').map(Number);
  assert.ok(text.includes(`${ry}年${rm}月${rd}日`), text);
  assert.match(text, /パスワード\s*正しいです/);
  assert.match(text, /事業所名/);
  assert.match(text, /更新の手続きができる時期です/);
});

test('Caps Lock is named; the password is nowhere in storage, the URL or the console', { skip }, async () => {
  const slip = 'kAIGO-sAMPLE-2026';
  const { doc } = await pageCheck('certcheck.html', join(SAMPLES, 'current-3des.p12'), slip);
  assert.ok(doc.findings.some((f) => f.code === 'password.caps_lock'), JSON.stringify(doc.findings));
  const text = await b.page.locator('form.cc-checker .cc-checker-result').innerText();
  assert.match(text, /Caps Lock/);
  const stored = await b.page.evaluate(() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), location.href, document.cookie]));
  assert.ok(!stored.includes(slip) && !stored.includes('Kaigo-Sample-2026'), stored);
  assert.ok(!JSON.stringify(doc).includes(slip), 'not in the document');
  const input = b.page.locator('form.cc-checker input[name="cc-checker-password"]');
  assert.equal(await input.getAttribute('type'), 'password');
  assert.equal(await input.getAttribute('autocomplete'), 'off');
});

test('the page says the file stays on the PC and the store check needs certcheck.exe', { skip }, async () => {
  await b.page.goto(bookUrl('procedure.html'));
  const text = await b.page.locator('form.cc-checker').innerText();
  assert.match(text, /このパソコンの外に送られません/);
  assert.match(text, /certcheck\.exe/);
  assert.match(text, /証明書ストア/);
});

test('time to a verdict: 2,048 and 600,000 iterations', { skip }, async (t) => {
  const fast = await pageCheck('certcheck.html', join(SAMPLES, 'current-aes.p12'), 'Kaigo-Sample-2026');
  assert.equal(fast.doc.verdict, 'ok');
  const openssl = spawnSync('openssl', ['version']);
  if (openssl.status !== 0) {
    if (CI) assert.fail('openssl is needed to make a 600,000-iteration file');
    t.skip('openssl missing');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'certcheck-checker-'));
  try {
    const run = (args) => {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem',
      '-out', 'cert.pem', '-subj', '/O=Example Kaigo Office (fictional)/CN=slow', '-days', '400']);
    run(['pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-out', 'slow.p12', '-iter', '600000',
      '-passout', 'pass:Kaigo-Sample-2026']);
    const slow = await pageCheck('certcheck.html', join(dir, 'slow.p12'), 'Kaigo-Sample-2026');
    assert.ok(slow.doc, slow.status);
    assert.deepEqual(slow.doc, cliJson(dir, 'slow.p12', 'Kaigo-Sample-2026'));
    // A wrong password costs the most: every MAC try, then the slip search.
    const wrong = await pageCheck('certcheck.html', join(dir, 'slow.p12'), 'kAIGO-sAMPLE-2026');
    assert.ok(wrong.doc, wrong.status);
    assert.deepEqual(wrong.doc.findings.map((f) => f.code), ['password.wrong', 'password.caps_lock']);
    console.log(`time to a verdict in the page: 2,048 iterations ${fast.ms} ms; 600,000 iterations ${slow.ms} ms, wrong password (Caps Lock found) ${wrong.ms} ms`);
    assert.ok(slow.ms < 60000 && wrong.ms < 60000, `${slow.ms} ms, ${wrong.ms} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- Every result belongs to the file and password shown with it ----------

/** Makes files with openssl in a fresh folder; returns { dir, run, done }. */
function opensslDir(t, prefix) {
  if (spawnSync('openssl', ['version']).status !== 0) {
    if (CI) assert.fail('openssl is needed');
    t.skip('openssl missing');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    run(args) {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    },
    done() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** A self-signed P-256 certificate with `subj` (UTF-8) exported with `iter` iterations. */
function makeP12(o, name, subj, iter = 2048) {
  o.run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`,
    '-out', `${name}.pem`, '-utf8', '-subj', subj, '-days', '400']);
  o.run(['pkcs12', '-export', '-in', `${name}.pem`, '-inkey', `${name}.key`, '-out', `${name}.p12`,
    '-iter', String(iter), '-maciter', '-passout', 'pass:Kaigo-Sample-2026']);
  return join(o.dir, `${name}.p12`);
}

/**
 * `der` with the first byte of its MAC value flipped: PFX ::= SEQUENCE {
 * version, authSafe, macData SEQUENCE { DigestInfo SEQUENCE { alg, digest OCTET STRING }, ... } }.
 * The contents still decrypt with the password: certcheck's p12.damaged.
 */
function flipMac(der) {
  const tlv = (at) => {
    let len = der[at + 1];
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + der[at + 2 + i];
      head += n;
    }
    return { content: at + head, end: at + head + len };
  };
  const pfx = tlv(0);
  const version = tlv(pfx.content);
  const authSafe = tlv(version.end);
  const macData = tlv(authSafe.end);
  const digestInfo = tlv(macData.content);
  const alg = tlv(digestInfo.content);
  const digest = tlv(alg.end);
  assert.equal(der[alg.end], 0x04, 'the MAC value is an OCTET STRING');
  const out = Buffer.from(der);
  out[digest.content] ^= 0xff;
  return out;
}

const form = () => b.page.locator('form.cc-checker').first();
const resultText = () => form().locator('.cc-checker-result').evaluate((r) => (r.hidden ? '' : r.innerText));
const statusText = () => form().locator('.cc-checker-status').textContent();
const fileNameText = () => form().locator('.cc-checker-filename').textContent();

/** Chooses a file by the button or by dropping it on the drop area. */
async function choose(path, how) {
  if (how === 'button') {
    await form().locator('input[type="file"]').setInputFiles(path);
    return;
  }
  const b64 = readFileSync(path).toString('base64');
  await b.page.evaluate(({ b64, name }) => {
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    const drop = document.querySelector('form.cc-checker .cc-checker-drop');
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { b64, name: basename(path) });
}

async function startCheck(path, password, how) {
  await choose(path, how);
  await form().locator('input[type="password"]').fill(password);
  await form().locator('.cc-checker-run').click();
  await b.page.waitForFunction(() => /確かめています/.test(document.querySelector('form.cc-checker .cc-checker-status').textContent));
}

async function waitResult() {
  await b.page.waitForFunction(() => document.querySelector('form.cc-checker').ccDoc, null, { timeout: 90000 });
  return form().evaluate((f) => f.ccDoc);
}

test('switching the file during a check: the result shown is always the shown file\'s (both ways, button and drop)', { skip }, async (t) => {
  const o = opensslDir(t, 'certcheck-race-');
  if (!o) return;
  try {
    // A file that takes the page a few seconds, and the same file damaged.
    // 2,000,000 iterations (the most a file may have): the MAC alone keeps
    // the module busy for a while even where WebCrypto derives the keys.
    const slow = makeP12(o, 'slow-good', '/O=Example Kaigo Office (fictional)/CN=Slow Good Office', 2000000);
    const slowDamaged = join(o.dir, 'slow-damaged.p12');
    writeFileSync(slowDamaged, flipMac(readFileSync(slow)));
    const good = join(SAMPLES, 'current-aes.p12');
    const damaged = join(SAMPLES, 'damaged-mac.p12');
    await b.page.goto(bookUrl('certcheck.html'));
    await form().evaluate((f, at) => f.setAttribute('data-at', at), AT);
    // How long the slow file takes, to wait that long after a switch.
    await startCheck(slow, 'Kaigo-Sample-2026', 'button');
    const slowDoc = await waitResult();
    assert.equal(slowDoc.password, 'correct');
    const slowMs = Number(await form().getAttribute('data-ms'));
    assert.ok(slowMs > 300, `the slow file took only ${slowMs} ms: no window for the race`);
    await startCheck(slowDamaged, 'Kaigo-Sample-2026', 'button');
    assert.ok((await waitResult()).findings.some((f) => f.code === 'p12.damaged'), 'the flipped MAC is p12.damaged');

    for (const how of ['button', 'drop']) {
      for (const [first, second, want] of [
        [slow, damaged, (d) => d.verdict === 'problem' && d.findings.some((f) => f.code === 'p12.damaged')],
        [slowDamaged, good, (d) => d.verdict === 'ok' && d.password === 'correct'],
      ]) {
        const label = `${how}: ${basename(first)} then ${basename(second)}`;
        await startCheck(first, 'Kaigo-Sample-2026', how);
        // A new choice during the check: the check stops, nothing old stays shown.
        await choose(second, how);
        assert.equal(await resultText(), '', `${label}: a result is shown for a file not yet checked`);
        assert.doesNotMatch(await statusText(), /確かめています/, `${label}: still "checking" after a new choice`);
        await b.page.waitForFunction((n) => document.querySelector('form.cc-checker .cc-checker-filename').textContent.includes(n), basename(second));
        // The first check's time passes: it never reports.
        await b.page.waitForTimeout(slowMs + 500);
        assert.equal(await resultText(), '', `${label}: the first file's result appeared under the second's name`);
        // Checking now gives the second file's result, and it stays.
        await form().locator('.cc-checker-run').click();
        const doc = await waitResult();
        assert.equal(doc.file.path, basename(second), label);
        assert.ok(want(doc), `${label}: ${doc.verdict} ${doc.password}`);
        assert.match(await fileNameText(), new RegExp(basename(second).replace('.', '\\.')));
        await b.page.waitForTimeout(slowMs + 500);
        assert.equal(await form().evaluate((f) => f.ccDoc.file.path), basename(second), `${label}: overwritten later`);
        assert.match(await statusText(), /確認が終わりました/);
      }
    }
  } finally {
    o.done();
  }
});

test('a second press during a check starts over with the current inputs; a new password clears the result', { skip }, async (t) => {
  const o = opensslDir(t, 'certcheck-again-');
  if (!o) return;
  try {
    const slow = makeP12(o, 'slow', '/O=Example Kaigo Office (fictional)/CN=Slow Office', 1000000);
    await b.page.goto(bookUrl('certcheck.html'));
    await form().evaluate((f, at) => f.setAttribute('data-at', at), AT);
    // Wrong password first; while it runs, the right one is typed and 確かめる pressed again.
    await startCheck(slow, 'not-the-password', 'button');
    await form().locator('input[type="password"]').fill('Kaigo-Sample-2026');
    assert.doesNotMatch(await statusText(), /確かめています/, 'a new password stops the check');
    await form().locator('.cc-checker-run').click();
    assert.match(await statusText(), /確かめています/, 'the second press is not ignored');
    const doc = await waitResult();
    assert.equal(doc.password, 'correct', 'the result is for the password now in the field');
    assert.match(await resultText(), /パスワード\s*正しいです/);
    // Pressing again while checking the same inputs restarts and still ends with one result.
    await form().locator('.cc-checker-run').click();
    assert.equal(await resultText(), '');
    await b.page.waitForFunction(() => /確かめています/.test(document.querySelector('form.cc-checker .cc-checker-status').textContent));
    await form().locator('.cc-checker-run').click();
    assert.equal((await waitResult()).password, 'correct');
    // Typing in the password field afterwards takes the result away.
    await form().locator('input[type="password"]').press('x');
    assert.equal(await resultText(), '');
    assert.equal(await statusText(), '');
  } finally {
    o.done();
  }
});

// ---- Key derivations on the browser's cores --------------------------------

/**
 * A page of its own whose navigator says `cores`, with every worker it
 * starts recorded: `created` counts them, `live` holds those not yet closed.
 */
async function pageWithCores(cores) {
  const page = await b.context.newPage();
  await page.addInitScript((n) => {
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n, configurable: true });
  }, cores);
  const seen = { created: 0, live: new Set() };
  page.on('worker', (w) => {
    seen.created += 1;
    seen.live.add(w);
    w.on('close', () => seen.live.delete(w));
  });
  await page.goto(bookUrl('certcheck.html'));
  return { page, seen };
}

/** Waits (up to 30 s) until `cond()` holds; fails with `what` otherwise. */
async function until(cond, what) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 30000) assert.fail(what());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `makeP12` with OpenSSL's old algorithms (-legacy: PBES1, 3DES and RC2, a SHA-1 MAC): no PBKDF2. */
function makeLegacyP12(o, name, subj, iter) {
  o.run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`,
    '-out', `${name}.pem`, '-utf8', '-subj', subj, '-days', '400']);
  o.run(['pkcs12', '-export', '-legacy', '-in', `${name}.pem`, '-inkey', `${name}.key`, '-out', `${name}.p12`,
    '-iter', String(iter), '-maciter', '-passout', 'pass:Kaigo-Sample-2026']);
  return join(o.dir, `${name}.p12`);
}

test('several derivations run on more than one worker when the browser has cores; a new choice stops every worker of the old check', { skip }, async (t) => {
  const o = opensslDir(t, 'certcheck-workers-');
  if (!o) return;
  const main = b.page;
  try {
    // MAC, certificate part and key: three derivations of 1,000,000
    // iterations, none PBKDF2 (so none for WebCrypto): the helpers' work.
    const slow = makeLegacyP12(o, 'slow', '/O=Example Kaigo Office (fictional)/CN=Workers Office', 1000000);
    const cli = cliJson(o.dir, 'slow.p12', 'Kaigo-Sample-2026');
    const { page, seen } = await pageWithCores(4);
    b.page = page;
    await form().evaluate((f, at) => f.setAttribute('data-at', at), AT);

    // A check under way: the checking worker and its helpers.
    await startCheck(slow, 'Kaigo-Sample-2026', 'button');
    await until(() => seen.created >= 3, () => `only ${seen.created} workers started for three derivations on 4 cores`);
    assert.ok(seen.live.size >= 3, `${seen.live.size} workers running`);
    // A new choice: every worker of the old check stops, helpers included.
    await choose(join(SAMPLES, 'current-aes.p12'), 'button');
    await until(() => seen.live.size === 0, () => `${seen.live.size} workers of a stale check still running`);
    assert.equal(await resultText(), '');

    // The whole check on 4 cores: the CLI's document, from more than one worker.
    seen.created = 0;
    await choose(slow, 'button');
    await form().locator('input[type="password"]').fill('Kaigo-Sample-2026');
    await form().locator('.cc-checker-run').click();
    const doc = await waitResult();
    assert.deepEqual(doc, cli);
    const workers = await form().evaluate((f) => f.ccWorkers);
    assert.ok(workers >= 3, `the check ran on ${workers} workers`);
    assert.equal(await form().evaluate((f) => f.ccWebCrypto), 0, 'PBES1 has nothing for WebCrypto');
    assert.equal(seen.created, workers, 'each worker counted is one the page started');
    await until(() => seen.live.size === 0, () => `${seen.live.size} workers left running after the verdict`);
    // A wrong password: the helpers' results decide the same as the CLI.
    const wrong = await pageCheck('certcheck.html', slow, 'not-the-password');
    assert.deepEqual(wrong.doc, cliJson(o.dir, 'slow.p12', 'not-the-password'));

    // OpenSSL 3's defaults (PBES2 with PBKDF2-HMAC-SHA-256): both parts'
    // keys from WebCrypto, the MAC in the checking worker, no helper.
    const aes = makeP12(o, 'aes', '/O=Example Kaigo Office (fictional)/CN=WebCrypto Office', 1000000);
    seen.created = 0;
    for (const pw of ['Kaigo-Sample-2026', 'not-the-password']) {
      const got = await pageCheck('certcheck.html', aes, pw);
      assert.deepEqual(got.doc, cliJson(o.dir, 'aes.p12', pw), pw);
      assert.equal(await form().evaluate((f) => f.ccWebCrypto), 2, `${pw}: derivations WebCrypto ran`);
      assert.equal(await form().evaluate((f) => f.ccWorkers), 1, pw);
    }
    assert.equal(seen.created, 2, 'one worker per check');
    await page.close();

    // One core: one worker, as before; WebCrypto still derives the PBKDF2 keys.
    const one = await pageWithCores(1);
    b.page = one.page;
    const got = await pageCheck('certcheck.html', join(SAMPLES, 'current-aes.p12'), 'Kaigo-Sample-2026');
    assert.deepEqual(got.doc, cliJson(SAMPLES, 'current-aes.p12', 'Kaigo-Sample-2026'));
    assert.equal(await form().evaluate((f) => f.ccWorkers), 1);
    assert.equal(await form().evaluate((f) => f.ccWebCrypto), 2);
    assert.equal(one.seen.created, 1);
    const legacy = await pageCheck('certcheck.html', slow, 'Kaigo-Sample-2026');
    assert.deepEqual(legacy.doc, cli);
    assert.equal(await form().evaluate((f) => f.ccWorkers), 1);
    await one.page.close();
  } finally {
    b.page = main;
    o.done();
  }
});

// The browser's PBKDF2 (WebCrypto), which derives the page's PBES2 keys,
// against the core's (the module's certcheck_pbkdf2), for each PRF, with
// passwords and salts empty, short, non-ASCII and longer than a block, and
// keys of more than one output block.
test('WebCrypto\'s PBKDF2 gives the core\'s keys for SHA-1, SHA-256, SHA-384 and SHA-512', { skip }, async () => {
  await b.page.goto(bookUrl('certcheck.html'));
  await pageCheck('certcheck.html', join(SAMPLES, 'current-aes.p12'), 'Kaigo-Sample-2026');
  const out = await b.page.evaluate(async () => {
    const bin = atob(window.certcheckWasm);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const { instance } = await WebAssembly.instantiate(bytes, {
      certcheck: { now_ms: () => performance.now(), nfkc: () => 0 },
    });
    const x = instance.exports;
    const put = (b) => {
      if (!b.length) return 0;
      const p = x.certcheck_alloc(b.length);
      new Uint8Array(x.memory.buffer, p, b.length).set(b);
      return p;
    };
    const hex = (b) => Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
    const enc = new TextEncoder();
    const names = { 1: 'SHA-1', 2: 'SHA-256', 3: 'SHA-384', 4: 'SHA-512' };
    const passwords = ['', 'Kaigo-Sample-2026', '介護パスワード2026', 'x'.repeat(150)];
    const salts = [new Uint8Array(0), enc.encode('salt'), new Uint8Array(70).fill(9)];
    const cases = [];
    for (const prf of [1, 2, 3, 4]) {
      for (const pw of passwords) {
        for (const salt of salts) {
          for (const [iterations, len] of [[1, 20], [2, 32], [2050, 48], [4097, 100]]) {
            const p = enc.encode(pw);
            const r = x.certcheck_pbkdf2(prf, put(p), p.length, put(salt), salt.length, iterations, len);
            const n = new DataView(x.memory.buffer).getUint32(r, true);
            const core = hex(new Uint8Array(x.memory.buffer, r + 4, n));
            let web;
            try {
              const key = await crypto.subtle.importKey('raw', p, 'PBKDF2', false, ['deriveBits']);
              web = hex(new Uint8Array(await crypto.subtle.deriveBits(
                { name: 'PBKDF2', hash: names[prf], salt, iterations }, key, len * 8)));
            } catch (e) {
              web = `WebCrypto refused: ${e.name}`;
            }
            cases.push({ prf: names[prf], pw: pw.length, salt: salt.length, iterations, len, core, web });
          }
        }
      }
    }
    return cases;
  });
  assert.equal(out.length, 4 * 4 * 3 * 4);
  for (const c of out) {
    assert.equal(c.core.length, c.len * 2, `the core derived nothing: ${JSON.stringify(c)}`);
    assert.equal(c.web, c.core, JSON.stringify(c));
  }
});

test('the verdict is announced in the status region, which exists before it is filled', { skip }, async () => {
  await b.page.goto(bookUrl('certcheck.html'));
  const region = form().locator('.cc-checker-status');
  assert.equal(await region.getAttribute('role'), 'status');
  assert.ok(await region.evaluate((r) => !r.hidden && getComputedStyle(r).display !== 'none'), 'the status region is in the page (not display:none) before a check');
  await b.page.evaluate(() => {
    window.ccSaid = [];
    const s = document.querySelector('form.cc-checker .cc-checker-status');
    new MutationObserver(() => window.ccSaid.push(s.textContent)).observe(s, { childList: true, characterData: true, subtree: true });
  });
  await pageCheck('certcheck.html', join(SAMPLES, 'current-aes.p12'), 'wrong-password');
  const said = await b.page.evaluate(() => window.ccSaid);
  assert.match(said[said.length - 1], /判定: 問題があります/);
  assert.match(said[said.length - 1], /パスワード: 違います/);
});

test('office names: commas and bidi controls are shown as the CLI shows them, nothing parsed from the subject', { skip }, async (t) => {
  const o = opensslDir(t, 'certcheck-names-');
  if (!o) return;
  try {
    const cases = [
      // O with a comma: not cut at the comma.
      ['comma-o', '/O=Example Kaigo Care Co., Ltd./CN=Example Kaigo Care Co., Ltd.'],
      // A CN that looks like another attribute: the office is the CN, not "よその事業所".
      ['fake-o', '/O=本当の事業所 (fictional)/CN=事業所A, O=よその事業所'],
      // A right-to-left override and a zero-width space hidden in the name.
      ['bidi', '/O=Example Kaigo (fictional)/CN=\u202egpj.exe 事業所\u200b名'],
    ];
    await b.page.goto(bookUrl('certcheck.html'));
    for (const [name, subj] of cases) {
      const path = makeP12(o, name, subj);
      const got = await pageCheck('certcheck.html', path, 'Kaigo-Sample-2026');
      const cli = cliJson(o.dir, `${name}.p12`, 'Kaigo-Sample-2026');
      assert.deepEqual(got.doc, cli, name);
      compared.chains += 1;
      // The CLI's text output shows the name in its visible form; the page shows the same.
      const text = spawnSync(BIN, ['check', `${name}.p12`, '--at', AT, '--lang', 'ja', '--password-env', 'P'],
        { cwd: o.dir, env: { ...process.env, P: 'Kaigo-Sample-2026', NO_COLOR: '1' }, encoding: 'utf8' }).stdout;
      const shown = await shownOffice();
      assert.ok(shown, `${name}: no office shown`);
      assert.ok(text.includes(shown), `${name}: the page shows ${JSON.stringify(shown)}, not in the CLI's output:\n${text}`);
      assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/.test(await resultText()), `${name}: a raw control character on the page`);
      if (name === 'comma-o') assert.equal(shown, 'Example Kaigo Care Co., Ltd.');
      if (name === 'fake-o') assert.equal(shown, '事業所A, O=よその事業所');
      if (name === 'bidi') assert.equal(shown, '<U+202E>gpj.exe 事業所<U+200B>名');
    }
    // A file name with a bidi control: shown in the same visible form.
    const tricky = join(o.dir, 'x\u202egpj.p12');
    writeFileSync(tricky, readFileSync(join(SAMPLES, 'current-aes.p12')));
    await choose(tricky, 'button');
    await b.page.waitForFunction(() => document.querySelector('form.cc-checker .cc-checker-filename').textContent);
    assert.equal(await fileNameText(), '選んだファイル: x<U+202E>gpj.p12');
  } finally {
    o.done();
  }
});
