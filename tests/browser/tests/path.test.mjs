// The path chooser hides what is not on the chosen path, on every page, and
// remembers the choice across reloads; without JavaScript everything shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, bookUrl, shown } from './helpers.mjs';

let b;
before(async () => { b = await launch(); });
after(async () => {
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  assert.deepEqual(b.outside, [], 'no request outside the book');
  await b.close();
});

async function visibleSteps(page) {
  const out = [];
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) if (await shown(page, `section.cc-step[data-step="${n}"]`)) out.push(n);
  return out;
}

test('with no choice every step and both menus are shown', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  assert.deepEqual(await visibleSteps(page), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(await shown(page, '[data-mock="menu-office"]'));
  assert.ok(await shown(page, '[data-mock="menu-agent"]'));
  assert.ok(await shown(page, '[data-mock="offset-login"]'));
});

test('choosing 代理人請求以外 on the first page hides agent steps everywhere, after reload too', async () => {
  const { page } = b;
  await page.goto(bookUrl('index.html'));
  await page.check('.cc-chooser input[name="cc-user"][value="office"]');
  assert.equal(await page.locator('.cc-chooser-state').textContent(), '代理人請求以外の場合の手順を表示しています');
  await page.goto(bookUrl('procedure.html'));
  assert.deepEqual(await visibleSteps(page), [1, 2, 4, 6, 7, 8]);
  assert.ok(await shown(page, '[data-mock="menu-office"]'));
  assert.equal(await shown(page, '[data-mock="menu-agent"]'), false);
  assert.equal(await shown(page, '.cc-stepnav-item[data-step="3"]'), false);
  await page.reload();
  assert.deepEqual(await visibleSteps(page), [1, 2, 4, 6, 7, 8]);
  assert.equal(await page.locator('.cc-path-bar select[name="cc-user"]').inputValue(), 'office');
  assert.ok(await page.locator('.cc-path-bar select[name="cc-pay"]').isDisabled());
  // Other pages hide path-specific parts too (the 相殺 row of the password table links step 3 only in text).
  await page.goto(bookUrl('passwords.html'));
  assert.equal(await page.locator('.cc-path-bar select[name="cc-user"]').inputValue(), 'office');
});

test('the bar on any page switches to 代理人請求・振込 and then 相殺', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  await page.selectOption('.cc-path-bar select[name="cc-user"]', 'agent');
  assert.deepEqual(await visibleSteps(page), [1, 2, 3, 4, 5, 6, 7, 8]);
  await page.selectOption('.cc-path-bar select[name="cc-pay"]', 'transfer');
  assert.deepEqual(await visibleSteps(page), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(await shown(page, '[data-mock="offset-login"]'), false);
  assert.equal(await shown(page, '#offset-login'), false);
  assert.ok(await shown(page, '[data-mock="menu-agent"]'));
  assert.equal(await shown(page, '[data-mock="menu-office"]'), false);
  await page.selectOption('.cc-path-bar select[name="cc-pay"]', 'offset');
  assert.deepEqual(await visibleSteps(page), [1, 2, 3, 4, 6, 7, 8]);
  assert.ok(await shown(page, '[data-mock="offset-login"]'));
  await page.reload();
  assert.deepEqual(await visibleSteps(page), [1, 2, 3, 4, 6, 7, 8]);
  // The first page's radios show the same choice.
  await page.goto(bookUrl('index.html'));
  assert.ok(await page.isChecked('.cc-chooser input[name="cc-user"][value="agent"]'));
  assert.ok(await page.isChecked('.cc-chooser input[name="cc-pay"][value="offset"]'));
});

test('the print page keeps the chosen path and says which one it is', async () => {
  const { page } = b;
  await page.goto(bookUrl('print.html'));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await shown(page, 'section.cc-step[data-step="5"]'), false);
  assert.ok(await shown(page, 'section.cc-step[data-step="3"]'));
  assert.equal(await page.locator('.cc-path-print').first().textContent(), '代理人請求・相殺の場合の手順を表示しています');
  assert.ok(await page.locator('.cc-path-print').first().isVisible());
  await page.emulateMedia({ media: 'screen' });
});

test('clearing the choice shows every path again', async () => {
  const { page } = b;
  await page.goto(bookUrl('index.html'));
  await page.click('.cc-chooser-clear');
  await page.goto(bookUrl('procedure.html'));
  assert.deepEqual(await visibleSteps(page), [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('without JavaScript every step is there, labelled by whom it applies to', async () => {
  const nojs = await launch({ javaScriptEnabled: false });
  try {
    const { page } = nojs;
    await page.goto(bookUrl('procedure.html'));
    assert.deepEqual(await visibleSteps(page), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.match(await page.locator('section.cc-step[data-step="3"] .cc-for').first().textContent(), /代理人請求の場合/);
    assert.match(await page.locator('section.cc-step[data-step="5"] .cc-for').first().textContent(), /「振込」の場合/);
    assert.match(await page.locator('[data-for="office"] .cc-for').first().textContent(), /代理人請求以外の場合/);
    assert.equal(await page.locator('.cc-check').first().isVisible(), true);
    // Widgets that need the script are not shown half-working.
    assert.equal(await shown(page, '.cc-step-progress'), false);
    await page.goto(bookUrl('print.html'));
    assert.ok(await shown(page, 'section.cc-step[data-step="5"]'));
  } finally {
    await nojs.close();
  }
});
