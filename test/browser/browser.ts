/// <reference lib="dom" />
/**
 * Real-browser test harness: the demo archive served over HTTP on a free
 * loopback port, Debian's Chromium driven by playwright-core, axe-core run
 * inside the page, and a layout-shift meter. Without Chromium the suites
 * skip with a message, except in CI, where .ci/run installs it and its
 * absence is a failure.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadDemo } from '../../src/ingest/demo.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp, type WebOptions } from '../../src/web/app.js';
import { openTestArchive } from '../helpers.js';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  if (process.env.CI) throw new Error(`Chromium is not at ${CHROMIUM}; .ci/run installs it (apt-get install chromium fonts-noto-cjk)`);
  console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
}

export interface Site {
  url: string;
  archive: Archive;
  close(): Promise<void>;
}

/** The demo archive, served on 127.0.0.1 at a free port. */
export async function startSite(options: WebOptions = {}): Promise<Site> {
  const archive = await openTestArchive();
  await loadDemo(archive);
  const app = createWebApp(archive, { log: 'silent', ...options });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    archive,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => archive.backend.close()),
  };
}

/**
 * The demo site and a browser for the suite it is called in: both started
 * before its tests (in parallel), both closed after them; `options` are read
 * when the suite starts. Read `site` and `browser` from the returned object
 * inside the tests.
 */
export function siteAndBrowser(options: () => WebOptions = () => ({})): { readonly site: Site; readonly browser: Browser } {
  const held = {} as { site: Site; browser: Browser };
  beforeAll(async () => {
    [held.site, held.browser] = await Promise.all([startSite(options()), launch()]);
  });
  afterAll(async () => {
    await held.browser?.close();
    await held.site?.close();
  });
  return held;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** WCAG 2.0/2.1 A and AA rules, plus axe's best practices, run on the page as it stands. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Injected through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
}

/** Starts counting layout shifts (Layout Instability API) on every page this tab loads from now on. */
export async function watchLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!e.hadRecentInput) (window as unknown as { __cls: number }).__cls += e.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Cumulative layout shift while a page loads and settles (two frames after `load`). */
export async function layoutShift(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => (window as unknown as { __cls: number }).__cls);
}

/**
 * A proxy in front of `origin` that sends each HTML page in two parts: its first `pauseAt()` bytes, then, `pauseMs`
 * later, the rest, as a slow network or a busy server does. The browser paints what it has meanwhile, so what moves
 * when the rest arrives is a layout shift. Other files (style sheet, scripts) pass straight through.
 */
export async function pausingProxy(origin: string, pauseMs = 300): Promise<{ url: string; pauseAt(bytes: number): void; close(): Promise<void> }> {
  let cut = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const answer = await fetch(origin + req.url, { headers: { 'accept-encoding': 'identity' } });
      const type = answer.headers.get('content-type') ?? '';
      const body = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { 'content-type': type, 'cache-control': 'no-store' });
      if (!type.startsWith('text/html')) return void res.end(body);
      res.write(body.subarray(0, cut));
      setTimeout(() => res.end(body.subarray(cut)), pauseMs);
    })().catch((error: unknown) => res.destroy(error as Error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pauseAt: (bytes) => void (cut = bytes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Byte offsets of every element's start tag in `html` between the first match of `from` and the end of the first `to` after it. */
export function tagStarts(html: string, from: RegExp, to: string): number[] {
  const start = html.search(from);
  const end = html.indexOf(to, start) + to.length;
  if (start < 0 || end < to.length) throw new Error(`the page has no ${from} … ${to}`);
  return [...html.slice(start, end).matchAll(/<[a-z]/g)].map((m) => Buffer.byteLength(html.slice(0, start + m.index)));
}

/** One page of every kind the public site has, from the demo archive. */
export const PAGE_TYPES: { name: string; path: string }[] = [
  { name: 'home', path: '/' },
  { name: 'collections', path: '/collections' },
  { name: 'collection', path: '/collections/sino-japanese-relations' },
  { name: 'collection-manual-order', path: '/collections/japan-china-normalization' },
  { name: 'themes', path: '/themes' },
  { name: 'theme', path: '/themes/diplomacy' },
  { name: 'region', path: '/themes/east-asia' },
  { name: 'people', path: '/people' },
  { name: 'person', path: '/people/zhou-enlai' },
  { name: 'organizations', path: '/organizations' },
  { name: 'organization', path: '/organizations/mofa-japan' },
  { name: 'places', path: '/places' },
  { name: 'place', path: '/places/lushun' },
  { name: 'subjects', path: '/subjects' },
  { name: 'subject', path: '/subjects/fisheries' },
  { name: 'types', path: '/types' },
  { name: 'type', path: '/types/cable' },
  { name: 'languages', path: '/languages' },
  { name: 'language', path: '/languages/ru' },
  { name: 'dates', path: '/dates' },
  { name: 'decade', path: '/dates/1950s' },
  { name: 'year', path: '/dates/1957' },
  { name: 'month', path: '/dates/1957-05' },
  { name: 'undated', path: '/dates/undated' },
  { name: 'document-cable', path: '/documents/demo-0029' },
  { name: 'document-side-by-side', path: '/documents/demo-0029?view=parallel' },
  { name: 'document-scans', path: '/documents/demo-0039' },
  { name: 'document-chinese', path: '/documents/demo-0044?view=parallel' },
  { name: 'document-description-only', path: '/documents/demo-0001' },
  { name: 'search', path: '/search' },
  { name: 'search-results', path: '/search?q=fishing' },
  { name: 'not-found', path: '/documents/no-such-record' },
  { name: 'withdrawn', path: '/documents/demo-0036' },
  { name: 'bad-request', path: '/dates/1955-13' },
];
