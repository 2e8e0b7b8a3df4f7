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

test('the chosen path filters the side bar, the overview table, and says why numbers are skipped', async () => {
  const { page } = b;
  await page.goto(bookUrl('index.html'));
  await page.evaluate(() => window.ccGuide.setPath({ user: 'office', pay: '' }));
  // The overview table on the first page.
  const rows = async () => page.locator('#overview ~ .table-wrapper tbody tr').evaluateAll((trs) =>
    trs.filter((tr) => tr.checkVisibility()).map((tr) => tr.cells[0].textContent.trim()));
  assert.deepEqual(await rows(), ['1', '2', '4', '6', '7', '8']);
  assert.match(await page.locator('.cc-table-note').first().innerText(), /3、5 は表示していません/);
  // The side bar lists the procedure page's headings: no step 3, 相殺 or step 5.
  await page.goto(bookUrl('procedure.html'));
  await page.waitForSelector('#mdbook-sidebar .header-in-summary');
  const side = async () => page.locator('#mdbook-sidebar a.header-in-summary').evaluateAll((as) =>
    as.filter((a) => a.checkVisibility()).map((a) => a.getAttribute('href')));
  const office = await side();
  assert.ok(office.includes('#step-2') && office.includes('#step-4'), office.join(', '));
  for (const gone of ['#step-3', '#offset-login', '#step-5']) assert.ok(!office.includes(gone), `${gone} in ${office.join(', ')}`);
  // Why the numbers jump, in the step list and in place of each missing step.
  assert.match(await page.locator('.cc-skip-note').innerText(), /ステップ 3（代理人請求のみ）、5（代理人請求・振込のみ）は、代理人請求以外の場合にはないため表示していません/);
  assert.ok(await shown(page, '.cc-skipped[data-skip="agent"]'));
  assert.match(await page.locator('.cc-skipped[data-skip="agent"]').innerText(), /ステップ 3「証明書利用区分と支払方法を選ぶ」は代理人請求の場合だけの手順/);
  // 代理人請求・相殺: step 3 and 相殺 come back, step 5 stays out.
  await page.evaluate(() => window.ccGuide.setPath({ user: 'agent', pay: 'offset' }));
  const offset = await side();
  assert.ok(offset.includes('#step-3') && offset.includes('#offset-login'), offset.join(', '));
  assert.ok(!offset.includes('#step-5'));
  assert.equal(await shown(page, '.cc-skipped[data-skip="agent"]'), false);
  assert.ok(await shown(page, '.cc-skipped[data-skip="agent transfer"]'));
  // Everything again without a choice, and no note.
  await page.evaluate(() => window.ccGuide.setPath({ user: '', pay: '' }));
  assert.ok((await side()).includes('#step-5'));
  assert.equal(await page.locator('.cc-skip-note').isVisible(), false);
});

test('支払方法 can be chosen only once 代理人請求 is chosen', async () => {
  const { page } = b;
  await page.goto(bookUrl('index.html'));
  await page.evaluate(() => window.ccGuide.setPath({ user: '', pay: '' }));
  const pay = '.cc-chooser input[name="cc-pay"][value="offset"]';
  assert.ok(await page.isDisabled(pay));
  assert.ok(await page.isDisabled('.cc-path-bar select[name="cc-pay"]'));
  await page.check('.cc-chooser input[name="cc-user"][value="office"]');
  assert.ok(await page.isDisabled(pay));
  await page.check('.cc-chooser input[name="cc-user"][value="agent"]');
  assert.ok(await page.isEnabled(pay));
  await page.check(pay);
  assert.deepEqual(await page.evaluate(() => window.ccGuide.getPath()), { user: 'agent', pay: 'offset' });
  await page.click('.cc-chooser-clear');
});

test('「この手順だけ印刷」 prints the chosen path only: fewer pages than the whole book, no English', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  await page.evaluate(() => window.ccGuide.setPath({ user: 'office', pay: '' }));
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await page.click('.cc-print-path');
  assert.equal(await page.evaluate(() => window.printed), 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await shown(page, 'section.cc-step[data-step="3"]'), false);
  assert.equal(await shown(page, '.cc-stepnav-tools'), false);
  assert.equal(await shown(page, '#mdbook-sidebar'), false);
  assert.equal(await page.locator('.cc-path-print').first().textContent(), '代理人請求以外の場合の手順を表示しています');
  const english = await page.evaluate(() => Array.from(document.querySelectorAll('[lang="en"]')).filter((e) => e.checkVisibility()).length);
  assert.equal(english, 0);
  await page.emulateMedia({ media: 'screen' });
  const pages = async (name) => {
    await page.goto(bookUrl(name));
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  };
  const path = await pages('procedure.html');
  const book = await pages('print.html');
  console.log(`# metric: printed pages (A4): 「この手順だけ印刷」 (代理人請求以外) ${path}, the whole book (print.html) ${book}`);
  assert.ok(path > 0 && path < book / 2, `${path} vs ${book}`);
  await page.evaluate(() => window.ccGuide.setPath({ user: '', pay: '' }));
});
