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

  // The workers' code. The checking worker copies the file's first bytes and
  // the password into the module and calls certcheck_check, which returns the
  // JSON document. It first asks the module how many key derivations the
  // check runs first (certcheck_ahead_count: the MAC, each encrypted part).
  // Those that are PBKDF2 (PBES2 parts) go to the browser's own PBKDF2
  // (WebCrypto: native code on the browser's threads), described by the
  // module (certcheck_pbkdf2_job) and finished by it with the key
  // (certcheck_derive_keyed); if WebCrypto is missing or fails, the module
  // derives the job. The others: where the browser has cores to spare and
  // two or more are left, the page has helper workers run them
  // (certcheck_derive, one job at a time each); one left, this worker runs it
  // while WebCrypto works. All results go to certcheck_check, which makes
  // the same decisions with them. The plan and the decisions are the
  // module's. See crates/wasm.
  function workerMain() {
    var x = null;
    var loaded = null;
    var ptrs = null;
    var lens = null;
    var started = 0;
    var m = null;
    var fromHelpers = null;
    // WebCrypto's names of the PRFs in certcheck_pbkdf2_job's first byte.
    var PRF = { 1: 'SHA-1', 2: 'SHA-256', 3: 'SHA-384', 4: 'SHA-512' };
    // Milliseconds on a clock all workers of the page share.
    function epochNow() { return performance.timeOrigin + performance.now(); }
    function copyIn(b) {
      if (!b.length) return 0;
      var p = x.certcheck_alloc(b.length);
      new Uint8Array(x.memory.buffer, p, b.length).set(b);
      return p;
    }
    // A result buffer's body (u32 length, then the bytes), copied out; the
    // module's buffer is wiped and freed.
    function takeResult(r) {
      var len = new DataView(x.memory.buffer).getUint32(r, true);
      var out = new Uint8Array(x.memory.buffer, r + 4, len).slice();
      x.certcheck_free(r, len + 4);
      return out;
    }
    function load(msg) {
      m = msg;
      return WebAssembly.instantiate(m.module, { certcheck: makeHost(function () { return x; }) })
        .then(function (inst) {
          x = inst.exports;
          var max = x.certcheck_max_file_bytes();
          return m.file.slice(0, max + 1).arrayBuffer();
        }).then(function (buf) {
          var enc = new TextEncoder();
          var parts = [enc.encode(m.file.name), new Uint8Array(buf), enc.encode(m.password), enc.encode(m.at)];
          m.password = '';
          ptrs = parts.map(copyIn);
          lens = parts.map(function (b) { return b.length; });
          parts[2].fill(0);
        });
    }
    function fail(err) { self.postMessage({ type: 'done', ok: false, error: String(err && err.message || err) }); }
    // Job `index` derived by the module in this worker: { index, bytes } or null.
    function moduleJob(index) {
      var bytes = takeResult(x.certcheck_derive(ptrs[1], lens[1], ptrs[2], lens[2], m.hasPassword ? 1 : 0,
        index, epochNow() - started));
      return bytes.length ? { index: index, bytes: bytes.buffer } : null;
    }
    // Job `index` as WebCrypto takes it (null: not a PBKDF2 job WebCrypto
    // has, or no WebCrypto). `imported` resolves once the password is a key.
    function webCryptoJob(index) {
      if (!(self.crypto && crypto.subtle)) return null;
      var d = takeResult(x.certcheck_pbkdf2_job(ptrs[1], lens[1], ptrs[2], lens[2], m.hasPassword ? 1 : 0, index));
      if (!d.length) return null;
      var v = new DataView(d.buffer);
      var saltLen = v.getUint32(9, true);
      var job = {
        index: index, hash: PRF[d[0]], iterations: v.getUint32(1, true), keyLen: v.getUint32(5, true),
        salt: d.slice(13, 13 + saltLen),
      };
      var pw = d.slice(13 + saltLen);
      d.fill(0);
      try {
        job.imported = crypto.subtle.importKey('raw', pw, 'PBKDF2', false, ['deriveBits']);
      } catch (err) {
        job.imported = Promise.reject(err);
      }
      job.imported.then(function () { pw.fill(0); }, function () { pw.fill(0); });
      return job;
    }
    // Starts WebCrypto's derivation; gives the job's result as the module
    // would: the module decrypts with the key and pays the same rounds.
    // WebCrypto failing: the module derives the job here.
    function deriveNatively(job) {
      return job.imported.then(function (key) {
        return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: job.hash, salt: job.salt, iterations: job.iterations },
          key, job.keyLen * 8);
      }).then(function (bits) {
        var k = new Uint8Array(bits);
        var p = copyIn(k);
        k.fill(0);
        var r = x.certcheck_derive_keyed(ptrs[1], lens[1], ptrs[2], lens[2], m.hasPassword ? 1 : 0,
          job.index, p, job.keyLen, epochNow() - started);
        if (p) x.certcheck_free(p, job.keyLen);
        var bytes = takeResult(r);
        if (!bytes.length) return moduleJob(job.index);
        return { index: job.index, bytes: bytes.buffer, native: true };
      }).catch(function () { return moduleJob(job.index); });
    }
    // The first batch ahead: WebCrypto's jobs started first (their keys
    // imported, then every derivation on its way), then the module's.
    function runAhead(jobs) {
      var native = [];
      var rest = [];
      for (var i = 0; i < jobs; i++) {
        var job = webCryptoJob(i);
        if (job) native.push(job); else rest.push(i);
      }
      if (!native.length && m.helpers <= 1) return finish([]);
      Promise.all(native.map(function (j) { return j.imported.catch(function () { return null; }); }))
        .then(function () {
          var derived = native.map(deriveNatively);
          var apart;
          if (rest.length >= 2 && m.helpers > 1) {
            apart = new Promise(function (resolve) { fromHelpers = resolve; });
            self.postMessage({ type: 'plan', jobs: rest, started: started });
          } else {
            apart = Promise.resolve(rest.map(moduleJob));
          }
          return Promise.all([Promise.all(derived), apart]);
        }).then(function (got) {
          finish(got[0].concat(got[1]).filter(Boolean));
        }).catch(fail);
    }
    // The check, with the results run ahead (u32 index, u32 length, bytes each).
    function finish(results) {
      var size = results.reduce(function (n, r) { return n + 8 + r.bytes.byteLength; }, 0);
      var given = new Uint8Array(size);
      var view = new DataView(given.buffer);
      var at = 0;
      results.forEach(function (r) {
        var b = new Uint8Array(r.bytes);
        view.setUint32(at, r.index, true);
        view.setUint32(at + 4, b.length, true);
        given.set(b, at + 8);
        b.fill(0);
        at += 8 + b.length;
      });
      var g = copyIn(given);
      given.fill(0);
      var r = x.certcheck_check(ptrs[0], lens[0], ptrs[1], lens[1], m.file.size,
        ptrs[2], lens[2], m.hasPassword ? 1 : 0, ptrs[3], lens[3], Date.now(), m.lang,
        g, size, epochNow() - started);
      var json = new TextDecoder().decode(takeResult(r));
      if (g) x.certcheck_free(g, size);
      ptrs.forEach(function (p, i) { x.certcheck_free(p, lens[i]); });
      var native = results.filter(function (r) { return r.native; }).length;
      self.postMessage({ type: 'done', ok: true, json: json, webCrypto: native });
    }
    self.onmessage = function (e) {
      var msg = e.data;
      if (msg.type === 'check') {
        started = epochNow();
        load(msg).then(function () {
          var jobs = x.certcheck_ahead_count(ptrs[1], lens[1], m.file.size, ptrs[2], lens[2], m.hasPassword ? 1 : 0);
          if (jobs >= 2) runAhead(jobs);
          else finish([]);
        }).catch(fail);
      } else if (msg.type === 'given') {
        if (fromHelpers) fromHelpers(msg.results);
      } else if (msg.type === 'helper') {
        started = msg.started;
        loaded = load(msg);
      } else if (msg.type === 'derive') {
        loaded.then(function () {
          var got = moduleJob(msg.index);
          var out = got ? got.bytes : null;
          self.postMessage({ type: 'derived', index: msg.index, bytes: out }, out ? [out] : []);
        }).catch(function () { self.postMessage({ type: 'derived', index: msg.index, bytes: null }); });
      }
    };
  }
  var WORKER_SOURCE = 'var makeHost = ' + makeHost.toString() + ';\n(' + workerMain.toString() + ')();';
  var workerUrl = null;

  // Helper workers a check may use: the browser's cores (at most 8, as the
  // CLI's threads); none on one core.
  function helperLimit() {
    var n = Math.min(navigator.hardwareConcurrency || 1, 8);
    return n > 1 ? n : 0;
  }

  // Starts one check: its checking worker, and its helpers if it has a batch
  // to hand out. `cancel()` stops every worker of the check at once (a check
  // of a superseded file or password must never report). The promise gives
  // the document and how many workers the check ran on.
  function check(module, job) {
    if (!workerUrl) workerUrl = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    var workers = [];
    var timer = null;
    var settle = null;
    var helpers = 0;
    function spawn() {
      var w = new Worker(workerUrl);
      workers.push(w);
      return w;
    }
    function stopAll() {
      clearTimeout(timer);
      workers.forEach(function (w) { w.terminate(); });
      workers = [];
      job.password = '';
    }
    var promise = new Promise(function (resolve, reject) {
      settle = reject;
      timer = setTimeout(function () {
        stopAll();
        reject(new Error('timeout'));
      }, TIME_LIMIT_MS);
      var checker = spawn();
      var failed = function (e) {
        if (e && e.preventDefault) e.preventDefault();
        stopAll();
        reject(new Error('failed'));
      };
      checker.onmessage = function (e) {
        var d = e.data;
        if (d.type === 'plan') {
          helpers = runAhead(d, checker);
          return;
        }
        stopAll();
        if (d.ok) resolve({ doc: JSON.parse(d.json), workers: 1 + helpers, webCrypto: d.webCrypto });
        else failed();
      };
      checker.onerror = failed;
      checker.postMessage({
        type: 'check', module: module, file: job.file, password: job.password,
        hasPassword: job.hasPassword, at: job.at, lang: job.lang, helpers: helperLimit(),
      });
    });

    // The plan's jobs (indices the checking worker left to the module) on
    // helpers, one at a time each, the next to whichever is free (as the
    // CLI's threads take them); all results, in whatever order, go back to
    // the checking worker. A helper that fails gives back what is there:
    // the checking worker derives the rest itself.
    function runAhead(plan, checker) {
      var size = Math.min(helperLimit(), plan.jobs.length);
      var next = 0;
      var pending = plan.jobs.length;
      var results = [];
      var pool = [];
      var handedBack = false;
      function giveBack() {
        if (handedBack) return;
        handedBack = true;
        pool.forEach(function (h) { h.terminate(); });
        job.password = '';
        checker.postMessage({ type: 'given', results: results },
          results.map(function (r) { return r.bytes; }));
      }
      function assign(h) {
        if (next < plan.jobs.length) h.postMessage({ type: 'derive', index: plan.jobs[next++] });
      }
      for (var i = 0; i < size; i++) {
        var h = spawn();
        pool.push(h);
        h.onmessage = function (e) {
          var d = e.data;
          if (d.bytes) results.push({ index: d.index, bytes: d.bytes });
          pending -= 1;
          if (pending === 0) giveBack();
          else assign(e.target);
        };
        h.onerror = function (e) {
          e.preventDefault();
          giveBack();
        };
        h.postMessage({
          type: 'helper', module: module, file: job.file, password: job.password,
          hasPassword: job.hasPassword, started: plan.started,
        });
        assign(h);
      }
      return size;
    }

    return {
      promise: promise,
      cancel: function () {
        stopAll();
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
      form.ccWorkers = null;
      form.ccWebCrypto = null;
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
        return running.promise.then(function (got) { return [got, loaded[1]]; });
      }).then(function (done) {
        if (!current()) return;
        running = null;
        var doc = done[0].doc;
        render(form, doc, done[1]);
        form.ccDoc = doc; // for the browser tests; holds no password
        form.ccWorkers = done[0].workers; // likewise: how many workers the check ran on
        form.ccWebCrypto = done[0].webCrypto; // and how many derivations WebCrypto ran
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
