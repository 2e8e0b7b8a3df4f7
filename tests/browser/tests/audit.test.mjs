// WCAG 2.1 AA measured by tools, not by hand: axe-core on every page in every
// mdBook theme and in each widget state (the checker with a result, the
// calculator with a result and with an error, search open, the side bar open
// on a phone), and the Nu HTML checker (vnu.jar) on every built page and on the
// live DOM of every page and state. No serious or critical axe violation and
// no Nu error may remain. One browser session, one java run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, bookUrl, bookPages, BOOK_DIR, THEMES } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const VNU = join(resolve(require.resolve('vnu-jar'), '..'), 'build', 'dist', 'vnu.jar');
const here = new URL('.', import.meta.url).pathname;
const SAMPLES = resolve(join(here, '..', '..', '..', 'samples'));
const CI = process.env.CERTCHECK_CI === '1';
const HAVE_CHECKER = existsSync(join(BOOK_DIR, 'certcheck-wasm.js'));
// The WCAG 2.0/2.1 A and AA rules (axe's best-practice rules are not WCAG).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

let b;
let snapshots;
const found = { axe: [], axeAll: 0, runs: 0 };
before(async () => {
  b = await launch();
  snapshots = mkdtempSync(join(tmpdir(), 'certcheck-nu-'));
});
after(async () => {
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  await b.page.goto(bookUrl('index.html'));
  await b.page.evaluate(() => localStorage.clear());
  await b.close();
  rmSync(snapshots, { recursive: true, force: true });
});

/** Runs axe on the page as it is; records every violation, returns the blocking ones. */
async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload: false });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5), count: v.nodes.length }));
  }, TAGS);
  found.runs += 1;
  found.axeAll += violations.reduce((n, v) => n + v.count, 0);
  const blocking = violations.filter((v) => BLOCKING.has(v.impact)).map((v) => ({ where, ...v }));
  found.axe.push(...blocking);
  return blocking;
}

let shots = 0;
/** Keeps the live DOM for the Nu run at the end. */
async function snapshot(page, name) {
  const html = await page.evaluate(() => '<!DOCTYPE html>\n' + document.documentElement.outerHTML);
  shots += 1;
  writeFileSync(join(snapshots, `${String(shots).padStart(3, '0')}-${name.replace(/[^a-z0-9-]+/gi, '_')}.html`), html);
}

async function useTheme(page, theme) {
  await page.goto(bookUrl('index.html'));
  await page.evaluate((t) => { localStorage.clear(); localStorage.setItem('mdbook-theme', t); }, theme);
}

// The states that only a reader's actions produce.
const STATES = {
  async 'checker-result'(page) {
    if (!HAVE_CHECKER) return false;
    await page.goto(bookUrl('certcheck.html'));
    const form = page.locator('form.cc-checker').first();
    await form.evaluate((f) => f.setAttribute('data-at', '2026-12-01'));
    await form.locator('input[type="file"]').setInputFiles(join(SAMPLES, 'current-aes.p12'));
    await form.locator('input[type="password"]').fill('kAIGO-sAMPLE-2026');
    await form.locator('.cc-checker-run').click();
    await page.waitForFunction(() => document.querySelector('form.cc-checker').ccDoc, null, { timeout: 60000 });
    return true;
  },
  async 'calculator-result'(page) {
    await page.goto(bookUrl('timing.html') + '?today=2028-03-01');
    await page.fill('form.cc-calc [name="cc-calc-date"]', '2028-05-31');
    await page.waitForSelector('[data-out="status"][data-value]');
    return true;
  },
  async 'calculator-error'(page) {
    await page.goto(bookUrl('timing.html') + '?today=2028-03-01');
    await page.fill('form.cc-calc [name="cc-calc-date"]', '0001-05-31');
    await page.locator('form.cc-calc [name="cc-calc-date"]').blur();
    await page.waitForSelector('.cc-calc-error:not([hidden])');
    return true;
  },
  async 'search-open'(page) {
    await page.goto(bookUrl('procedure.html'));
    await page.click('#cc-search-toggle');
    await page.keyboard.type('パスワード');
    await page.waitForSelector('.cc-search-results li');
    return true;
  },
  async 'sidebar-open-phone'(page) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(bookUrl('procedure.html'));
    await page.click('#mdbook-sidebar-toggle');
    await page.waitForFunction(() => document.documentElement.classList.contains('sidebar-visible'));
    await page.waitForTimeout(400); // the slide-in transition
    return true;
  },
};

test('axe: no serious or critical WCAG 2.1 AA violation on any page, in any theme or widget state', async (t) => {
  const { page } = b;
  const pages = bookPages();
  assert.ok(pages.length >= 8, `only ${pages.length} pages`);
  if (!HAVE_CHECKER) {
    const msg = 'audit: the checker state is SKIPPED (guide built without certcheck-wasm.js)';
    console.error(`!!! ${msg}`);
    if (CI) assert.fail(msg);
  }
  for (const theme of THEMES) {
    await useTheme(page, theme);
    for (const p of pages) {
      await page.goto(bookUrl(p));
      // The DOM before axe's own script is added to it.
      if (theme === 'light') await snapshot(page, `${theme}-${p}`);
      await axe(page, `${theme} ${p}`);
    }
    for (const [name, reach] of Object.entries(STATES)) {
      if (!(await reach(page))) continue;
      await snapshot(page, `${theme}-${name}`);
      await axe(page, `${theme} ${name}`);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }
  console.log(`# metric: axe: ${found.runs} runs, ${found.axeAll} violating elements in all, ${found.axe.length} serious/critical rule hits`);
  t.diagnostic(`axe runs: ${found.runs}`);
  assert.deepEqual(found.axe, []);
});

test('Nu HTML checker: no error in any built page or in the live DOM of any page or state', (t) => {
  const java = spawnSync('java', ['-version']);
  if (java.status !== 0) {
    if (CI) assert.fail('java is needed for the Nu HTML checker (apt-get install default-jre-headless)');
    console.error('!!! Nu HTML checker SKIPPED: java missing');
    t.skip('java missing');
    return;
  }
  const files = [...bookPages().map((p) => join(BOOK_DIR, p)), snapshots];
  const r = spawnSync('java', ['-jar', VNU, '--format', 'json', '--errors-only', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const messages = JSON.parse(r.stderr || r.stdout).messages;
  const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${m.url.replace(/^file:/, '').replace(BOOK_DIR, '').replace(snapshots, '(DOM)')}:${m.lastLine}: ${m.message}`);
  const counts = {};
  for (const e of errors) { const k = e.replace(/^[^:]*:\d+: /, ''); counts[k] = (counts[k] || 0) + 1; }
  console.log(`# metric: Nu: ${files.length - 1} built pages + ${shots} DOM snapshots, ${errors.length} errors; ${JSON.stringify(counts)}`);
  assert.deepEqual(errors, []);
});
