// The checklist: every action is a checkbox; per-step and overall "n / m";
// states not reached / reached / completed; aria-current on the current step;
// a screen-reader progress text; remembered across reloads; a reset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, bookUrl } from './helpers.mjs';

let b;
before(async () => {
  b = await launch();
  await b.page.goto(bookUrl('procedure.html'));
  await b.page.evaluate(() => localStorage.clear());
  await b.page.reload();
});
after(async () => {
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  assert.deepEqual(b.outside, [], 'no request outside the book');
  await b.close();
});

const text = (page, sel) => page.locator(sel).first().textContent();
const attr = (page, sel, name) => page.locator(sel).first().getAttribute(name);
const stepCount = (page, n) => text(page, `section.cc-step[data-step="${n}"] .cc-step-count`);
const navState = (page, n) => attr(page, `.cc-stepnav-item[data-step="${n}"]`, 'data-state');
const currentNav = (page) => page.locator('.cc-stepnav-item a[aria-current="step"]').evaluateAll((as) => as.map((a) => a.closest('li').dataset.step));

async function actionCount(page, n) {
  return page.locator(`section.cc-step[data-step="${n}"] input.cc-check`).count();
}

test('every numbered action is a checkbox and the counts start at zero', async () => {
  const { page } = b;
  const total = await page.locator('input.cc-check').count();
  const labelled = await page.locator('label.cc-action:has(input.cc-check) .cc-num').count();
  assert.equal(labelled, total);
  assert.ok(total >= 30, `only ${total} actions`);
  assert.equal(await text(page, '.cc-overall-count'), `0 / ${total}`);
  assert.equal(await stepCount(page, 1), `0 / ${await actionCount(page, 1)}`);
  assert.deepEqual(await currentNav(page), ['1']);
  assert.equal(await attr(page, 'section.cc-step[data-step="1"]', 'aria-current'), 'step');
  assert.equal(await navState(page, 1), 'reached');
  assert.equal(await navState(page, 2), 'not-reached');
  assert.match(await text(page, '.cc-sr-progress'), /全 8 ステップのうち 0 ステップが完了.*現在のステップは 1\./);
});

test('ticking actions moves states, counts and aria-current', async () => {
  const { page } = b;
  const boxes = page.locator('section.cc-step[data-step="1"] input.cc-check');
  const n1 = await boxes.count();
  await boxes.nth(0).check();
  assert.equal(await stepCount(page, 1), `1 / ${n1}`);
  assert.equal(await navState(page, 1), 'reached');
  for (let i = 1; i < n1; i++) await boxes.nth(i).check();
  assert.equal(await stepCount(page, 1), `${n1} / ${n1}`);
  assert.equal(await navState(page, 1), 'completed');
  assert.equal(await attr(page, 'section.cc-step[data-step="1"]', 'data-state'), 'completed');
  assert.deepEqual(await currentNav(page), ['2']);
  assert.equal(await attr(page, 'section.cc-step[data-step="1"]', 'aria-current'), null);
  assert.equal(await navState(page, 2), 'reached');
  assert.equal(await text(page, '.cc-stepnav-item[data-step="2"] .cc-stepnav-state'), '現在のステップ');
  assert.equal(await text(page, '.cc-stepnav-item[data-step="1"] .cc-stepnav-state'), '完了');
  const total = await page.locator('input.cc-check').count();
  assert.equal(await text(page, '.cc-overall-count'), `${n1} / ${total}`);
  assert.match(await text(page, '.cc-sr-progress'), /1 ステップが完了.*現在のステップは 2\./);
  // A tick in a later step marks it reached but the current step stays the first unfinished one.
  await page.locator('section.cc-step[data-step="4"] input.cc-check').first().check();
  assert.equal(await navState(page, 4), 'reached');
  assert.deepEqual(await currentNav(page), ['2']);
});

test('ticks survive a reload and show on the step list', async () => {
  const { page } = b;
  await page.reload();
  const n1 = await actionCount(page, 1);
  assert.equal(await stepCount(page, 1), `${n1} / ${n1}`);
  assert.ok(await page.locator('section.cc-step[data-step="4"] input.cc-check').first().isChecked());
  assert.equal(await navState(page, 1), 'completed');
  assert.deepEqual(await currentNav(page), ['2']);
});

test('the totals follow the chosen path', async () => {
  const { page } = b;
  const all = await page.locator('input.cc-check').count();
  const agentOnly = await page.locator('[data-for~="agent"] input.cc-check').count();
  await page.selectOption('.cc-path-bar select[name="cc-user"]', 'office');
  const done = Number((await text(page, '.cc-overall-count')).split(' / ')[0]);
  assert.equal(await text(page, '.cc-overall-count'), `${done} / ${all - agentOnly}`);
  assert.match(await text(page, '.cc-sr-progress'), /全 6 ステップ/);
  await page.selectOption('.cc-path-bar select[name="cc-user"]', '');
});

test('reset asks first: cancelling keeps the ticks', async () => {
  const { page } = b;
  const before = await page.locator('input.cc-check:checked').count();
  assert.ok(before > 0);
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.click('.cc-reset');
  assert.match(asked, new RegExp(`チェック（${before} 項目）をすべて外します`));
  assert.equal(await page.locator('input.cc-check:checked').count(), before);
});

test('reset clears every tick, here and after reload', async () => {
  const { page } = b;
  page.once('dialog', (d) => d.accept());
  await page.click('.cc-reset');
  assert.equal(await page.locator('input.cc-check:checked').count(), 0);
  const total = await page.locator('input.cc-check').count();
  assert.equal(await text(page, '.cc-overall-count'), `0 / ${total}`);
  assert.deepEqual(await currentNav(page), ['1']);
  await page.reload();
  assert.equal(await page.locator('input.cc-check:checked').count(), 0);
  assert.equal(await navState(page, 1), 'reached');
});
