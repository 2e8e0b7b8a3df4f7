// Dark screens: mdBook follows Windows' dark mode (navy, coal, ayu). Every text
// of every mock-up, the calculator's status in each state, and every other
// text on the guide's pages keeps a contrast of at least 4.5:1 in all five
// themes, measured in the page against the background actually behind it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openInTheme, contrastOf, shot, THEMES } from './helpers.mjs';

const MIN = 4.5;
const STATUS_ON = {
  // last day -> today, for each calculator status
  not_yet_valid: ['2031-05-31', '2028-05-01', '2028-06-01'],
  valid: ['2031-05-31', '2028-06-01'],
  renewal_open: ['2028-05-31', '2028-04-01'],
  expired: ['2028-05-31', '2028-07-01'],
};
let b;
const worst = {};

before(async () => { b = await launch(); });
after(async () => {
  const lines = Object.entries(worst).map(([k, v]) => `${k} ${v.ratio}:1 (${v.text} in ${v.where})`);
  console.log(`# metric: lowest contrast per theme and part: ${lines.join('; ')}`);
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  await b.page.evaluate(() => localStorage.clear());
  await b.close();
});

function record(key, found) {
  const low = found.reduce((m, f) => (f.ratio < m.ratio ? f : m), { ratio: Infinity });
  if (!worst[key] || low.ratio < worst[key].ratio) worst[key] = low;
  return found.filter((f) => f.ratio < MIN);
}

for (const theme of THEMES) {
  test(`${theme}: every text of every mock-up is at least ${MIN}:1`, async () => {
    const { page } = b;
    await openInTheme(page, 'procedure.html', theme);
    await page.evaluate(() => window.ccGuide.setPath({ user: '', pay: '' }));
    const mocks = await page.locator('figure.cc-mock').count();
    assert.ok(mocks >= 20, `only ${mocks} mock-ups`);
    const found = await contrastOf(page, 'figure.cc-mock');
    assert.ok(found.length > 200, `only ${found.length} texts measured`);
    // Every mock-up was measured, the striped table rows too.
    const where = new Set(found.map((f) => f.where));
    assert.ok(where.has('history') && where.has('download-page'), [...where].join(', '));
    assert.ok(found.some((f) => f.text === '発行済み'), 'the 発行済み cell was measured');
    assert.deepEqual(record(`${theme}/mock-ups`, found), []);
    await page.locator('[data-mock="history"]').scrollIntoViewIfNeeded();
    await shot(page, `theme-${theme}-history`, { clip: await page.locator('[data-mock="history"]').boundingBox() });
  });

  test(`${theme}: the calculator's status in every state is at least ${MIN}:1`, async () => {
    const { page } = b;
    await openInTheme(page, 'timing.html', theme);
    for (const [status, [last, today, first]] of Object.entries(STATUS_ON)) {
      await page.evaluate(({ last, today, first }) => {
        const form = document.querySelector('form.cc-calc');
        form.setAttribute('data-today', today);
        form.querySelector('[name="cc-calc-first"]').value = first || '';
        const input = form.querySelector('[name="cc-calc-date"]');
        input.value = last;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, { last, today, first });
      assert.equal(await page.getAttribute('[data-out="status"]', 'data-value'), status);
      assert.deepEqual(record(`${theme}/calculator`, await contrastOf(page, 'form.cc-calc')), [], status);
    }
    // The error message too.
    await page.fill('form.cc-calc [name="cc-calc-first"]', '2029-01-01');
    await page.fill('form.cc-calc [name="cc-calc-date"]', '2028-05-31');
    await page.locator('form.cc-calc [name="cc-calc-date"]').blur();
    assert.ok(await page.isVisible('.cc-calc-error'));
    assert.deepEqual(record(`${theme}/calculator`, await contrastOf(page, '.cc-calc-error')), []);
    await page.fill('form.cc-calc [name="cc-calc-first"]', '');
    await page.fill('form.cc-calc [name="cc-calc-date"]', '2028-05-31');
    await shot(page, `theme-${theme}-calculator`, { clip: await page.locator('form.cc-calc').boundingBox() });
  });

  test(`${theme}: every other text of the guide's pages is at least ${MIN}:1`, async () => {
    const { page } = b;
    for (const name of ['index.html', 'procedure.html', 'passwords.html', 'help.html', 'troubleshooting.html', 'certcheck.html']) {
      await openInTheme(page, name, theme);
      // Tick something so that the "completed" and "current" colours show too.
      if (name === 'procedure.html') {
        for (const box of await page.locator('section.cc-step[data-step="1"] input.cc-check').all()) await box.check();
      }
      const found = await contrastOf(page, 'main');
      assert.ok(found.length > 20, `${name}: only ${found.length} texts`);
      assert.deepEqual(record(`${theme}/pages`, found), [], name);
      if (name === 'procedure.html') {
        await page.evaluate(() => localStorage.removeItem('certcheck-guide:checks'));
      }
    }
  });
}
