// Phone width (390 px): nothing runs off the side, the calculator stacks its
// results, dates, counts and state labels never break across lines, and the
// tables stack into labelled cards instead of one character per line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, bookUrl, shot } from './helpers.mjs';

const WIDTH = 390;
let b;
before(async () => {
  b = await launch({ viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await b.page.goto(bookUrl('index.html'));
  await b.page.evaluate(() => localStorage.clear());
});
after(async () => {
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  await b.close();
});

/** For each element matched, the number of lines its text takes. */
function lineCounts(page, selector) {
  return page.evaluate((selector) => Array.from(document.querySelectorAll(selector))
    .filter((el) => el.checkVisibility() && el.textContent.trim())
    .map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      return { text: el.textContent.trim(), lines: tops.size };
    }), selector);
}

function broken(counts) {
  return counts.filter((c) => c.lines !== 1).map((c) => `${c.text} (${c.lines} lines)`);
}

test('no page is wider than the phone', async () => {
  const { page } = b;
  const wide = [];
  for (const name of ['index.html', 'timing.html', 'procedure.html', 'passwords.html', 'help.html', 'certcheck.html', 'troubleshooting.html']) {
    await page.goto(bookUrl(name));
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    if (w > WIDTH) wide.push(`${name} ${w} px`);
  }
  assert.deepEqual(wide, []);
});

test('the calculator stacks its results and never breaks a date', async () => {
  const { page } = b;
  await page.goto(bookUrl('timing.html') + '?today=2028-03-01');
  await page.fill('form.cc-calc [name="cc-calc-date"]', '2028-05-31');
  const dd = await page.locator('[data-out="renewal_opens"]').boundingBox();
  assert.ok(dd.width >= 250, `the results column is ${dd.width} px wide`);
  const dates = await lineCounts(page, '.cc-calc-result .cc-nowrap');
  assert.ok(dates.length >= 4, JSON.stringify(dates));
  assert.ok(dates.some((d) => d.text === '2028年2月29日（火）'), JSON.stringify(dates));
  assert.deepEqual(broken(dates), []);
  // Issue-date mode adds the 目安 note after the date: the date stays whole.
  await page.check('form.cc-calc [name="cc-calc-mode"][value="issue"]');
  await page.fill('form.cc-calc [name="cc-calc-date"]', '2025-06-01');
  assert.deepEqual(broken(await lineCounts(page, '.cc-calc-result .cc-nowrap')), []);
  await page.locator('form.cc-calc').scrollIntoViewIfNeeded();
  await shot(page, 'phone-calculator', { fullPage: false });
});

test('state labels, badges and mock-up dates stay on one line', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  const labels = await lineCounts(page, '.cc-stepnav-state, .cc-num, .cc-badge, .m-date, .m-state, .m-btn, .cc-for');
  assert.ok(labels.some((l) => l.text === '未着手'), 'the 未着手 label was measured');
  assert.ok(labels.filter((l) => /^\d{4}年/.test(l.text)).length >= 8, 'mock-up dates were measured');
  assert.deepEqual(broken(labels), []);
  await page.locator('.cc-stepnav').scrollIntoViewIfNeeded();
  await shot(page, 'phone-stepnav');
  await page.locator('[data-mock="history"]').scrollIntoViewIfNeeded();
  await shot(page, 'phone-history');
});

test('tables stack into labelled cards, never one character per line', async () => {
  const { page } = b;
  for (const name of ['passwords.html', 'index.html', 'certcheck.html']) {
    await page.goto(bookUrl(name));
    const cells = await page.evaluate(() => Array.from(document.querySelectorAll('main table:not(.m-table) td'))
      .filter((td) => td.checkVisibility() && td.textContent.trim().length >= 4)
      .map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
        return { text: td.textContent.trim().slice(0, 20), perLine: td.textContent.trim().length / Math.max(lines, 1), width: td.getBoundingClientRect().width, label: getComputedStyle(td, '::before').content };
      }));
    assert.ok(cells.length >= 6, `${name}: ${cells.length} cells`);
    const cramped = cells.filter((c) => c.perLine < 8 && c.text.length >= 8);
    assert.deepEqual(cramped, [], name);
    assert.ok(cells.every((c) => c.width >= 250), `${name}: ${cells.map((c) => Math.round(c.width)).join(', ')}`);
    // Each stacked cell names its column.
    assert.ok(cells.every((c) => c.label && c.label !== 'none' && c.label !== 'normal'), `${name}: ${cells.map((c) => c.label).join(', ')}`);
  }
  await page.goto(bookUrl('passwords.html'));
  await shot(page, 'phone-passwords');
});
