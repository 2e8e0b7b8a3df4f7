// What the guide says, checked in the built pages: expired certificates are
// renewed with the same steps (the FAQ), step 1 says what to log in with, the
// passwords page, "before you start", and the symptom help linked from the
// step where each trouble happens.
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

const text = (sel) => b.page.locator(sel).first().innerText();

/** The text of a section from its heading to the next heading of the same level. */
function section(id) {
  return b.page.evaluate((id) => {
    const h = document.getElementById(id);
    const level = h.tagName;
    let out = h.textContent;
    for (let n = h.nextElementSibling; n && n.tagName !== level; n = n.nextElementSibling) out += '\n' + n.textContent;
    return out;
  }, id);
}

test('no page says an expired certificate cannot be renewed, needs a new application or costs a month', async () => {
  const wrong = /新規の申請|新規と同じ|約 ?1 ?か月|1 か月|更新できません|更新できず|更新はできず|new application|cannot be renewed|about a month/;
  const said = [];
  for (const p of bookPages()) {
    await b.page.goto(bookUrl(p));
    const body = await b.page.evaluate(() => document.body.innerText);
    const m = wrong.exec(body);
    if (m) said.push(`${p}: ${body.slice(Math.max(0, m.index - 40), m.index + 40)}`);
  }
  assert.deepEqual(said, []);
});

test('expired: the first page, the timing page, the calculator and troubleshooting say "same steps, now"', async () => {
  const { page } = b;
  await page.goto(bookUrl('index.html'));
  assert.match(await text('main'), /新しい証明書をインストールするまで伝送（請求）ができません/);
  assert.match(await text('main'), /手続きは同じです。更新の手順のステップ 1 から、すぐに申請/);
  await page.goto(bookUrl('timing.html'));
  const expired = await section('expired');
  assert.match(expired, /有効期限が切れた場合は更新手続きを行ってください/);
  assert.match(expired, /ステップ 1 から、すぐに申請/);
  assert.match(expired, /「証明書の発行申請をする」が選べないときは、国保連合会に問い合わせ/);
  await page.evaluate(() => document.querySelector('form.cc-calc').setAttribute('data-today', '2028-07-01'));
  await page.fill('form.cc-calc [name="cc-calc-date"]', '2028-05-31');
  assert.match(await text('[data-out="status"]'), /新しい証明書をインストールするまで伝送できません。更新と同じ手順/);
  await page.goto(bookUrl('troubleshooting.html'));
  const trouble = await section('cert-expired');
  assert.match(trouble, /更新と同じ手順/);
  assert.match(trouble, /期限が切れる前の更新と同じです/);
});

test('step 1 says what to log in with, the lock, the wait and the Notepad tip', async () => {
  await b.page.goto(bookUrl('procedure.html'));
  const step1 = await text('section.cc-step[data-step="1"]');
  for (const must of ['ユーザID', 'KJ', '電子請求受付システムのパスワード', '仮パスワード', '電子請求登録結果に関するお知らせ',
    '3 回続けて間違えると', 'ロック', '30 分以上待つ', 'メモ帳', '国保連合会が公開している案内', 'レセプト請求 Q9']) {
    assert.ok(step1.includes(must), `step 1 lacks ${must}`);
  }
});

test('the passwords page: login ID and password at step 1, and nothing says the 伝送パスワード plays no part', async () => {
  await b.page.goto(bookUrl('passwords.html'));
  const all = await text('main');
  assert.doesNotMatch(all, /この手続きでは使いません|入力しません（|伝送パスワード.{0,20}関係ありません/);
  const login = await section('login');
  for (const must of ['仮パスワード', '8〜16 文字', '3 回続けて間違えるとロック', '30 分以上', 'メモ帳', 'ステップ 1']) {
    assert.ok(login.includes(must), `#login lacks ${must}`);
  }
  const id = await section('user-id');
  assert.match(id, /ステップ 1/);
  const transfer = await section('transmission-password');
  assert.match(transfer, /国保連合会に確認/);
  // The table's ユーザID row names step 1.
  const row = await b.page.locator('main table tr', { hasText: 'KJ' }).first().innerText();
  assert.match(row, /ステップ 1/);
});

test('before you start lists what to have ready, and the first page links it', async () => {
  await b.page.goto(bookUrl('procedure.html'));
  const before = await section('before');
  for (const must of ['電子請求登録結果に関するお知らせ', 'ユーザID', '証明書発行用パスワード', '伝送を行っているパソコン', '数日後']) {
    assert.ok(before.includes(must), `#before lacks ${must}`);
  }
  await b.page.goto(bookUrl('index.html'));
  assert.ok(await b.page.locator('main a[href="procedure.html#before"]').count() >= 1);
});

// Symptom -> the step(s) whose section links to it.
const SYMPTOMS = {
  'forgot-issue-password': [2],
  login: [1],
  'not-issued': [6],
  'no-open-button': [7],
  'no-wizard': [8],
  'password-rejected': [8],
  'local-machine': [8],
  'other-pc': [7],
  'delete-old': [8],
};

test('the symptom help: what you see, what to do, when to call, and linked from its step', async () => {
  const { page } = b;
  await page.goto(bookUrl('help.html'));
  const h2 = await page.locator('main h2').evaluateAll((hs) => hs.map((h) => h.id));
  assert.deepEqual(h2, Object.keys(SYMPTOMS));
  for (const id of Object.keys(SYMPTOMS)) {
    const s = await section(id);
    for (const part of ['こう見えます', 'すること', '国保連合会に問い合わせるとき']) assert.ok(s.includes(part), `#${id} lacks ${part}`);
  }
  assert.match(await section('no-open-button'), /Internet Explorer/);
  assert.match(await section('no-open-button'), /右上/);
  assert.match(await section('no-open-button'), /「ダウンロード」フォルダー/);
  assert.match(await section('not-issued'), /入金が確認された後/);
  assert.match(await section('delete-old'), /certmgr\.msc/);
  assert.match(await section('delete-old'), /有効期間が始まり/);
  assert.match(await section('password-rejected'), /certcheck\.exe に重ねて/);
  // The sidebar lists the help page before the code sections.
  const chapters = await page.locator('#mdbook-sidebar a[href$=".html"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(chapters.indexOf('help.html') >= 0 && chapters.indexOf('help.html') < chapters.indexOf('troubleshooting.html'), chapters.join(', '));
  await page.goto(bookUrl('procedure.html'));
  for (const [id, steps] of Object.entries(SYMPTOMS)) {
    for (const n of steps) {
      const links = await page.locator(`section.cc-step[data-step="${n}"] a[href="help.html#${id}"]`).count();
      assert.ok(links >= 1, `step ${n} does not link help.html#${id}`);
    }
  }
});

test('Windows spellings: the FAQ label and today\'s beside it', async () => {
  await b.page.goto(bookUrl('procedure.html'));
  const step8 = await text('section.cc-step[data-step="8"]');
  assert.match(step8, /「現在のユーザ」を選びます（国保連合会の FAQ の書き方です。Windows 10・11 の画面では「現在のユーザー」）/);
  assert.match(step8, /「ローカル コンピューター」ではありません/);
});
