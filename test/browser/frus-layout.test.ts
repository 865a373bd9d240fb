/// <reference lib="dom" />
/**
 * Layout on a real archive, in Chromium: FRUS volumes (long titles, long
 * file numbers and URLs in footnotes and source notes, hundreds of
 * collections) never make a page scroll sideways on a 390 px phone, and the
 * side-by-side view keeps the margins of every other page at 1280 px.
 * Skips without Chromium or without ../shared/data.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/services/archive.js';
import { makeDocument } from '../../src/backends/store.contract.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, openTestArchive, SHARED_DATA } from '../helpers.js';
import { HAVE_CHROMIUM, launch } from './browser.js';

const FRUS = join(SHARED_DATA, 'frus');
const present = existsSync(join(FRUS, 'frus1918Russiav03.xml'));
if (!present) console.warn(`FRUS layout tests skipped: ${FRUS} is absent (set DOSSIER_TEST_DATA)`);

const LONG_URL = `https://history.state.gov/historicaldocuments/frus1918Russiav03/${'d'.repeat(30)}/ch1subch1/an-identifier-without-any-break-${'x'.repeat(60)}`;

describe.skipIf(!HAVE_CHROMIUM || !present)('FRUS pages in Chromium', () => {
  let archive: Archive;
  let url: string;
  let close: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    archive = await openTestArchive();
    await importPaths(archive, ['frus1918Russiav03.xml', 'frus1872p2v4.xml'].map((f) => join(FRUS, f)));
    // A translated document with an unbreakable identifier and URL, to read side by side.
    const doc = makeDocument({
      id: 'parallel-test',
      title: 'Telegram read side by side',
      languages: ['ru'],
      identifiers: [{ scheme: 'file', value: `861.00/${'1'.repeat(70)}` }],
      source: { citation: `File No. ${'861.00/'.repeat(12)}`, url: LONG_URL, obtainedBy: [], translatedBy: [] },
      translations: [{ language: 'en', html: `<p>The text in English, with a link <a href="${LONG_URL}">${LONG_URL}</a>.</p>`, translators: [] }],
      transcripts: [{ language: 'ru', html: '<p>Текст по-русски.</p>' }],
      collections: [{ id: 'frus1918Russiav03' }],
    });
    await archive.save({ kind: 'document', ...doc }, { actor: 'test' });
    const app = createWebApp(archive, { log: 'silent' });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await archive?.backend.close();
  });

  /** How far the page reaches past the viewport, and the widest elements that do. */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide };
    });

  it('never scrolls sideways at 390 px: search, scoped search, volume, documents, side by side', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const path of [
      '/',
      '/search?q=treaty',
      '/search?q=treaty&collection=frus1918Russiav03',
      '/collections/frus1918Russiav03',
      '/documents/frus1918Russiav03/d4',
      '/documents/frus1872p2v4/d1',
      '/documents/parallel-test',
      '/documents/parallel-test?view=parallel',
    ]) {
      await page.goto(url + path);
      const o = await overflow(page);
      expect(o.scrollWidth, `${path}: ${o.wide.join(', ')}`).toBeLessThanOrEqual(o.innerWidth);
    }
    // The collection chooser fits too, whatever the titles' length.
    await page.goto(`${url}/search?q=treaty`);
    const chooser = await page.locator('#collection').boundingBox();
    expect(chooser!.x + chooser!.width).toBeLessThanOrEqual(390);
  });

  it('keeps the page margins side by side at 1280 px, the same as the header and a one-column page', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const edges = async (path: string) => {
      await page.goto(url + path);
      return page.evaluate(() => {
        const content = (el: Element) => {
          const r = el.getBoundingClientRect();
          const s = getComputedStyle(el);
          return { left: r.left + parseFloat(s.paddingLeft), right: r.right - parseFloat(s.paddingRight) };
        };
        return { header: content(document.querySelector('.site-header__inner')!), page: content(document.querySelector('.page')!), width: document.documentElement.scrollWidth };
      });
    };
    const parallel = await edges('/documents/parallel-test?view=parallel');
    expect(parallel.width).toBe(1280);
    expect(parallel.page.left).toBeGreaterThan(40);
    expect(Math.abs(parallel.page.left - parallel.header.left)).toBeLessThanOrEqual(1);
    expect(Math.abs(parallel.page.right - parallel.header.right)).toBeLessThanOrEqual(1);
    const one = await edges('/documents/parallel-test');
    // Centred like the one-column page, only wider.
    expect(Math.abs(parallel.page.left + parallel.page.right - (one.page.left + one.page.right))).toBeLessThanOrEqual(2);
  });
});
