// certcheck guide: Japanese search over the bigram index built with the book
// (searchindex-ja.js, made by certcheck-guide's post-processing). The index is
// a script, not JSON, because fetch() is refused from file://.
//
// Matching compares normalised text (NFKC, lower case, without the long vowel
// mark, brackets and punctuation: the set comes with the index, so queries and
// index agree), while results show titles and text as the book writes them.
(function () {
  'use strict';

  var MAX_RESULTS = 20;
  // A question typed as people say it ("ファイルを開くが出ない") may not occur
  // word for word: sections holding this share of its bigrams are offered.
  var NEAR_SHARE = 0.6;
  var loading = null;
  var ignored = null;

  function normalizeChar(c) {
    var n = c.normalize('NFKC').toLowerCase();
    var out = '';
    for (var i = 0; i < n.length; i++) if (ignored.indexOf(n.charAt(i)) < 0) out += n.charAt(i);
    return out;
  }

  function normalize(text) {
    var n = String(text || '').normalize('NFKC').toLowerCase();
    var out = '';
    Array.from(n).forEach(function (c) { if (ignored.indexOf(c) < 0) out += c; });
    return out.replace(/\s+/g, ' ').trim();
  }

  // The normalised text and, for each of its characters, the range of the
  // original it came from (for marking matches in the original characters).
  // If character-by-character normalising differs from the whole (a decomposed
  // sequence), the map is null and nothing is marked.
  function normalizeWithMap(text) {
    var s = '';
    var map = [];
    var pos = 0;
    Array.from(String(text || '')).forEach(function (c) {
      var n = /\s/.test(c) ? ' ' : normalizeChar(c);
      Array.from(n).forEach(function (ch) {
        if (ch === ' ' && (!s || s.charAt(s.length - 1) === ' ')) return;
        s += ch;
        map.push([pos, pos + c.length]);
      });
      pos += c.length;
    });
    if (s.charAt(s.length - 1) === ' ') { s = s.slice(0, -1); map.pop(); }
    var whole = normalize(text);
    return whole === s ? { s: s, map: map } : { s: whole, map: null };
  }

  function prepare(index) {
    if (index.ready) return index;
    ignored = index.ignored || '';
    index.docs.forEach(function (doc) {
      doc.tn = normalizeWithMap(doc.t);
      doc.xn = normalizeWithMap(doc.x);
    });
    index.ready = true;
    return index;
  }

  function loadIndex() {
    if (window.CC_SEARCH_INDEX) return Promise.resolve(prepare(window.CC_SEARCH_INDEX));
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = (typeof path_to_root === 'string' ? path_to_root : '') + 'searchindex-ja.js';
        s.onload = function () { resolve(prepare(window.CC_SEARCH_INDEX)); };
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
  // a match in the title rank higher, a title that is the whole query highest.
  function exact(index, terms) {
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
        var inTitle = doc.tn.s.indexOf(terms[t]) >= 0;
        var inText = count(doc.xn.s, terms[t]);
        if (!inTitle && !inText) return;
        score += inText + (inTitle ? 10 : 0);
      }
      if (doc.tn.s === terms.join(' ')) score += 20;
      results.push({ doc: doc, index: i, score: score });
    });
    return results;
  }

  // Sections holding most of the query's bigrams, those in the title first.
  function near(index, terms) {
    var wanted = {};
    terms.forEach(function (term) { grams(term).forEach(function (g) { if (Array.from(g).length === 2) wanted[g] = true; }); });
    var list = Object.keys(wanted);
    if (list.length < 2) return [];
    var hits = {};
    list.forEach(function (g) {
      (index.grams[g] || []).forEach(function (i) { hits[i] = (hits[i] || 0) + 1; });
    });
    var results = [];
    Object.keys(hits).forEach(function (key) {
      var share = hits[key] / list.length;
      if (share < NEAR_SHARE) return;
      var doc = index.docs[+key];
      var inTitle = list.filter(function (g) { return doc.tn.s.indexOf(g) >= 0; }).length;
      results.push({ doc: doc, index: +key, score: share * 10 + inTitle / list.length * 5, near: true });
    });
    return results;
  }

  // Returns [{doc, score, near}] best first: exact matches, or if there are
  // none, near ones.
  function search(index, query) {
    var terms = normalize(query).split(' ').filter(Boolean);
    if (!terms.length) return [];
    var results = exact(index, terms);
    if (!results.length) results = near(index, terms);
    results.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    return results;
  }

  function onPath(doc) {
    if (!doc.f || !window.ccGuide) return true;
    var probe = document.createElement('span');
    probe.setAttribute('data-for', doc.f);
    return window.ccGuide.onPath(probe);
  }

  // Appends `text` (original characters) to `parent`, marking where the
  // normalised `terms` occur.
  function appendMarked(parent, text, terms) {
    var n = normalizeWithMap(text);
    var marks = [];
    if (n.map) {
      terms.forEach(function (term) {
        if (!term) return;
        for (var i = n.s.indexOf(term); i >= 0; i = n.s.indexOf(term, i + term.length)) {
          marks.push([n.map[i][0], n.map[i + term.length - 1][1]]);
        }
      });
    }
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] < at) return;
      if (m[0] > at) parent.appendChild(document.createTextNode(text.slice(at, m[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(m[0], m[1]);
      parent.appendChild(mark);
      at = m[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // About 100 characters of the original text around the first match.
  function snippet(doc, terms) {
    var at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = doc.xn.s.indexOf(terms[i]);
    var orig = at >= 0 && doc.xn.map ? doc.xn.map[at][0] : 0;
    var start = Math.max(0, orig - 30);
    return (start > 0 ? '…' : '') + doc.x.slice(start, start + 100) + (start + 100 < doc.x.length ? '…' : '');
  }

  // When nothing matches, the pages that answer most questions.
  var FALLBACK = [
    ['help.html', '困ったとき（症状から）', 'ログインできない、パスワードを忘れた、[ファイルを開く]が出ない、ウィザードが出ない など'],
    ['passwords.html', 'どのパスワード？', 'ユーザID、ログインのパスワード（仮パスワード）、証明書発行用パスワード、伝送パスワードの違い'],
  ];

  // A result's list item with its title as a link, matches marked.
  function link(url, title, terms) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = (typeof path_to_root === 'string' ? path_to_root : '') + url;
    a.className = 'cc-search-title';
    appendMarked(a, title, terms);
    li.appendChild(a);
    return li;
  }

  function render(panel, query) {
    var status = panel.querySelector('.cc-search-status');
    var list = panel.querySelector('.cc-search-results');
    list.textContent = '';
    list.classList.remove('cc-search-fallback');
    if (!String(query || '').trim()) { status.textContent = ''; return Promise.resolve(); }
    return loadIndex().then(function (index) {
      var q = normalize(query);
      var terms = q.split(' ').filter(Boolean);
      var found = search(index, q);
      var shown = found.filter(function (r) { return onPath(r.doc); });
      var hidden = found.length - shown.length;
      var nearOnly = shown.length && shown[0].near;
      status.textContent = shown.length
        ? '「' + query.trim() + '」' + (nearOnly ? 'に近い結果 ' : 'の検索結果 ') + shown.length + ' 件' +
          (hidden ? '（ほかの場合の結果 ' + hidden + ' 件は表示していません）' : '')
        : '「' + query.trim() + '」は見つかりませんでした。' +
          (hidden ? 'ほかの場合の結果が ' + hidden + ' 件あります（上の選択を「すべて表示」にすると見られます）。' : '') +
          '次のページから探してみてください。';
      if (!shown.length) {
        list.classList.add('cc-search-fallback');
        FALLBACK.forEach(function (f) {
          var li = link(f[0], f[1], []);
          var p = document.createElement('p');
          p.textContent = f[2];
          li.appendChild(p);
          list.appendChild(li);
        });
        return;
      }
      shown.slice(0, MAX_RESULTS).forEach(function (r) {
        var li = link(r.doc.u, r.doc.t, terms);
        var where = document.createElement('span');
        where.className = 'cc-search-page';
        where.textContent = r.doc.p === r.doc.t ? '' : r.doc.p;
        var p = document.createElement('p');
        appendMarked(p, snippet(r.doc, terms), terms);
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
    toggle.title = '検索（S キー または / キー）';
    toggle.setAttribute('aria-label', '検索');
    toggle.setAttribute('aria-keyshortcuts', 'S /');
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
      '<input type="search" id="cc-search-input" autocomplete="off" placeholder="例：相殺、パスワードを忘れた、ログインできない"></form>' +
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
      // mdBook readers know S; / is the web's habit. Both open the search, but
      // only when the page itself has the focus, not a field, link or button
      // (WCAG 2.1.4: a character key must not act where the reader types).
      var onPage = t === document.body || t === document.documentElement || (t && t.id === 'cc-main');
      var key = e.key === '/' || e.key === 's' || e.key === 'S';
      if (key && onPage && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); open(); }
      // Escape closes the search from its field and from a result alike.
      if (e.key === 'Escape' && !panel.hidden && t && panel.contains(t)) {
        panel.hidden = true;
        toggle.setAttribute('aria-expanded', 'false');
        toggle.focus();
      }
    });
    document.addEventListener('cc-path-change', function () { if (!panel.hidden && input.value) render(panel, input.value); });
  }

  // For the tests and for measuring: the raw ranked results.
  window.ccSearch = function (query) {
    return loadIndex().then(function (index) {
      return search(index, query).map(function (r) {
        return { url: r.doc.u, title: r.doc.t, score: r.score, for: r.doc.f, near: !!r.near };
      });
    });
  };
  window.ccSearchNormalize = function (text) {
    return loadIndex().then(function () { return normalize(text); });
  };
  window.ccSearchRender = function (query) {
    var panel = document.getElementById('cc-search');
    panel.hidden = false;
    panel.querySelector('input').value = query;
    return render(panel, query);
  };

  addUi();
})();
