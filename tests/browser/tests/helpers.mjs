// Shared set-up for the browser tests: Debian's chromium through playwright-core,
// a fresh profile per launch, the built book opened from file://, and every
// request, console error and page error recorded.
import { mkdtempSync, rmSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;
export const BOOK_DIR = resolve(process.env.CERTCHECK_BOOK_DIR || join(here, '..', '..', '..', 'target', 'book'));
export const VECTORS = resolve(process.env.CERTCHECK_VECTORS || join(here, '..', '..', 'data', 'renewal-vectors.json'));
export const FINDINGS_RS = resolve(join(here, '..', '..', '..', 'crates', 'core', 'src', 'findings.rs'));
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
