// The page from the keyboard and for screen readers: mdBook's template as the
// guide overrides it (book/theme/index.hbs). A skip link, the table of
// contents button reachable and announced, one h1 per page, no focus hidden
// under the sticky menu bar, Escape out of the search from anywhere in it, and
// character-key shortcuts only where nobody types (WCAG 2.1.4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, bookUrl, bookPages, BOOK_DIR } from './helpers.mjs';

let b;
before(async () => {
  b = await launch();
  await b.page.goto(bookUrl('index.html'));
  await b.page.evaluate(() => localStorage.clear());
});
after(async () => {
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  await b.page.evaluate(() => localStorage.clear());
  await b.close();
});

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el.tagName, id: el.id, cls: el.className, text: (el.textContent || '').trim().slice(0, 20) };
});

test('the first Tab reaches a skip link that moves the focus to the content', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  await page.keyboard.press('Tab');
  const first = await focused(page);
  assert.equal(first.cls, 'cc-skip-link', JSON.stringify(first));
  assert.match(first.text, /本文へ移動/);
  assert.ok(await page.locator('.cc-skip-link').isVisible(), 'the skip link shows when it has the focus');
  await page.keyboard.press('Enter');
  assert.equal((await focused(page)).id, 'cc-main');
  // The next Tab goes on inside the content, not back to the menu bar.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.getElementById('cc-main').contains(document.activeElement)));
});

test('the table of contents button is a real button: focusable, announced open or closed, works on a phone', async () => {
  const { page } = b;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.goto(bookUrl('procedure.html'));
    const toggle = page.locator('#mdbook-sidebar-toggle');
    assert.equal(await toggle.evaluate((el) => el.tagName), 'BUTTON');
    assert.equal(await toggle.getAttribute('aria-controls'), 'mdbook-sidebar');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    // From the keyboard alone: Tab until the button has the focus, then Enter.
    for (let i = 0; i < 6 && (await focused(page)).id !== 'mdbook-sidebar-toggle'; i++) await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'mdbook-sidebar-toggle');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.classList.contains('sidebar-visible'));
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.getAttribute('#mdbook-sidebar', 'aria-hidden'), 'false');
    await page.waitForTimeout(400);
    assert.ok(await page.locator('#mdbook-sidebar a[href*="procedure.html"]').first().isVisible());
    // Space closes it again.
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => !document.documentElement.classList.contains('sidebar-visible'));
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => localStorage.removeItem('mdbook-sidebar'));
  }
});

test('one h1 per page: the book title in the menu bar is no heading; toc.html has a title', async () => {
  const { page } = b;
  for (const p of bookPages().filter((p) => !['toc.html', 'print.html'].includes(p))) {
    await page.goto(bookUrl(p));
    assert.equal(await page.locator('h1').count(), 1, p);
    assert.equal(await page.locator('main h1').count(), 1, p);
  }
  // print.html is every chapter in one: their h1s, but none in the menu bar.
  await page.goto(bookUrl('print.html'));
  assert.equal(await page.locator('#mdbook-menu-bar h1').count(), 0);
  assert.match(readFileSync(join(BOOK_DIR, 'toc.html'), 'utf8'), /<title>目次 - 電子証明書の更新ガイド<\/title>/);
});

test('code blocks: the copy button is not a div inside pre', async () => {
  const { page } = b;
  await page.goto(bookUrl('certcheck.html'));
  await page.locator('pre .clip-button').first().waitFor({ state: 'attached' });
  assert.equal(await page.locator('pre div').count(), 0);
  assert.ok(await page.locator('pre > .buttons > button.clip-button').count() > 0);
});

test('Shift+Tab never leaves the focus hidden under the sticky menu bar', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  // Start from the last focusable element and walk back through the page.
  await page.locator('.nav-wide-wrapper a, .nav-wrapper a').last().focus();
  const hidden = [];
  let stops = 0;
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Shift+Tab');
    const where = await page.evaluate(() => {
      const el = document.activeElement;
      const bar = document.getElementById('mdbook-menu-bar');
      if (!el || bar.contains(el) || !document.getElementById('cc-main').contains(el)) return null;
      const r = el.getBoundingClientRect();
      const m = bar.getBoundingClientRect();
      return { text: (el.textContent || el.name || '').trim().slice(0, 20), top: r.top, bottom: r.bottom, barBottom: m.bottom };
    });
    if (!where) continue;
    stops += 1;
    // Covered: the element's top is above the bar's bottom edge.
    if (where.top < where.barBottom) hidden.push(where);
  }
  assert.ok(stops > 30, `only ${stops} focus stops in the content`);
  assert.deepEqual(hidden, []);
});

test('Escape closes the search from a result too, and gives the focus back to its button', async () => {
  const { page } = b;
  await page.goto(bookUrl('index.html'));
  await page.click('#cc-search-toggle');
  await page.fill('#cc-search-input', '仮パスワード');
  await page.locator('.cc-search-results li a').first().waitFor();
  await page.locator('.cc-search-results li a').first().focus();
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#cc-search'), false);
  assert.equal(await page.getAttribute('#cc-search-toggle', 'aria-expanded'), 'false');
  assert.equal((await focused(page)).id, 'cc-search-toggle');
});

test('S, / and ? act only when the page itself has the focus (WCAG 2.1.4)', async () => {
  const { page } = b;
  const helpShown = () => page.evaluate(() => getComputedStyle(document.getElementById('mdbook-help-container')).display !== 'none');
  for (const key of ['s', 'S', '/', '?']) {
    await page.goto(bookUrl('procedure.html'));
    // On a link in the text, a button, or a field: nothing happens.
    for (const target of ['main a:not(.header)', '.cc-stepnav-tools button', '.cc-path-bar select']) {
      await page.locator(target).first().focus();
      await page.keyboard.press(key);
      assert.equal(await page.isVisible('#cc-search'), false, `${key} on ${target} opened the search`);
      assert.equal(await helpShown(), false, `${key} on ${target} opened the help`);
    }
    // On the page itself: it works.
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press(key);
    if (key === '?') {
      assert.ok(await helpShown(), 'the help on ?');
      await page.keyboard.press('Escape');
    } else {
      assert.ok(await page.isVisible('#cc-search'), `${key} on the page`);
    }
  }
  // The help says where the keys work.
  assert.match(await page.locator('#mdbook-help-popup').textContent(), /ページ本体を選んでいるときだけ/);
});
