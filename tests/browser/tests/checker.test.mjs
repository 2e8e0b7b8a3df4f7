// The in-page file checker (certcheck-core as WebAssembly, crates/wasm): for
// every sample, the page's JSON document equals `certcheck check --format json`
// at the same moment; the bad-file findings, the slip hints, nothing sent,
// nothing stored, no console error, and the time to a verdict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

let b;
before(async () => {
  if (skip) return;
  assert.ok(existsSync(BIN), `the CLI is needed for the comparison: ${BIN} (cargo build)`);
  b = await launch();
});
after(async () => {
  if (skip) return;
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
    assert.deepEqual(got.doc, cliJson(SAMPLES, row.file, row.password), row.file);
  }
});

// Real products' exports (RSA keys, chains signed with RSA: the RustCrypto path),
// where the shared test data sits next to the repository.
const REAL = process.env.CERTCHECK_REAL_EXPORTS || join(ROOT, '..', 'shared', 'testdata', 'real-exports');
test('real exports: the page gives the same document as the CLI', { skip: skip || !existsSync(REAL) }, async () => {
  const files = readdirSync(REAL).filter((f) => /\.(p12|pfx)$/.test(f));
  assert.ok(files.length > 0);
  for (const file of files) {
    for (const pw of ['password', 'Password']) {
      const got = await pageCheck('certcheck.html', join(REAL, file), pw);
      assert.ok(got.doc, `${file}: no document (${got.status})`);
      assert.deepEqual(got.doc, cliJson(REAL, file, pw), `${file} ${pw}`);
    }
  }
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
