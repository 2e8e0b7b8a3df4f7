// Shared set-up for the browser tests: Debian's chromium through playwright-core,
// a fresh profile per launch, the built book opened from file://, and every
// request, console error and page error recorded.
import { mkdtempSync, mkdirSync, rmSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;
export const BOOK_DIR = resolve(process.env.CERTCHECK_BOOK_DIR || join(here, '..', '..', '..', 'target', 'book'));
export const VECTORS = resolve(process.env.CERTCHECK_VECTORS || join(here, '..', '..', 'data', 'renewal-vectors.json'));
export const FINDINGS_RS = resolve(join(here, '..', '..', '..', 'crates', 'catalog', 'src', 'findings.rs'));
const CHROMIUM = process.env.CERTCHECK_CHROMIUM || '/usr/bin/chromium';

export function bookUrl(page) {
  return pathToFileURL(join(BOOK_DIR, page)).href;
}

/** Every .html file of the built book, as paths relative to its root. */
export function bookPages() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html')) out.push(relative(BOOK_DIR, full).split(sep).join('/'));
    }
  };
  walk(BOOK_DIR);
  return out.sort();
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Launches chromium with a fresh profile. Requests to anything but the book's
 * own files are aborted and recorded in `outside`; console errors and page
 * errors are recorded in `errors`.
 */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'certcheck-guide-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-default-apps', '--disable-extensions',
    ],
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const state = { context, outside: [], fileRequests: 0, errors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isOwn(url)) return route.continue();
    state.outside.push(url);
    return route.abort();
  });
  const watch = (page) => {
    page.on('request', (req) => {
      if (req.url().startsWith('file:')) state.fileRequests += 1;
      else if (!isOwn(req.url())) state.outside.push(req.url());
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') state.errors.push(`${page.url()}: console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => state.errors.push(`${page.url()}: ${err.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  state.page = context.pages()[0] || (await context.newPage());
  state.close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return state;
}

function isOwn(url) {
  return url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:') || url.startsWith('blob:');
}

/** Whether the element is rendered (not display:none anywhere up the tree). */
export async function shown(page, selector) {
  return page.locator(selector).first().isVisible();
}

export const THEMES = ['light', 'rust', 'coal', 'navy', 'ayu'];

/** Opens `pageName` in mdBook's theme `theme` (as the theme menu would store it). */
export async function openInTheme(page, pageName, theme, query = '') {
  await page.goto(bookUrl(pageName));
  await page.evaluate((t) => localStorage.setItem('mdbook-theme', t), theme);
  await page.goto(bookUrl(pageName) + query);
  const cls = await page.getAttribute('html', 'class');
  if (!cls.split(' ').includes(theme)) throw new Error(`theme ${theme} not applied: ${cls}`);
}

/**
 * In the page: the WCAG contrast ratio of every non-empty text node under the
 * elements matched by `selector`, against the background actually behind it
 * (ancestors' background colours composited, gradients taken at their worst
 * stop, opacity applied). Returns [{ text, ratio, color, bg, where }].
 */
export function contrastOf(page, selector) {
  return page.evaluate((selector) => {
    const parse = (c) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const over = (top, below) => ({
      r: top.r * top.a + below.r * (1 - top.a),
      g: top.g * top.a + below.g * (1 - top.a),
      b: top.b * top.a + below.b * (1 - top.a),
      a: 1,
    });
    const lum = (c) => {
      const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    const ratio = (a, b) => { const x = lum(a); const y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    // Candidate backgrounds behind `el`: a gradient gives one per stop.
    const backgrounds = (el) => {
      const layers = [];
      for (let n = el; n && n.nodeType === 1; n = n.parentElement) layers.push(getComputedStyle(n));
      let bases = [{ r: 255, g: 255, b: 255, a: 1 }];
      for (let i = layers.length - 1; i >= 0; i--) {
        const st = layers[i];
        const stops = (st.backgroundImage.match(/rgba?\([^)]+\)/g) || []).map(parse);
        const color = parse(st.backgroundColor);
        bases = bases.map((b) => (color && color.a > 0 ? over(color, b) : b));
        if (stops.length) bases = stops.flatMap((s) => bases.map((b) => over(s, b)));
      }
      return bases;
    };
    const out = [];
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const el = t.parentElement;
        const text = t.textContent.trim();
        if (!text || !el.checkVisibility || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
        const st = getComputedStyle(el);
        let opacity = 1;
        for (let n = el; n && n.nodeType === 1; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
        const fg = parse(st.color);
        const worst = backgrounds(el).map((bg) => {
          const color = over({ ...fg, a: fg.a * opacity }, bg);
          return { ratio: ratio(color, bg), bg };
        }).sort((a, b) => a.ratio - b.ratio)[0];
        out.push({
          text: text.slice(0, 30),
          ratio: Math.round(worst.ratio * 100) / 100,
          color: st.color,
          bg: `rgb(${Math.round(worst.bg.r)}, ${Math.round(worst.bg.g)}, ${Math.round(worst.bg.b)})`,
          where: (el.closest('[data-mock]') || {}).dataset?.mock || el.className || el.tagName,
        });
      }
    }
    return out;
  }, selector);
}

/** Saves a screenshot under target/browser-shots/ for a person to look at. */
export async function shot(page, name, options = {}) {
  const dir = join(here, '..', '..', '..', 'target', 'browser-shots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), ...options });
}
