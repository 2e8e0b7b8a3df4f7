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
    // The payment method only exists for 代理人請求.
    all('.cc-chooser-pay').forEach(function (f) { f.disabled = p.user !== 'agent'; });
    all('.cc-chooser-state, .cc-path-print').forEach(function (el) { el.textContent = pathText(p); });
    updateChecklist();
    filterLinks(p);
    explainSkips(p);
    document.dispatchEvent(new CustomEvent('cc-path-change', { detail: p }));
  }

  // ---- Links to parts of another path (side bar, overview table) -----------

  // `page.html#id` -> data-for, written by the build into cc-paths.js.
  function pathOfLink(a) {
    var href = a.getAttribute('href');
    if (!href || href.charAt(0) === '?' ) return '';
    var url;
    try { url = new URL(href, location.href); } catch (e) { return ''; }
    var here = location.href.split('#')[0];
    if (url.href.split('#')[0] === here) {
      var target = url.hash ? document.getElementById(decodeURIComponent(url.hash.slice(1))) : null;
      if (!target) return '';
      var words = [];
      for (var node = target; node && node.getAttribute; node = node.parentNode) {
        var f = node.getAttribute('data-for');
        if (f) words.push(f);
      }
      return words.join(' ');
    }
    // The book's root folder ('.' so that an empty path_to_root means this page's folder).
    var root = new URL((typeof path_to_root === 'string' ? path_to_root : '') + '.', location.href).href;
    if (url.href.indexOf(root) !== 0) return '';
    return (window.CC_PATHS || {})[decodeURI(url.href.slice(root.length))] || '';
  }
  function linkOnPath(a, p) {
    var words = pathOfLink(a);
    if (!words) return true;
    var probe = document.createElement('span');
    probe.setAttribute('data-for', words);
    return onPath(probe, p);
  }

  function filterLinks(p) {
    // The side bar (mdBook lists the page's headings there) and its chapters.
    all('#mdbook-sidebar a[href]').forEach(function (a) {
      var li = a.closest('li');
      if (li) li.classList.toggle('cc-off-path', !linkOnPath(a, p));
    });
    // Table rows whose first cell links to another path's step.
    all('main table').forEach(function (table) {
      if (table.closest('.cc-mock')) return;
      var hidden = [];
      all('tbody tr', table).forEach(function (tr) {
        var a = tr.cells[0] && tr.cells[0].querySelector('a[href]');
        var off = !!a && !linkOnPath(a, p);
        tr.classList.toggle('cc-off-path', off);
        if (off) hidden.push(a.textContent.trim());
      });
      var wrapper = table.parentNode.classList.contains('table-wrapper') ? table.parentNode : table;
      var note = wrapper.nextElementSibling;
      if (!note || !note.classList.contains('cc-table-note')) {
        if (!hidden.length) return;
        note = document.createElement('p');
        note.className = 'cc-table-note';
        note.setAttribute('role', 'note');
        wrapper.parentNode.insertBefore(note, wrapper.nextSibling);
      }
      note.hidden = !hidden.length;
      note.textContent = hidden.length
        ? '選んだ場合（' + USER_LABEL[p.user] + (p.pay ? '・' + PAY_LABEL[p.pay] : '') + '）にない ' + hidden.join('、') +
          ' は表示していません。番号は飛びますが、表示されている順に進めてください。'
        : '';
    });
  }

  // Says why step numbers jump (1, 2, 4, 6...) once a path is chosen.
  function explainSkips(p) {
    all('.cc-stepnav').forEach(function (nav) {
      var note = nav.querySelector('.cc-skip-note');
      if (!note) return;
      var skipped = all('.cc-stepnav-item', nav).filter(function (li) { return !onPath(li, p); });
      note.hidden = !skipped.length;
      note.textContent = skipped.length
        ? 'ステップ ' + skipped.map(function (li) {
          var label = li.querySelector('.cc-for');
          return li.getAttribute('data-step') + (label ? '（' + label.textContent.trim() + '）' : '');
        }).join('、') + 'は、' + USER_LABEL[p.user] + (p.pay ? '・' + PAY_LABEL[p.pay] : '') +
          'の場合にはないため表示していません。番号は飛びますが、表示されている順に進めてください。'
        : '';
    });
  }

  // ---- Printing the chosen path only -----------------------------------------

  function wirePrint() {
    all('.cc-print-path').forEach(function (b) {
      b.addEventListener('click', function () {
        root.classList.add('cc-printing');
        try { window.print(); } finally { root.classList.remove('cc-printing'); }
      });
    });
  }

  // ---- Tables that stack on a phone, each cell labelled by its column ---------

  function stackTables() {
    all('main table').forEach(function (table) {
      if (table.closest('.cc-mock') || !table.tHead) return;
      var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
      table.classList.add('cc-stack');
      all('tbody tr', table).forEach(function (tr) {
        Array.prototype.forEach.call(tr.cells, function (td, i) {
          if (heads[i]) td.setAttribute('data-label', heads[i]);
        });
      });
    });
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
        var ticked = all('input.cc-check').filter(function (c) { return c.checked; }).length;
        if (ticked && !window.confirm('付けたチェック（' + ticked + ' 項目）をすべて外します。よろしいですか？')) return;
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

  // Dates the calculator accepts: a certificate of this system lives in this range.
  var FIRST_YEAR = 2000;
  var LAST_YEAR = 2099;

  // Reads a date field: { date } or { error } in Japanese, or {} when empty.
  // A browser without a date picker gives text, so 2028/5/31 and 2028年5月31日 work too.
  function readDate(input) {
    if (input.validity && input.validity.badInput) {
      return { error: '日付が途中までしか入っていないか、ない日付です。年・月・日をすべて入れてください。' };
    }
    var raw = String(input.value || '').normalize('NFKC').trim();
    if (!raw) return {};
    var m = /^(\d{1,4})\s*[-\/.年]\s*(\d{1,2})\s*[-\/.月]\s*(\d{1,2})\s*日?$/.exec(raw);
    if (!m) return { error: '「' + raw + '」は日付として読めません。2028-05-31 のように入れてください。' };
    var y = +m[1];
    var mo = +m[2];
    var day = +m[3];
    if (y < FIRST_YEAR || y > LAST_YEAR) {
      return { error: FIRST_YEAR + ' 年から ' + LAST_YEAR + ' 年までの日付を入れてください（' + y + ' 年になっています）。' };
    }
    var d = parseDate(String(y).padStart(4, '0') + '-' + String(mo).padStart(2, '0') + '-' + String(day).padStart(2, '0'));
    if (!d) return { error: y + '年' + mo + '月' + day + '日という日はありません。日付を確かめてください。' };
    return { date: d };
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
    not_yet_valid: '有効期間の開始前です。更新後の新しい証明書なら正常です。新しい証明書の有効期間が始まり、新しい証明書で伝送できたことを確かめるまで、古い証明書は消さないでください。請求の締め切りに間に合わないときは、国保連合会に相談してください。',
    valid: '有効です。更新の手続きを始める目安の日より前です。',
    renewal_open: '更新の手続きができます。有効期限が切れる前に申請してください。「証明書の発行申請をする」がまだ出ないときは、「証明書有効期限切れ事前通知」が届くのを待つか、国保連合会に確認してください。',
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

  // `parts`: text, or a list of text and { keep: text } pieces; a kept piece
  // (a date, a count) never breaks across lines.
  function out(form, key, parts, value) {
    var el = form.querySelector('[data-out="' + key + '"]');
    el.textContent = '';
    [].concat(parts).forEach(function (part) {
      if (typeof part === 'string') { el.appendChild(document.createTextNode(part)); return; }
      var span = document.createElement('span');
      span.className = 'cc-nowrap';
      span.textContent = part.keep;
      el.appendChild(span);
    });
    if (value === undefined) el.removeAttribute('data-value');
    else el.setAttribute('data-value', String(value));
  }

  // `settled`: the reader left the field or pressed Enter. While a date is
  // being typed, no error is shown (its first part is not yet a date); the
  // result is shown as soon as it is a date, and announced once it stays so.
  function calculate(form, settled) {
    var mode = (form.querySelector('[name="cc-calc-mode"]:checked') || {}).value || 'last';
    var read = readDate(form.querySelector('[name="cc-calc-date"]'));
    var firstInput = form.querySelector('[name="cc-calc-first"]');
    var error = form.querySelector('.cc-calc-error');
    var label = mode === 'issue' ? '発行日' : '有効期間の終了日';
    form.querySelector('.cc-calc-date-label').textContent = label;
    form.querySelector('.cc-calc-first-row').hidden = mode === 'issue';
    var today = todayJst(form);
    out(form, 'today', { keep: japanese(today) }, iso(today));
    var clear = function (message) {
      ['last_day', 'renewal_opens', 'days_left', 'status'].forEach(function (k) { out(form, k, '－'); });
      form.removeAttribute('data-status');
      announce(form, '', settled);
      var text = message && settled ? message : '';
      // The alert region stays in the page; only its text changes (then it is read out).
      if (error.textContent !== text) error.textContent = text;
    };
    if (read.error) return clear(label + '：' + read.error);
    var date = read.date;
    if (!date) return clear();
    var firstRead = mode === 'issue' ? { date: date } : readDate(firstInput);
    if (firstRead.error) return clear('有効期間の開始日：' + firstRead.error);
    var last = mode === 'issue' ? renewal.estimatedLastDay(date) : date;
    var first = firstRead.date || null;
    if (first && first > last) return clear('開始日が終了日より後になっています。日付を確かめてください。');
    var r = renewal.evaluate(first, last, today);
    out(form, 'last_day', [{ keep: japanese(last) }].concat(mode === 'issue' ? ['（目安：証明書に書かれた日付が正式です）'] : []), iso(last));
    out(form, 'renewal_opens', { keep: japanese(r.renewal_opens) }, iso(r.renewal_opens));
    out(form, 'days_left', r.days_left > 0 ? { keep: 'あと ' + r.days_left + ' 日' } :
      r.days_left === 0 ? '今日が有効期間の終了日です' : [{ keep: (-r.days_left) + ' 日前' }, 'に終了しました'], r.days_left);
    out(form, 'status', STATUS_TEXT[r.status], r.status);
    form.setAttribute('data-status', r.status);
    if (error.textContent) error.textContent = '';
    announce(form, label + ' ' + japanese(mode === 'issue' ? date : last) + '：' + STATUS_TEXT[r.status] +
      '更新の手続きができるようになる日は ' + japanese(r.renewal_opens) + '。', settled);
  }

  // The result is read out once: after the reader stops typing for a moment
  // (each digit of a date field can make a new date), or at once on leaving
  // the field; the same text is never repeated.
  var ANNOUNCE_AFTER_MS = 900;
  function announce(form, text, now) {
    var region = form.querySelector('.cc-calc-announce');
    clearTimeout(form.ccAnnounceTimer);
    var say = function () {
      if (text && form.ccAnnounced !== text) {
        form.ccAnnounced = text;
        region.textContent = text;
      }
    };
    if (!text) form.ccAnnounced = '';
    else if (now) say();
    else form.ccAnnounceTimer = setTimeout(say, ANNOUNCE_AFTER_MS);
  }

  function wireCalculators() {
    all('form.cc-calc').forEach(function (form) {
      // A date field fires input and change for each part typed; only leaving
      // it (or Enter) means the reader is done with it.
      form.addEventListener('input', function () { calculate(form, false); });
      form.addEventListener('change', function (e) { calculate(form, e.target.type === 'radio'); });
      // A half-typed date field changes no value, so no input event: look on each key and on leaving.
      form.addEventListener('keyup', function () { calculate(form, false); });
      form.addEventListener('focusout', function () { calculate(form, true); });
      form.addEventListener('submit', function (e) { e.preventDefault(); calculate(form, true); });
      form.ccCalculate = function () { calculate(form, true); };
      calculate(form, false);
    });
  }

  // Other tabs (another page of the guide) keep in step.
  window.addEventListener('storage', function (e) {
    if (e.key === PATH_KEY) applyPath();
    if (e.key === CHECK_KEY) updateChecklist();
  });

  addPathBar();
  stackTables();
  wireChoosers();
  wireChecklist();
  wirePrint();
  wireCalculators();
  applyPath();
  // mdBook adds the page's headings to the side bar on DOMContentLoaded, after this script.
  document.addEventListener('DOMContentLoaded', function () { setTimeout(function () { filterLinks(getPath()); }, 0); });
  window.ccGuide = { getPath: getPath, setPath: setPath, onPath: onPath, updateChecklist: updateChecklist };
})();
