// certcheck guide: the file checker. certcheck's own file check (certcheck-core
// compiled to WebAssembly; certcheck-wasm.js holds the module as base64, made by
// `cargo xtask book`) runs in a Web Worker with a time limit, from file:// too.
// The file and the password stay in this page: nothing is sent, stored or logged.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form.cc-checker');
  if (!forms.length) return;

  // Far above the CLI's own bounds (2,000,000 KDF rounds, 5 s of slip search);
  // only a hostile file gets here, and the worker is then stopped.
  var TIME_LIMIT_MS = 60000;
  var root = typeof path_to_root === 'string' ? path_to_root : '';
  var compiled = null;

  // The module, compiled once per page, loaded only when first needed.
  function loadModule() {
    if (compiled) return compiled;
    compiled = new Promise(function (resolve, reject) {
      if (typeof window.certcheckWasm === 'string') return resolve(window.certcheckWasm);
      var s = document.createElement('script');
      s.src = root + 'certcheck-wasm.js';
      s.onload = function () {
        if (typeof window.certcheckWasm === 'string') resolve(window.certcheckWasm);
        else reject(new Error('missing'));
      };
      s.onerror = function () { reject(new Error('missing')); };
      document.head.appendChild(s);
    }).then(function (b64) {
      var bin = atob(b64);
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return WebAssembly.compile(bytes);
    });
    compiled.catch(function () { compiled = null; });
    return compiled;
  }

  // The module's two imports, for the worker and for this page's own instance:
  // a monotonic clock for its deadlines, and NFKC for comparing names
  // (crates/core/src/nfkc.rs: the browser's tables, not a copy). `exports`
  // returns the instance's exports once it exists.
  function makeHost(exports) {
    return {
      now_ms: function () { return performance.now(); },
      nfkc: function (ptr, len, out, cap) {
        var mem = exports().memory.buffer;
        var s = new TextDecoder().decode(new Uint8Array(mem, ptr, len)).normalize('NFKC');
        var b = new TextEncoder().encode(s);
        if (b.length <= cap) new Uint8Array(exports().memory.buffer, out, cap).set(b);
        return b.length;
      },
    };
  }

  // The worker: copies the file's first bytes and the password into the module,
  // calls certcheck_check and returns the JSON document. See crates/wasm.
  var WORKER_SOURCE = [
    'var makeHost = ' + makeHost.toString() + ';',
    'self.onmessage = function (e) {',
    '  var m = e.data;',
    '  var x = null;',
    '  WebAssembly.instantiate(m.module, { certcheck: makeHost(function () { return x; }) })',
    '  .then(function (inst) {',
    '    x = inst.exports;',
    '    var max = x.certcheck_max_file_bytes();',
    '    return m.file.slice(0, max + 1).arrayBuffer().then(function (buf) {',
    '      var enc = new TextEncoder();',
    '      var parts = [enc.encode(m.file.name), new Uint8Array(buf), enc.encode(m.password), enc.encode(m.at)];',
    '      m.password = "";',
    '      var ptrs = parts.map(function (b) {',
    '        if (!b.length) return 0;',
    '        var p = x.certcheck_alloc(b.length);',
    '        new Uint8Array(x.memory.buffer, p, b.length).set(b);',
    '        return p;',
    '      });',
    '      parts[2].fill(0);',
    '      var r = x.certcheck_check(ptrs[0], parts[0].length, ptrs[1], parts[1].length, m.file.size,',
    '        ptrs[2], parts[2].length, m.hasPassword ? 1 : 0, ptrs[3], parts[3].length, Date.now(), m.lang);',
    '      var len = new DataView(x.memory.buffer).getUint32(r, true);',
    '      var json = new TextDecoder().decode(new Uint8Array(x.memory.buffer, r + 4, len));',
    '      x.certcheck_free(r, len + 4);',
    '      ptrs.forEach(function (p, i) { x.certcheck_free(p, parts[i].length); });',
    '      self.postMessage({ ok: true, json: json });',
    '    });',
    '  })',
    '  .catch(function (err) { self.postMessage({ ok: false, error: String(err && err.message || err) }); });',
    '};',
  ].join('\n');
  var workerUrl = null;

  // Starts one check in its own worker. `cancel()` stops the worker at once
  // (a check of a superseded file or password must never report).
  function check(module, job) {
    if (!workerUrl) workerUrl = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    var worker = new Worker(workerUrl);
    var timer = null;
    var settle = null;
    var promise = new Promise(function (resolve, reject) {
      settle = reject;
      timer = setTimeout(function () {
        worker.terminate();
        reject(new Error('timeout'));
      }, TIME_LIMIT_MS);
      worker.onmessage = function (e) {
        clearTimeout(timer);
        worker.terminate();
        if (e.data.ok) resolve(JSON.parse(e.data.json));
        else reject(new Error('failed'));
      };
      worker.onerror = function (e) {
        e.preventDefault();
        clearTimeout(timer);
        worker.terminate();
        reject(new Error('failed'));
      };
      job.module = module;
      worker.postMessage(job);
    });
    return {
      promise: promise,
      cancel: function () {
        clearTimeout(timer);
        worker.terminate();
        settle(new Error('cancelled'));
      },
    };
  }

  // The CLI's visible form of untrusted text (`<U+202E>` for a bidi control),
  // from the module's `certcheck_visible`: crates/report's one sanitizer, run in
  // an instance of this page (it is quick; only checks go to a worker).
  var visibleLoaded = null;
  function loadVisible() {
    if (visibleLoaded) return visibleLoaded;
    var x = null;
    visibleLoaded = loadModule().then(function (module) {
      return WebAssembly.instantiate(module, { certcheck: makeHost(function () { return x; }) });
    }).then(function (instance) {
      x = instance.exports;
      return function visible(text) {
        var b = new TextEncoder().encode(String(text == null ? '' : text));
        var p = b.length ? x.certcheck_alloc(b.length) : 0;
        if (b.length) new Uint8Array(x.memory.buffer, p, b.length).set(b);
        var r = x.certcheck_visible(p, b.length);
        var len = new DataView(x.memory.buffer).getUint32(r, true);
        var out = new TextDecoder().decode(new Uint8Array(x.memory.buffer, r + 4, len));
        x.certcheck_free(r, len + 4);
        if (b.length) x.certcheck_free(p, b.length);
        return out;
      };
    });
    visibleLoaded.catch(function () { visibleLoaded = null; });
    return visibleLoaded;
  }

  var VERDICT = {
    ok: '問題は見つかりませんでした',
    attention: '確認が必要な点があります',
    problem: '問題があります',
  };
  var PASSWORD = {
    correct: '正しいです',
    not_needed: '不要でした（パスワードなしで開けました）',
    wrong: '違います',
    unknown: '確かめられませんでした',
  };
  var STATUS = {
    valid: '有効です',
    renewal_open: '更新の手続きができる時期です',
    expired: '有効期間が終わっています',
    not_yet_valid: 'まだ有効期間が始まっていません（新しい証明書です）',
  };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function japaneseDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ''));
    return m ? Number(m[1]) + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : '－';
  }

  // `show` is loadVisible's function: every text from the file (names, the
  // findings' texts, which may quote names) is shown as the CLI shows it.
  function render(form, doc, show) {
    var out = form.querySelector('.cc-checker-result');
    out.textContent = '';
    out.setAttribute('data-verdict', doc.verdict);
    out.appendChild(el('p', verdictText(doc), 'cc-checker-verdict'));
    var dl = el('dl');
    var row = function (k, v, key) {
      var dt = el('dt', k);
      var dd = el('dd', v);
      dd.setAttribute('data-out', key);
      dl.appendChild(dt);
      dl.appendChild(dd);
    };
    row('パスワード', PASSWORD[doc.password] || PASSWORD.unknown, 'password');
    // The CLI's office table: the office's name as certcheck groups it.
    var office = (doc.offices || [])[0];
    if (office) row('事業所名（証明書の名義）', show(office.name), 'office');
    if (doc.validity) {
      row('状態', STATUS[doc.validity.status] || doc.validity.status, 'status');
      row('有効期間の終了日（日本時間）', japaneseDate(doc.validity.last_day), 'last_day');
      row('更新の手続きを始める目安の日（日本時間）', japaneseDate(doc.validity.renewal_opens), 'renewal_opens');
    }
    out.appendChild(dl);
    var list = el('ul', null, 'cc-checker-findings');
    (doc.findings || []).forEach(function (f) {
      var li = el('li');
      li.setAttribute('data-code', f.code);
      li.setAttribute('data-severity', f.severity);
      var guide = String(f.guide || '');
      var title = show(f.title);
      if (/^troubleshooting\.html#[a-z0-9-]+$/.test(guide)) {
        var a = el('a', title);
        a.href = root + guide;
        li.appendChild(a);
      } else {
        li.appendChild(el('span', title));
      }
      if (f.message && f.message !== f.title) li.appendChild(el('span', '：' + show(f.message), 'cc-checker-message'));
      if (f.details) li.appendChild(el('span', '（詳細：' + show(f.details) + '）', 'cc-checker-details'));
      list.appendChild(li);
    });
    out.appendChild(list);
    out.hidden = false;
  }

  // The verdict in one line, for the result and for the status that screen
  // readers announce.
  function verdictText(doc) {
    return '判定: ' + (VERDICT[doc.verdict] || doc.verdict);
  }

  forms.forEach(function (form) {
    var fileInput = form.querySelector('[name="cc-checker-file"]');
    var password = form.querySelector('[name="cc-checker-password"]');
    var drop = form.querySelector('.cc-checker-drop');
    var status = form.querySelector('.cc-checker-status');
    var caps = form.querySelector('.cc-checker-caps');
    var fileName = form.querySelector('.cc-checker-filename');
    var result = form.querySelector('.cc-checker-result');
    var chosen = null;
    // The check under way ({ cancel }), and a count of the inputs seen: a
    // result is shown only if nothing changed since its check started.
    var running = null;
    var generation = 0;

    // Forgets the result and stops a check under way: what is on the page
    // must belong to the file and password shown.
    function reset() {
      generation += 1;
      if (running) running.cancel();
      running = null;
      result.hidden = true;
      result.textContent = '';
      result.removeAttribute('data-verdict');
      status.textContent = '';
      form.removeAttribute('aria-busy');
      form.removeAttribute('data-ms');
      form.ccDoc = null;
    }

    function choose(file) {
      reset();
      chosen = file || null;
      fileName.textContent = '';
      if (!chosen) return;
      var mine = chosen;
      loadVisible().then(function (show) {
        if (chosen === mine) fileName.textContent = '選んだファイル: ' + show(mine.name);
      }, function () {
        if (chosen === mine) fileName.textContent = 'ファイルを選びました。';
      });
    }
    fileInput.addEventListener('change', function () { choose(fileInput.files[0]); });
    drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('cc-over'); });
    drop.addEventListener('dragleave', function () { drop.classList.remove('cc-over'); });
    drop.addEventListener('drop', function (e) {
      e.preventDefault();
      drop.classList.remove('cc-over');
      if (e.dataTransfer && e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
    });
    var capsState = function (e) {
      if (e.getModifierState) caps.hidden = !e.getModifierState('CapsLock');
    };
    password.addEventListener('keydown', capsState);
    password.addEventListener('keyup', capsState);
    // Another password: the result shown was for the old one.
    password.addEventListener('input', reset);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    password.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); run(); }
    });
    form.querySelector('.cc-checker-run').addEventListener('click', run);

    // A second press during a check starts over with what is chosen now.
    function run() {
      reset();
      if (!chosen) {
        status.textContent = '先に証明書のファイルを選んでください。';
        return;
      }
      var mine = generation;
      var current = function () { return mine === generation; };
      var file = chosen;
      var pw = password.value;
      form.setAttribute('aria-busy', 'true');
      status.textContent = '確かめています…（パスワードの計算に数秒かかることがあります）';
      var started = performance.now();
      Promise.all([loadModule(), loadVisible()]).then(function (loaded) {
        if (!current()) throw new Error('cancelled');
        running = check(loaded[0], {
          file: file,
          password: pw,
          hasPassword: pw.length > 0,
          at: form.getAttribute('data-at') || '',
          lang: 0,
        });
        pw = '';
        return running.promise.then(function (doc) { return [doc, loaded[1]]; });
      }).then(function (done) {
        if (!current()) return;
        running = null;
        var doc = done[0];
        render(form, doc, done[1]);
        form.ccDoc = doc; // for the browser tests; holds no password
        form.removeAttribute('aria-busy');
        // The verdict itself is announced, not only that the check ended.
        status.textContent = '確認が終わりました。' + verdictText(doc) + '（パスワード: ' +
          (PASSWORD[doc.password] || PASSWORD.unknown) + '）';
        form.setAttribute('data-ms', String(Math.round(performance.now() - started)));
      }, function (err) {
        if (!current()) return;
        running = null;
        form.removeAttribute('aria-busy');
        var why = err && err.message;
        status.textContent = why === 'missing'
          ? 'この版のガイドには、ファイルを確かめる機能が入っていません。certcheck.exe を使ってください。'
          : why === 'timeout'
            ? '時間内に確かめ終わりませんでした（' + TIME_LIMIT_MS / 1000 + ' 秒）。certcheck.exe で確かめてください。'
            : '確かめられませんでした。certcheck.exe で確かめてください。';
      });
    }
  });
})();
