// Left-over English, habits and accessibility: Japanese names on every
// control, the copy button, mock-ups as named images instead of stray
// headings, boxes kept with their titles in print, and the calculator's
// messages for dates it cannot use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, bookUrl, bookPages } from './helpers.mjs';

let b;
before(async () => {
  b = await launch();
  await b.page.goto(bookUrl('index.html'));
  await b.page.evaluate(() => localStorage.clear());
});
after(async () => {
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  await b.close();
});

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

test('every control on every page has a Japanese name', async () => {
  const { page } = b;
  const unnamed = [];
  let controls = 0;
  for (const p of bookPages()) {
    await page.goto(bookUrl(p));
    const found = await page.evaluate(() => Array.from(document.querySelectorAll('button, input, select, textarea, [role="button"], [role="menuitem"]'))
      .filter((el) => el.type !== 'hidden' && !el.classList.contains('hidden') && el.id !== 'mdbook-sidebar-toggle-anchor')
      .map((el) => {
        const labels = el.labels ? Array.from(el.labels, (l) => l.textContent).join(' ') : '';
        const fieldset = el.closest('fieldset');
        return {
          what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ')[0] : ''}`,
          name: [el.getAttribute('aria-label'), labels, el.textContent, el.title, fieldset && fieldset.querySelector('legend')?.textContent]
            .filter(Boolean).join(' ').trim(),
        };
      }));
    controls += found.length;
    for (const c of found) if (!JAPANESE.test(c.name)) unnamed.push(`${p}: ${c.what} "${c.name}"`);
  }
  assert.ok(controls > 100, `only ${controls} controls`);
  assert.deepEqual(unnamed, []);
});

test('the code copy button speaks Japanese', async () => {
  const { page } = b;
  await page.goto(bookUrl('certcheck.html'));
  const button = page.locator('pre .clip-button').first();
  assert.equal(await button.getAttribute('title'), 'クリップボードにコピー');
  assert.equal(await button.getAttribute('aria-label'), 'クリップボードにコピー');
  // mdBook shows the button when the pointer is over the code.
  await page.locator('pre').first().hover();
  await button.click();
  const tip = await page.locator('pre .clip-button .tooltiptext').first().textContent();
  assert.ok(tip === 'コピーしました' || tip === 'コピーできませんでした', tip);
});

test('mock-up screen titles are no headings; each mock-up is one image named by a summary', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  assert.equal(await page.locator('main h4').count(), 0);
  const mocks = await page.locator('figure.cc-mock').evaluateAll((figs) => figs.map((f) => {
    const img = f.querySelector('[role="img"]');
    return { name: f.dataset.mock, label: img ? img.getAttribute('aria-label') : '' };
  }));
  assert.ok(mocks.length >= 20);
  for (const m of mocks) {
    assert.ok(m.label.startsWith('画面の見本：') && m.label.length >= 25, `${m.name}: ${m.label}`);
    assert.match(m.label, /クリック|確かめる|入力/, m.name);
  }
  // Headings never skip a level on any page.
  for (const p of bookPages()) {
    await page.goto(bookUrl(p));
    const levels = await page.locator('main h1, main h2, main h3, main h4, main h5, main h6')
      .evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    for (let i = 1; i < levels.length; i++) {
      assert.ok(levels[i] <= levels[i - 1] + 1, `${p}: h${levels[i - 1]} then h${levels[i]}`);
    }
  }
});

test('in print a point or caution box stays whole, with its title', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  await page.emulateMedia({ media: 'print' });
  const styles = await page.evaluate(() => Array.from(document.querySelectorAll('aside.cc-caution, aside.cc-point')).map((a) => ({
    inside: getComputedStyle(a).breakInside,
    title: getComputedStyle(a.querySelector('.cc-box-title')).breakAfter,
  })));
  await page.emulateMedia({ media: 'screen' });
  assert.ok(styles.length >= 5);
  for (const s of styles) assert.deepEqual(s, { inside: 'avoid', title: 'avoid' });
});

test('the calculator explains dates it cannot use instead of showing －, once the reader leaves the field', async () => {
  const { page } = b;
  await page.goto(bookUrl('timing.html') + '?today=2028-03-01');
  const date = 'form.cc-calc [name="cc-calc-date"]';
  const error = () => page.locator('.cc-calc-error').innerText();
  // Half-typed: only the month in the browser's date field. No error while typing…
  await page.click(date);
  await page.keyboard.type('05');
  assert.equal(await page.isVisible('.cc-calc-error'), false, 'an error while the first part of the date is typed');
  // …but on leaving the field the reader is told what is missing.
  await page.locator(date).blur();
  assert.ok(await page.isVisible('.cc-calc-error'), 'no message for a half-typed date left behind');
  assert.match(await error(), /途中までしか入っていない/);
  // Year 0001.
  await page.fill(date, '0001-05-31');
  await page.locator(date).blur();
  assert.match(await error(), /2000 年から 2099 年までの日付を入れてください（1 年になっています）/);
  assert.equal(await page.textContent('[data-out="status"]'), '－');
  // A browser without a date picker: typed text, other spellings, impossible days.
  await page.evaluate(() => { document.querySelector('form.cc-calc [name="cc-calc-date"]').type = 'text'; });
  await page.fill(date, '2028/5/31');
  assert.equal(await page.isVisible('.cc-calc-error'), false);
  assert.equal(await page.getAttribute('[data-out="last_day"]', 'data-value'), '2028-05-31');
  await page.fill(date, '２０２８年５月３１日');
  assert.equal(await page.getAttribute('[data-out="last_day"]', 'data-value'), '2028-05-31');
  await page.fill(date, '2028-02-30');
  await page.locator(date).blur();
  assert.match(await error(), /2028年2月30日という日はありません/);
  await page.fill(date, 'あした');
  assert.equal(await page.isVisible('.cc-calc-error'), false, 'no error while typing');
  await page.locator(date).blur();
  assert.match(await error(), /「あした」は日付として読めません/);
  await page.fill(date, '');
  await page.locator(date).blur();
  assert.equal(await page.isVisible('.cc-calc-error'), false);
});

test('the calculator announces its result once when the date is complete, not on every key', async () => {
  const { page } = b;
  await page.goto(bookUrl('timing.html') + '?today=2028-03-01');
  // Every change of what a screen reader would read out: the live regions' texts.
  await page.evaluate(() => {
    window.ccSaid = [];
    const live = document.querySelectorAll('form.cc-calc [role="status"], form.cc-calc [role="alert"], form.cc-calc [aria-live]');
    for (const region of live) {
      new MutationObserver(() => { if (region.textContent) window.ccSaid.push(region.textContent); })
        .observe(region, { childList: true, characterData: true, subtree: true });
    }
  });
  assert.equal(await page.locator('form.cc-calc .cc-calc-result[aria-live]').count(), 0, 'the result table is no live region');
  // Focus (not a click, which lands on whichever part is under the pointer) starts at the first part.
  await page.focus('form.cc-calc [name="cc-calc-date"]');
  // Chrome's date field, digit by digit in the order of the browser's language.
  const ja = await page.evaluate(() => navigator.language.startsWith('ja'));
  for (const key of ja ? '20280531' : '05312028') await page.keyboard.type(key, { delay: 60 });
  assert.equal(await page.getAttribute('[data-out="last_day"]', 'data-value'), '2028-05-31');
  await page.waitForTimeout(1500);
  const said = await page.evaluate(() => window.ccSaid);
  assert.equal(said.length, 1, JSON.stringify(said));
  assert.match(said[0], /2028年5月31日/);
  assert.match(said[0], /更新の手続きができます/);
  // Leaving the field repeats nothing.
  await page.locator('form.cc-calc [name="cc-calc-date"]').blur();
  assert.equal((await page.evaluate(() => window.ccSaid)).length, 1);
});
