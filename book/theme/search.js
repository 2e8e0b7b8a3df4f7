// certcheck guide: Japanese search over the bigram index built with the book
// (searchindex-ja.js, made by certcheck-guide's post-processing). The index is
// a script, not JSON, because fetch() is refused from file://.
(function () {
  'use strict';

  var MAX_RESULTS = 20;
  var loading = null;

  function normalize(text) {
    return String(text || '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  }

  function loadIndex() {
    if (window.CC_SEARCH_INDEX) return Promise.resolve(window.CC_SEARCH_INDEX);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = (typeof path_to_root === 'string' ? path_to_root : '') + 'searchindex-ja.js';
        s.onload = function () { resolve(window.CC_SEARCH_INDEX); };
        s.onerror = function () { loading = null; reject(new Error('search index missing')); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function grams(term) {
    var chars = Array.from(term);
    if (chars.length === 1) return chars;
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  function intersect(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  function count(haystack, needle) {
    var n = 0;
    for (var i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
    return n;
  }

  // Every term must occur in a section (title or text); more occurrences and
  // a match in the title rank higher. Returns [{doc, score}] best first.
  function search(index, query) {
    var terms = normalize(query).split(' ').filter(Boolean);
    if (!terms.length) return [];
    var candidates = null;
    terms.forEach(function (term) {
      grams(term).forEach(function (g) {
        var postings = index.grams[g] || [];
        candidates = candidates === null ? postings.slice() : intersect(candidates, postings);
      });
    });
    var results = [];
    (candidates || []).forEach(function (i) {
      var doc = index.docs[i];
      var score = 0;
      for (var t = 0; t < terms.length; t++) {
        var inTitle = doc.t.indexOf(terms[t]) >= 0;
        var inText = count(doc.x, terms[t]);
        if (!inTitle && !inText) return;
        score += inText + (inTitle ? 10 : 0);
      }
      results.push({ doc: doc, index: i, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    return results;
  }

  function onPath(doc) {
    if (!doc.f || !window.ccGuide) return true;
    var probe = document.createElement('span');
    probe.setAttribute('data-for', doc.f);
    return window.ccGuide.onPath(probe);
  }

  function snippet(text, terms) {
    var at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = text.indexOf(terms[i]);
    var start = Math.max(0, at - 30);
    return (start > 0 ? '…' : '') + text.slice(start, start + 100) + (start + 100 < text.length ? '…' : '');
  }

  function appendMarked(parent, text, terms) {
    var pattern = new RegExp('(' + terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }).join('|') + ')');
    text.split(pattern).forEach(function (part, i) {
      if (!part) return;
      var node = i % 2 ? document.createElement('mark') : document.createTextNode(part);
      if (i % 2) node.textContent = part;
      parent.appendChild(node);
    });
  }

  function render(panel, query) {
    var status = panel.querySelector('.cc-search-status');
    var list = panel.querySelector('.cc-search-results');
    list.textContent = '';
    var q = normalize(query);
    if (!q) { status.textContent = ''; return Promise.resolve(); }
    return loadIndex().then(function (index) {
      var terms = q.split(' ');
      var found = search(index, q);
      var shown = found.filter(function (r) { return onPath(r.doc); });
      var hidden = found.length - shown.length;
      status.textContent = shown.length
        ? '「' + query.trim() + '」の検索結果 ' + shown.length + ' 件' + (hidden ? '（ほかの場合の結果 ' + hidden + ' 件は表示していません）' : '')
        : '「' + query.trim() + '」は見つかりませんでした' + (hidden ? '（ほかの場合の結果が ' + hidden + ' 件あります。上の選択を「すべて表示」にしてください）' : '');
      shown.slice(0, MAX_RESULTS).forEach(function (r) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = (typeof path_to_root === 'string' ? path_to_root : '') + r.doc.u;
        a.className = 'cc-search-title';
        appendMarked(a, r.doc.t, terms);
        var where = document.createElement('span');
        where.className = 'cc-search-page';
        where.textContent = r.doc.p === r.doc.t ? '' : r.doc.p;
        var p = document.createElement('p');
        appendMarked(p, snippet(r.doc.x, terms), terms);
        li.appendChild(a);
        li.appendChild(where);
        li.appendChild(p);
        list.appendChild(li);
      });
    }, function () {
      status.textContent = '検索用のファイル（searchindex-ja.js）が見つかりません。';
    });
  }

  function addUi() {
    var buttons = document.querySelector('#mdbook-menu-bar .left-buttons');
    var menu = document.getElementById('mdbook-menu-bar');
    if (!buttons || !menu) return;
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.id = 'cc-search-toggle';
    toggle.className = 'icon-button';
    toggle.title = '検索（/ キー）';
    toggle.setAttribute('aria-label', '検索');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', 'cc-search');
    toggle.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M10 10l4.5 4.5" stroke="currentColor" stroke-width="2"/></svg>';
    buttons.appendChild(toggle);

    var panel = document.createElement('div');
    panel.id = 'cc-search';
    panel.className = 'cc-search';
    panel.hidden = true;
    panel.innerHTML =
      '<form role="search" class="cc-search-form"><label for="cc-search-input">このガイドを検索</label> ' +
      '<input type="search" id="cc-search-input" autocomplete="off" placeholder="例：相殺、仮パスワード、インポートウィザード"></form>' +
      '<p class="cc-search-status" role="status" aria-live="polite"></p><ol class="cc-search-results"></ol>';
    menu.parentNode.insertBefore(panel, menu.nextSibling);
    var input = panel.querySelector('input');

    function open() {
      panel.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      input.focus();
      loadIndex().catch(function () {});
    }
    toggle.addEventListener('click', function () {
      if (panel.hidden) open();
      else { panel.hidden = true; toggle.setAttribute('aria-expanded', 'false'); }
    });
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { render(panel, input.value); }, 120);
    });
    panel.querySelector('form').addEventListener('submit', function (e) {
      e.preventDefault();
      render(panel, input.value);
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); open(); }
      if (e.key === 'Escape' && t === input) { panel.hidden = true; toggle.setAttribute('aria-expanded', 'false'); toggle.focus(); }
    });
    document.addEventListener('cc-path-change', function () { if (!panel.hidden && input.value) render(panel, input.value); });
  }

  // For the tests and for measuring: the raw ranked results.
  window.ccSearch = function (query) {
    return loadIndex().then(function (index) {
      return search(index, query).map(function (r) { return { url: r.doc.u, title: r.doc.t, score: r.score, for: r.doc.f }; });
    });
  };
  window.ccSearchRender = function (query) {
    var panel = document.getElementById('cc-search');
    panel.hidden = false;
    panel.querySelector('input').value = query;
    return render(panel, query);
  };

  addUi();
})();
