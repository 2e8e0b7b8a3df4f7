// Every page of the built book, from file://: no request outside the book, no
// JavaScript errors, every internal link and anchor resolves, Japanese UI and
// lang="ja", and one troubleshooting section per finding code of the catalog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, bookUrl, bookPages, readJson, BOOK_DIR, FINDINGS_RS } from './helpers.mjs';

let b;
const pages = bookPages();
const ids = new Map(); // page URL without hash -> Set of ids
const links = []; // { from, href }
const loadTimes = [];

before(async () => {
  b = await launch();
  for (const p of pages) {
    const page = b.page;
    await page.goto(bookUrl(p), { waitUntil: 'load' });
    const found = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        load: nav ? nav.loadEventStart - nav.startTime : NaN,
        ids: Array.from(document.querySelectorAll('[id]'), (e) => e.id),
        refs: Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src], iframe[src]'),
          (e) => e.href || e.src),
      };
    });
    loadTimes.push([p, found.load]);
    ids.set(bookUrl(p), new Set(found.ids));
    for (const href of found.refs) links.push({ from: p, href });
  }
});
after(async () => { await b.close(); });

test('the book has its chapters', () => {
  for (const p of ['index.html', 'timing.html', 'procedure.html', 'passwords.html', 'certcheck.html', 'troubleshooting.html', 'print.html']) {
    assert.ok(pages.includes(p), `${p} missing from ${pages.join(', ')}`);
  }
});

test('no request leaves the book and nothing logs an error', () => {
  assert.ok(b.fileRequests > pages.length, 'requests were seen at all');
  assert.deepEqual(b.outside, []);
  assert.deepEqual(b.errors, []);
});

test('every internal link and anchor resolves', () => {
  const broken = [];
  let checked = 0;
  for (const { from, href } of links) {
    if (!href.startsWith('file:')) {
      broken.push(`${from}: outside link ${href}`);
      continue;
    }
    const [base, hash] = href.split('#');
    const path = decodeURIComponent(fileURLToPath(base));
    checked += 1;
    if (!existsSync(path)) broken.push(`${from}: ${href} (no such file)`);
    else if (hash && base.endsWith('.html')) {
      const known = ids.get(base);
      if (!known) broken.push(`${from}: ${href} (page not loaded)`);
      else if (!known.has(decodeURIComponent(hash))) broken.push(`${from}: ${href} (no id ${hash})`);
    }
  }
  assert.ok(checked > 100, `only ${checked} links checked`);
  assert.deepEqual(broken, []);
});

test('every finding code of the catalog has its section on troubleshooting.html', () => {
  const codes = readJson(join(BOOK_DIR, 'finding-codes.json'));
  // The JSON comes from certcheck_catalog::findings::Code::ALL at build time; cross-check it
  // against the source (`def!(Variant, "code", ...)`) so a stale build cannot pass.
  const source = readFileSync(FINDINGS_RS, 'utf8');
  const inSource = [...source.matchAll(/def!\(\s*[A-Za-z0-9]+,\s*"([a-z0-9_.]+)"/g)].map((m) => m[1]);
  assert.deepEqual(codes.map((c) => c.code).sort(), inSource.sort());
  assert.ok(codes.length >= 30);
  const known = ids.get(bookUrl('troubleshooting.html'));
  for (const c of codes) {
    assert.equal(c.anchor, c.code.replaceAll('.', '-'));
    assert.equal(c.guide, `troubleshooting.html#${c.anchor}`);
    assert.ok(known.has(c.anchor), `no section #${c.anchor} for ${c.code}`);
  }
});

test('html lang is ja and mdBook\'s own interface text is Japanese', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.equal(await page.getAttribute('#mdbook-theme-toggle', 'title'), '配色の変更');
  assert.equal(await page.getAttribute('#mdbook-sidebar-toggle', 'aria-label'), '目次の表示・非表示');
  assert.equal(await page.getAttribute('#cc-search-toggle', 'aria-label'), '検索');
  assert.equal(await page.textContent('#mdbook-theme-light'), 'ライト（白）');
  const english = await page.evaluate(() => {
    const words = /\b(Toggle|Search|Previous chapter|Next chapter|Print this book|Change theme|Keyboard shortcuts)\b/;
    const attrs = Array.from(document.querySelectorAll('[title], [aria-label], [placeholder]'))
      .flatMap((e) => [e.title, e.getAttribute('aria-label'), e.getAttribute('placeholder')]).filter(Boolean);
    const menu = document.querySelector('#mdbook-menu-bar').innerText;
    return [...attrs, menu].filter((t) => words.test(t));
  });
  assert.deepEqual(english, []);
});

test('page load times', async () => {
  // The first pass above ran with a cold cache; load each page again for the warm time.
  const warm = [];
  for (const p of pages) {
    await b.page.goto(bookUrl(p), { waitUntil: 'load' });
    warm.push([p, await b.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return nav.loadEventStart - nav.startTime;
    })]);
  }
  const fmt = (list) => list.sort((a, b) => b[1] - a[1]).map(([p, t]) => `${p} ${t.toFixed(0)} ms`).join(', ');
  console.log(`# metric: page load (cold, first visit): ${fmt(loadTimes)}`);
  console.log(`# metric: page load (warm): ${fmt(warm)}`);
  assert.ok(loadTimes[0][1] < 5000, `${loadTimes[0][0]} took ${loadTimes[0][1]} ms`);
});
