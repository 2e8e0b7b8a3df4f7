// Japanese search: the bigram index (searchindex-ja.js, a script so that it
// loads from file://) must find the right sections for Japanese queries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, bookUrl } from './helpers.mjs';

// Query -> the section that must come first.
const EXPECTED = [
  ['相殺', 'procedure.html#offset-login'],
  ['仮パスワード', 'passwords.html#temporary-password'],
  ['インポートウィザード', 'procedure.html#step-8'],
  ['証明書発行用パスワード', 'passwords.html#issue-password'],
  ['KJ', 'passwords.html#user-id'],
  ['発行済み', 'procedure.html#step-6'],
  ['パスワードが違います', 'troubleshooting.html#password-wrong'],
  ['事前通知', 'timing.html#when'],
  ['更新できません 新規', 'timing.html#expired'],
];
let b;

before(async () => {
  b = await launch();
  await b.page.goto(bookUrl('index.html'));
  await b.page.evaluate(() => localStorage.clear());
  await b.page.reload();
});
after(async () => {
  assert.deepEqual(b.errors, [], 'no JavaScript or console errors');
  assert.deepEqual(b.outside, [], 'no request outside the book');
  await b.close();
});

const search = (q) => b.page.evaluate((q) => window.ccSearch(q), q);

test('Japanese queries find their sections first', async () => {
  for (const [query, url] of EXPECTED) {
    const results = await search(query);
    assert.ok(results.length > 0, `${query}: nothing found`);
    assert.equal(results[0].url, url, `${query}: ${results.slice(0, 3).map((r) => r.url).join(', ')}`);
  }
});

test('queries are NFKC-normalised like the index', async () => {
  const urls = async (q) => (await search(q)).map((r) => r.url);
  // Half-width katakana, full-width Latin and a Kangxi look-alike (⼈ for 人).
  assert.deepEqual(await urls('ｲﾝﾎﾟｰﾄｳｨｻﾞｰﾄﾞ'), await urls('インポートウィザード'));
  assert.deepEqual(await urls('ＫＪ'), await urls('kj'));
  assert.deepEqual(await urls('代理⼈'), await urls('代理人'));
  assert.ok((await urls('代理人')).length > 0);
});

test('a word that is not in the book finds nothing', async () => {
  assert.deepEqual(await search('存在しない語句ですよ'), []);
  assert.deepEqual(await search('   '), []);
});

test('the search box shows linked results and a link lands on the section', async () => {
  const { page } = b;
  await page.click('#cc-search-toggle');
  assert.ok(await page.isVisible('#cc-search-input'));
  await page.fill('#cc-search-input', '仮パスワード');
  const first = page.locator('.cc-search-results li a').first();
  await first.waitFor();
  assert.match(await page.textContent('.cc-search-status'), /「仮パスワード」の検索結果 \d+ 件/);
  assert.equal(await page.locator('.cc-search-results mark').first().textContent(), '仮パスワード');
  await first.click();
  await page.waitForURL(/passwords\.html#temporary-password$/);
  assert.ok(await page.locator('#temporary-password').isVisible());
});

test('results for another path are left out and counted', async () => {
  const { page } = b;
  await page.goto(bookUrl('index.html'));
  await page.check('.cc-chooser input[name="cc-user"][value="office"]');
  await page.evaluate(() => window.ccSearchRender('相殺'));
  const hrefs = await page.locator('.cc-search-results li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(!hrefs.some((h) => h.endsWith('#offset-login')), hrefs.join(', '));
  assert.match(await page.textContent('.cc-search-status'), /ほかの場合の結果 \d+ 件/);
  await page.click('.cc-chooser-clear');
});

test('search time', async () => {
  const { page } = b;
  await page.goto(bookUrl('procedure.html'));
  const timing = await page.evaluate(async (queries) => {
    const t0 = performance.now();
    await window.ccSearch('相殺'); // includes loading the index script
    const first = performance.now() - t0;
    const runs = [];
    for (let i = 0; i < 20; i++) {
      for (const q of queries) {
        const t = performance.now();
        await window.ccSearch(q);
        runs.push(performance.now() - t);
      }
    }
    runs.sort((a, b) => a - b);
    return { first, median: runs[Math.floor(runs.length / 2)], max: runs[runs.length - 1] };
  }, EXPECTED.map(([q]) => q));
  console.log(`# metric: search, first query incl. index load ${timing.first.toFixed(1)} ms; ` +
    `later queries median ${timing.median.toFixed(2)} ms, max ${timing.max.toFixed(2)} ms`);
  assert.ok(timing.max < 500, `a search took ${timing.max} ms`);
});
