// The renewal calculator against every shared vector (tests/data/renewal-vectors.json,
// also used by crates/core's Rust tests), through the form as a reader uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, bookUrl, readJson, VECTORS } from './helpers.mjs';

const vectors = readJson(VECTORS);
const STATUS_JA = {
  not_yet_valid: '有効期間の開始前',
  valid: '有効です',
  renewal_open: '更新の手続きができます',
  expired: '有効期限が切れています',
};
let b;

before(async () => {
  b = await launch();
  await b.page.goto(bookUrl('timing.html'));
});
after(async () => {
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  assert.deepEqual(b.outside, [], 'no request outside the book');
  await b.close();
});

/** Fills the form the way input events do and reads every output's machine value. */
async function calc(page, { mode = 'last', date, first = '', today }) {
  return page.evaluate(({ mode, date, first, today }) => {
    const form = document.querySelector('form.cc-calc');
    form.setAttribute('data-today', today);
    form.querySelector(`[name="cc-calc-mode"][value="${mode}"]`).checked = true;
    form.querySelector('[name="cc-calc-first"]').value = first;
    const input = form.querySelector('[name="cc-calc-date"]');
    input.value = date;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const out = {};
    for (const dd of form.querySelectorAll('[data-out]')) {
      out[dd.dataset.out] = dd.dataset.value ?? null;
      out[dd.dataset.out + '_text'] = dd.textContent;
    }
    return out;
  }, { mode, date, first, today });
}

test('the vectors are there', () => {
  assert.ok(vectors.window.length >= 10 && vectors.status.length >= 10 && vectors.issue.length >= 3);
});

test('typing a date into the form computes (real input events)', async () => {
  const { page } = b;
  await page.evaluate(() => document.querySelector('form.cc-calc').setAttribute('data-today', '2028-03-01'));
  await page.fill('form.cc-calc [name="cc-calc-date"]', '2028-05-31');
  assert.equal(await page.getAttribute('[data-out="renewal_opens"]', 'data-value'), '2028-02-29');
  assert.equal(await page.textContent('[data-out="renewal_opens"]'), '2028年2月29日（火）');
  assert.equal(await page.getAttribute('[data-out="status"]', 'data-value'), 'renewal_open');
  assert.equal(await page.textContent('[data-out="days_left"]'), 'あと 91 日');
});

test('every window vector: renewal opens 3 calendar months before, clamped', async () => {
  for (const v of vectors.window) {
    const got = await calc(b.page, { date: v.last_day, today: v.last_day });
    assert.equal(got.renewal_opens, v.renewal_opens, JSON.stringify(v));
    assert.equal(got.last_day, v.last_day, JSON.stringify(v));
  }
});

test('every status vector: status, days left and renewal date', async () => {
  for (const v of vectors.status) {
    const got = await calc(b.page, { date: v.last_day, first: v.first_day || '', today: v.on });
    const ctx = JSON.stringify(v);
    assert.equal(got.status, v.status, ctx);
    assert.equal(Number(got.days_left), v.days_left, ctx);
    assert.equal(got.renewal_opens, v.renewal_opens, ctx);
    assert.equal(got.today, v.on, ctx);
    assert.ok(got.status_text.includes(STATUS_JA[v.status]), `${ctx}: ${got.status_text}`);
  }
});

test('every issue-date vector: the estimated last day, labelled 目安', async () => {
  for (const v of vectors.issue) {
    const got = await calc(b.page, { mode: 'issue', date: v.issue_date, today: v.issue_date });
    assert.equal(got.last_day, v.last_day, JSON.stringify(v));
    assert.match(got.last_day_text, /目安/);
    // Valid from the issue date, so on that day it is valid, not "not yet valid".
    assert.notEqual(got.status, 'not_yet_valid', JSON.stringify(v));
  }
});

test('without an injected date, today is the JST calendar date; ?today= fixes it', async () => {
  const { page } = b;
  const jst = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  await page.goto(bookUrl('timing.html'));
  await page.fill('form.cc-calc [name="cc-calc-date"]', '2030-01-15');
  const shown = await page.getAttribute('[data-out="today"]', 'data-value');
  // The clock may tick over midnight JST between the two readings.
  const jstAfter = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  assert.ok(shown === jst || shown === jstAfter, `${shown} vs ${jst}`);
  await page.goto(bookUrl('timing.html') + '?today=2029-10-15');
  await page.fill('form.cc-calc [name="cc-calc-date"]', '2030-01-15');
  assert.equal(await page.getAttribute('[data-out="status"]', 'data-value'), 'renewal_open');
  assert.equal(await page.getAttribute('[data-out="days_left"]', 'data-value'), '92');
});

test('a start date after the last day is reported, not computed', async () => {
  const got = await calc(b.page, { date: '2028-05-31', first: '2028-06-01', today: '2028-01-01' });
  assert.equal(got.status, null);
  // Said once the reader leaves the field, not while typing.
  assert.equal(await b.page.isVisible('.cc-calc-error'), false);
  await b.page.dispatchEvent('form.cc-calc [name="cc-calc-date"]', 'focusout');
  assert.ok(await b.page.isVisible('.cc-calc-error'));
});
