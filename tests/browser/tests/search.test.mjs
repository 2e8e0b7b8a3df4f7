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
  // The symptom 何日たっても「発行済み」にならない is titled with the word; it links step 6 first thing.
  ['発行済み', 'help.html#not-issued'],
  ['発行されたか確かめる', 'procedure.html#step-6'],
  ['パスワードが違います', 'troubleshooting.html#password-wrong'],
  ['事前通知', 'timing.html#when'],
  ['有効期限が切れたとき', 'timing.html#expired'],
];
// Questions as people type them -> the section that answers them, first.
const QUESTIONS = [
  ['パスワードを忘れた', 'help.html#forgot-issue-password'],
  ['ログインできない', 'help.html#login'],
  ['ロックされた', 'help.html#login'],
  ['ファイルを開くが出ない', 'help.html#no-open-button'],
  ['期限が切れた', 'timing.html#expired'],
  ['どのパソコン', 'help.html#other-pc'],
  ['証明書のパスワードをなくした', 'help.html#forgot-issue-password'],
  ['ウィザードが出ない', 'help.html#no-wizard'],
  ['古い証明書を消したい', 'help.html#delete-old'],
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

test('questions as people type them land on their answer', async () => {
  const missed = [];
  for (const [query, url] of QUESTIONS) {
    const results = await search(query);
    if (!results.length || results[0].url !== url) {
      missed.push(`${query}: ${results.slice(0, 3).map((r) => r.url).join(', ') || 'nothing'}`);
    }
  }
  assert.deepEqual(missed, []);
});

test('spellings with and without the long vowel mark find the same', async () => {
  const urls = async (q) => (await search(q)).map((r) => r.url);
  for (const [one, other] of [['ユーザ', 'ユーザー'], ['現在のユーザ', '現在のユーザー'], ['ローカル コンピュータ', 'ローカル コンピューター'],
    ['ダウンロード フォルダ', 'ダウンロード フォルダー']]) {
    const found = await urls(one);
    assert.ok(found.length > 0, `${one}: nothing`);
    assert.deepEqual(found, await urls(other), `${one} / ${other}`);
  }
  assert.equal(await b.page.evaluate(() => window.ccSearchNormalize('「現在のユーザー」')), '現在のユザ');
});

test('result titles keep the book\'s own characters, with the match marked', async () => {
  const { page } = b;
  const [first] = await search('KJ');
  assert.equal(first.title, 'ユーザID（KJ で始まる番号）');
  await page.evaluate(() => window.ccSearchRender('ｋｊ'));
  const title = page.locator('.cc-search-results li a').first();
  assert.equal(await title.textContent(), 'ユーザID（KJ で始まる番号）');
  assert.equal(await title.locator('mark').first().textContent(), 'KJ');
  await page.evaluate(() => window.ccSearchRender('ユーザー'));
  assert.match(await page.locator('.cc-search-results mark').first().textContent(), /^ユーザ/);
});

test('when nothing matches, the symptom help and the passwords page are offered', async () => {
  const { page } = b;
  await page.evaluate(() => window.ccSearchRender('存在しない語句ですよ'));
  assert.match(await page.textContent('.cc-search-status'), /見つかりませんでした/);
  const hrefs = await page.locator('.cc-search-results li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs.map((h) => h.replace(/^.*\//, '')), ['help.html', 'passwords.html']);
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
  // mdBook's S and the web's / both open the search.
  for (const key of ['s', '/']) {
    await page.goto(bookUrl('index.html'));
    assert.equal(await page.isVisible('#cc-search-input'), false);
    await page.keyboard.press(key);
    assert.ok(await page.isVisible('#cc-search-input'), key);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cc-search-input');
  }
  await page.goto(bookUrl('index.html'));
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
  }, [...EXPECTED, ...QUESTIONS].map(([q]) => q));
  console.log(`# metric: search, first query incl. index load ${timing.first.toFixed(1)} ms; ` +
    `later queries median ${timing.median.toFixed(2)} ms, max ${timing.max.toFixed(2)} ms`);
  assert.ok(timing.max < 500, `a search took ${timing.max} ms`);
});
