/// <reference lib="dom" />
import { mkdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, PAGE_TYPES, siteAndBrowser } from './browser.js';

describe.skipIf(!HAVE_CHROMIUM)('a historian’s session in Chromium', () => {
  const suite = siteAndBrowser();

  it('searches, filters by collection, opens a document, reads it side by side and copies a citation', { timeout: 60_000 }, async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.site.url });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(`${suite.site.url}/`);
    await page.fill('#home-q', 'fishing');
    await page.press('#home-q', 'Enter');
    await page.waitForURL(/\/search\?q=fishing/);
    const all = await page.locator('.doc-item__title a').count();
    expect(all).toBeGreaterThan(1);

    // Narrow to one collection: by its facet where the search page shows one, else by the "In" menu.
    const facet = page.locator('a[href*="f.collection=sample-embassy-cables"]').first();
    if (await facet.count()) await facet.click();
    else {
      await page.selectOption('#collection', 'sample-embassy-cables');
      await page.click('.search-form button[type="submit"]');
    }
    await page.waitForURL(/sample-embassy-cables/);
    const hits = await page.locator('.doc-item__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(all);
    for (const href of hits) {
      const doc = await suite.site.archive.document(decodeURIComponent(href.replace('/documents/', '')));
      expect(doc.collections.map((c) => c.id)).toContain('sample-embassy-cables');
    }

    await page.click(`.doc-item__title a[href="${hits[0]}"]`);
    await page.waitForURL(new RegExp(`${hits[0]}$`));
    await page.click('.view-switch >> text=Side by side');
    await page.waitForURL(/view=parallel#text/);
    expect(await page.locator('.parallel__row').count()).toBeGreaterThan(3);
    const cells = await page.locator('.parallel__row >> nth=3').locator('.rich-text').evaluateAll((els) => els.map((e) => e.getAttribute('lang')));
    expect(cells).toEqual(['en', 'ja']);

    const copy = page.locator('button[data-copy-target="cite-chicago-text"]');
    await expect.poll(() => copy.isVisible()).toBe(true);
    await copy.click();
    await expect.poll(() => page.textContent('.copy-status')).toBe('Citation copied to the clipboard.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`${suite.site.url}${hits[0]}`);
    expect(copied).toMatch(/Accessed \w+ \d{1,2}, \d{4}\./);
    expect(copied).toBe((await page.locator('#cite-chicago-text').innerText()).replace(/\s+/g, ' ').trim());
    expect(errors).toEqual([]);
    await context.close();
  });

  it('browses from a document to a person’s page, and from there into search', { timeout: 30_000 }, async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.site.url}/documents/demo-0039`);
    await page.click('#people-places >> text=Morioka Tadashi');
    await page.waitForURL(/\/people\/morioka-tadashi$/);
    expect(await page.textContent('h1')).toBe('Morioka Tadashi');
    expect(await page.locator('.variant-list [lang="ja"]').count()).toBeGreaterThan(0);
    const listed = await page.locator('.doc-item').count();
    expect(listed).toBeGreaterThan(1);
    await page.click('text=Search them');
    await page.waitForURL(/\/search\?f\.person=morioka-tadashi/);
    expect(await page.locator('.doc-item').count()).toBe(listed);
    await page.close();
  });

  it('opens a scan in the zoomable viewer, zooms and turns the page', { timeout: 30_000 }, async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.site.url}/documents/demo-0039#scans`);
    expect(await page.isHidden('#scan-viewer')).toBe(true);
    await page.click('.scan-page__link >> nth=0');
    await page.waitForSelector('#scan-viewer:not([hidden]) .openseadragon-canvas canvas');
    const before = await page.locator('.scan-viewer__canvas').screenshot();
    await page.click('button[data-action="zoom-in"]');
    await page.waitForTimeout(1200);
    const after = await page.locator('.scan-viewer__canvas').screenshot();
    expect(Buffer.compare(before, after)).not.toBe(0);
    await page.click('button[data-action="next"]');
    await expect.poll(() => page.textContent('.scan-viewer__status')).toBe('Page 2 of 2');
    await page.close();
  });

  it('works without JavaScript: scans open at full size, citations are there to select, the view switch is a link', { timeout: 30_000 }, async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${suite.site.url}/documents/demo-0039`);
    expect(await page.isHidden('button[data-copy-target]')).toBe(true);
    expect(await page.textContent('#cite-chicago-text')).toContain('Accessed');
    await page.click('.view-switch >> text=Side by side');
    expect(await page.locator('.parallel__row').count()).toBeGreaterThan(3);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('.scan-page__link >> nth=0')]);
    expect(response?.headers()['content-type']).toBe('image/jpeg');
    await context.close();
  });

  it('prints a document without the site around it', { timeout: 30_000 }, async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.site.url}/documents/demo-0029`);
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() =>
      Object.fromEntries(['.site-header', '.site-footer', '.view-switch', '.document__texts', '.cite', '#information'].map((s) => [s, getComputedStyle(document.querySelector(s)!).display !== 'none'])),
    );
    expect(shown).toEqual({ '.site-header': false, '.site-footer': false, '.view-switch': false, '.document__texts': true, '.cite': true, '#information': true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('takes a screenshot of every page type on a desktop and on a phone, for people to look at', { timeout: 120_000 }, async () => {
    mkdirSync('screenshots', { recursive: true });
    for (const width of [1280, 390]) {
      const page = await suite.browser.newPage({ viewport: { width, height: 900 } });
      for (const { name, path } of PAGE_TYPES) {
        await page.goto(suite.site.url + path, { waitUntil: 'load' });
        const file = `screenshots/${width}-${name}.png`;
        await page.screenshot({ path: file, fullPage: true });
        expect(statSync(file).size).toBeGreaterThan(10_000);
      }
      await page.close();
    }
  });
});
