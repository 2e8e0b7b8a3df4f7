// certcheck guide: the path chooser, the checklist and the renewal calculator.
// Hand-written, no framework, nothing loaded from outside: it must work from
// file:// on a PC with no network. Without this script every step stays
// visible, labelled by whom it applies to.
(function () {
  'use strict';

  var PATH_KEY = 'certcheck-guide:path';
  var CHECK_KEY = 'certcheck-guide:checks';
  var root = document.documentElement;

  function all(selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  }
  function load(key, fallback) {
    try {
      var raw = localStorage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function save(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // Storage can be off (private windows, policies); the page still works.
    }
  }

  // ---- The path ------------------------------------------------------------

  var USER_LABEL = { office: '代理人請求以外', agent: '代理人請求' };
  var PAY_LABEL = { offset: '相殺', transfer: '振込' };

  function getPath() {
    var p = load(PATH_KEY, {}) || {};
    var user = p.user === 'office' || p.user === 'agent' ? p.user : '';
    var pay = user === 'agent' && (p.pay === 'offset' || p.pay === 'transfer') ? p.pay : '';
    return { user: user, pay: pay };
  }

  function pathText(p) {
    if (!p.user) return 'すべての場合を表示しています';
    return USER_LABEL[p.user] + (p.pay ? '・' + PAY_LABEL[p.pay] : '') + 'の場合の手順を表示しています';
  }

  // Whether an element is on the chosen path: every data-for around it must allow it.
  function onPath(el, p) {
    p = p || getPath();
    for (var node = el; node && node.getAttribute; node = node.parentNode) {
      var words = (node.getAttribute('data-for') || '').split(' ');
      if (words.indexOf('office') >= 0 && p.user === 'agent') return false;
      if (words.indexOf('agent') >= 0 && p.user === 'office') return false;
      if (words.indexOf('offset') >= 0 && p.pay === 'transfer') return false;
      if (words.indexOf('transfer') >= 0 && p.pay === 'offset') return false;
    }
    return true;
  }

  function setPath(p) {
    save(PATH_KEY, p);
    applyPath();
  }

  function applyPath() {
    var p = getPath();
    if (p.user) root.setAttribute('data-cc-user', p.user);
    else root.removeAttribute('data-cc-user');
    if (p.pay) root.setAttribute('data-cc-pay', p.pay);
    else root.removeAttribute('data-cc-pay');
    all('input[name="cc-user"]').forEach(function (r) { r.checked = r.value === p.user; });
    all('input[name="cc-pay"]').forEach(function (r) { r.checked = r.value === p.pay; });
    all('select[name="cc-user"]').forEach(function (s) { s.value = p.user; });
    all('select[name="cc-pay"]').forEach(function (s) {
      s.value = p.pay;
      s.disabled = p.user !== 'agent';
    });
    all('.cc-chooser-state, .cc-path-print').forEach(function (el) { el.textContent = pathText(p); });
    updateChecklist();
    document.dispatchEvent(new CustomEvent('cc-path-change', { detail: p }));
  }

  function readChoice(scope) {
    var user = scope.querySelector('[name="cc-user"]:checked, select[name="cc-user"]');
    var pay = scope.querySelector('[name="cc-pay"]:checked, select[name="cc-pay"]');
    return { user: user ? user.value : '', pay: pay ? pay.value : '' };
  }

  // A compact chooser at the top of every page, so the path can be changed anywhere.
  function addPathBar() {
    var main = document.querySelector('main');
    if (!main) return;
    var bar = document.createElement('div');
    bar.className = 'cc-path-bar';
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', '表示する手順の選択');
    bar.innerHTML =
      '<label>請求のしかた <select name="cc-user">' +
      '<option value="">すべて表示</option><option value="office">代理人請求以外</option>' +
      '<option value="agent">代理人請求</option></select></label> ' +
      '<label>支払方法 <select name="cc-pay"><option value="">両方表示</option>' +
      '<option value="offset">相殺</option><option value="transfer">振込</option></select></label>' +
      '<span class="cc-path-print"></span>';
    main.insertBefore(bar, main.firstChild);
  }

  function wireChoosers() {
    all('.cc-chooser, .cc-path-bar').forEach(function (form) {
      form.addEventListener('change', function () { setPath(readChoice(form)); });
      if (form.tagName === 'FORM') {
        form.addEventListener('submit', function (e) { e.preventDefault(); });
      }
    });
    all('.cc-chooser-clear').forEach(function (b) {
      b.addEventListener('click', function () { setPath({ user: '', pay: '' }); });
    });
  }

  // ---- The checklist ---------------------------------------------------------

  var STATE_LABEL = { 'not-reached': '未着手', reached: '進行中', completed: '完了' };

  function updateChecklist() {
    var checks = load(CHECK_KEY, {}) || {};
    var p = getPath();
    all('input.cc-check').forEach(function (box) { box.checked = !!checks[box.getAttribute('data-key')]; });

    var steps = all('section.cc-step').filter(function (s) { return onPath(s, p); });
    var done = 0;
    var total = 0;
    var completed = 0;
    var current = null;
    steps.forEach(function (section) {
      var boxes = all('input.cc-check', section).filter(function (b) { return onPath(b, p); });
      var mine = boxes.filter(function (b) { return b.checked; }).length;
      done += mine;
      total += boxes.length;
      var state = boxes.length && mine === boxes.length ? 'completed' : mine ? 'reached' : 'not-reached';
      if (state === 'completed') completed += 1;
      else if (!current) current = section;
      section.setAttribute('data-state', state);
      all('.cc-step-count', section).forEach(function (el) { el.textContent = mine + ' / ' + boxes.length; });
    });
    // The current step (the first one not completed) counts as reached.
    if (current && current.getAttribute('data-state') === 'not-reached') current.setAttribute('data-state', 'reached');

    all('section.cc-step').forEach(function (section) {
      var n = section.getAttribute('data-step');
      var isCurrent = section === current;
      if (isCurrent) section.setAttribute('aria-current', 'step');
      else section.removeAttribute('aria-current');
      all('.cc-stepnav-item[data-step="' + n + '"]').forEach(function (item) {
        var state = section.getAttribute('data-state') || 'not-reached';
        item.setAttribute('data-state', state);
        var link = item.querySelector('a');
        if (isCurrent) link.setAttribute('aria-current', 'step');
        else link.removeAttribute('aria-current');
        var label = item.querySelector('.cc-stepnav-state');
        if (label) label.textContent = isCurrent ? '現在のステップ' : STATE_LABEL[state];
      });
    });

    all('.cc-overall-count').forEach(function (el) { el.textContent = done + ' / ' + total; });
    var title = current ? current.querySelector('h2') : null;
    var text = steps.length
      ? '全 ' + steps.length + ' ステップのうち ' + completed + ' ステップが完了、チェックは ' + total + ' 項目中 ' + done + ' 項目。' +
        (title ? '現在のステップは ' + title.textContent.trim() + '。' : 'すべてのステップが完了しました。')
      : '';
    all('.cc-sr-progress').forEach(function (el) { el.textContent = text; });
  }

  function wireChecklist() {
    all('input.cc-check').forEach(function (box) {
      box.addEventListener('change', function () {
        var checks = load(CHECK_KEY, {}) || {};
        if (box.checked) checks[box.getAttribute('data-key')] = true;
        else delete checks[box.getAttribute('data-key')];
        save(CHECK_KEY, checks);
        updateChecklist();
      });
    });
    all('.cc-reset').forEach(function (b) {
      b.addEventListener('click', function () {
        save(CHECK_KEY, {});
        updateChecklist();
      });
    });
  }

  // ---- The renewal calculator ----------------------------------------------
  // The same rules as certcheck (crates/core/src/policy.rs, evaluate_by_date);
  // both are tested against tests/data/renewal-vectors.json.

  function parseDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s || '').trim());
    if (!m) return null;
    var d = new Date(0);
    d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
    return d.getUTCMonth() === +m[2] - 1 ? d : null;
  }
  function iso(d) {
    var pad = function (n, w) { return String(n).padStart(w, '0'); };
    return pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2);
  }
  function japanese(d) {
    var week = '日月火水木金土'.charAt(d.getUTCDay());
    return d.getUTCFullYear() + '年' + (d.getUTCMonth() + 1) + '月' + d.getUTCDate() + '日（' + week + '）';
  }
  // Calendar months, clamped to the end of a shorter month (like chrono's).
  function addMonths(d, n) {
    var months = d.getUTCFullYear() * 12 + d.getUTCMonth() + n;
    var year = Math.floor(months / 12);
    var month = months - year * 12;
    var out = new Date(0);
    out.setUTCFullYear(year, month + 1, 0);
    var lastDay = out.getUTCDate();
    out.setUTCFullYear(year, month, Math.min(d.getUTCDate(), lastDay));
    return out;
  }
  function addDays(d, n) {
    return new Date(d.getTime() + n * 86400000);
  }
  function daysBetween(from, to) {
    return Math.round((to.getTime() - from.getTime()) / 86400000);
  }

  var renewal = {
    renewalOpens: function (last) { return addMonths(last, -3); },
    estimatedLastDay: function (issue) { return addDays(addMonths(issue, 36), -1); },
    evaluate: function (first, last, on) {
      var opens = addMonths(last, -3);
      var status;
      if (first && on < first) status = 'not_yet_valid';
      else if (on > last) status = 'expired';
      else if (on >= opens) status = 'renewal_open';
      else status = 'valid';
      return { status: status, last_day: last, renewal_opens: opens, days_left: daysBetween(on, last) };
    },
    parseDate: parseDate,
    iso: iso,
  };
  window.ccRenewal = renewal;

  var STATUS_TEXT = {
    not_yet_valid: '有効期間の開始前です。更新後の新しい証明書なら正常です。開始日までは古い証明書を消さないでください。',
    valid: '有効です。更新の手続きはまだできません。',
    renewal_open: '更新の手続きができます。有効期限が切れる前に申請してください。',
    expired: '有効期限が切れています。新しい証明書をインストールするまで伝送できません。更新と同じ手順（ステップ 1 から）で、すぐに申請してください。',
  };

  // Today in Japan. `data-today` on the form (tests only) or `?today=` fixes it.
  function todayJst(form) {
    var fixed = parseDate(form.getAttribute('data-today')) ||
      parseDate(new URLSearchParams(location.search).get('today'));
    if (fixed) return fixed;
    var jst = new Date(Date.now() + 9 * 3600000);
    return new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate()));
  }

  function out(form, key, text, value) {
    var el = form.querySelector('[data-out="' + key + '"]');
    el.textContent = text;
    if (value === undefined) el.removeAttribute('data-value');
    else el.setAttribute('data-value', String(value));
  }

  function calculate(form) {
    var mode = (form.querySelector('[name="cc-calc-mode"]:checked') || {}).value || 'last';
    var date = parseDate(form.querySelector('[name="cc-calc-date"]').value);
    var firstInput = form.querySelector('[name="cc-calc-first"]');
    var error = form.querySelector('.cc-calc-error');
    form.querySelector('.cc-calc-date-label').textContent = mode === 'issue' ? '発行日' : '有効期間の終了日';
    form.querySelector('.cc-calc-first-row').hidden = mode === 'issue';
    var today = todayJst(form);
    out(form, 'today', japanese(today), iso(today));
    error.hidden = true;
    var clear = function () {
      ['last_day', 'renewal_opens', 'days_left', 'status'].forEach(function (k) { out(form, k, '－'); });
      form.removeAttribute('data-status');
    };
    if (!date) return clear();
    var last = mode === 'issue' ? renewal.estimatedLastDay(date) : date;
    var first = mode === 'issue' ? date : parseDate(firstInput.value);
    if (first && first > last) {
      clear();
      error.textContent = '開始日が終了日より後になっています。日付を確かめてください。';
      error.hidden = false;
      return;
    }
    var r = renewal.evaluate(first, last, today);
    out(form, 'last_day', japanese(last) + (mode === 'issue' ? '（目安：証明書に書かれた日付が正式です）' : ''), iso(last));
    out(form, 'renewal_opens', japanese(r.renewal_opens), iso(r.renewal_opens));
    out(form, 'days_left', r.days_left > 0 ? 'あと ' + r.days_left + ' 日' :
      r.days_left === 0 ? '今日が有効期間の最終日です' : (-r.days_left) + ' 日前に終了しました', r.days_left);
    out(form, 'status', STATUS_TEXT[r.status], r.status);
    form.setAttribute('data-status', r.status);
  }

  function wireCalculators() {
    all('form.cc-calc').forEach(function (form) {
      form.addEventListener('input', function () { calculate(form); });
      form.addEventListener('change', function () { calculate(form); });
      form.addEventListener('submit', function (e) { e.preventDefault(); calculate(form); });
      form.ccCalculate = function () { calculate(form); };
      calculate(form);
    });
  }

  // Other tabs (another page of the guide) keep in step.
  window.addEventListener('storage', function (e) {
    if (e.key === PATH_KEY) applyPath();
    if (e.key === CHECK_KEY) updateChecklist();
  });

  addPathBar();
  wireChoosers();
  wireChecklist();
  wireCalculators();
  applyPath();
  window.ccGuide = { getPath: getPath, setPath: setPath, onPath: onPath, updateChecklist: updateChecklist };
})();
