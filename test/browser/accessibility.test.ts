/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, layoutShift, PAGE_TYPES, pausingProxy, runAxe, siteAndBrowser, tagStarts, watchLayoutShifts } from './browser.js';

describe.skipIf(!HAVE_CHROMIUM)('accessibility in Chromium', () => {
  const suite = siteAndBrowser();

  for (const width of [1280, 390]) {
    it(`axe finds no WCAG 2.1 A/AA or best-practice violation on any page type at ${width} px`, { timeout: 120_000 }, async () => {
      const page = await suite.browser.newPage({ viewport: { width, height: 900 } });
      const found: Record<string, unknown> = {};
      for (const { name, path } of PAGE_TYPES) {
        await page.goto(suite.site.url + path, { waitUntil: 'load' });
        const violations = await runAxe(page);
        if (violations.length) found[name] = violations;
      }
      await page.close();
      expect(found).toEqual({});
    });
  }

  it('finds no violation with the scan viewer open, and its buttons work from the keyboard', { timeout: 60_000 }, async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.site.url}/documents/demo-0039`, { waitUntil: 'load' });
    await page.focus('.scan-page__link >> nth=0');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#scan-viewer:not([hidden]) .openseadragon-canvas canvas');
    await page.focus('button[data-action="next"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('.scan-viewer__status')).toBe('Page 2 of 2');
    expect(await runAxe(page)).toEqual([]);
    await page.close();
  });

  it('starts with a skip link that moves focus to the content, and shows where focus is', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.site.url}/documents/demo-0029`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#main');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => ({ inMain: Boolean(document.activeElement?.closest('main')), outline: getComputedStyle(document.activeElement!).outlineStyle }));
    expect(next).toEqual({ inMain: true, outline: 'solid' });
    await page.close();
  });

  it('shifts no layout while pages load, on a desktop and on a phone', { timeout: 90_000 }, async () => {
    const shifts: Record<string, number> = {};
    for (const width of [1280, 390]) {
      const page = await suite.browser.newPage({ viewport: { width, height: 800 } });
      await watchLayoutShifts(page);
      for (const { name, path } of PAGE_TYPES) {
        const cls = await layoutShift(page, suite.site.url + path);
        if (cls > 0.001) shifts[`${name}@${width}`] = cls;
      }
      await page.close();
    }
    expect(shifts).toEqual({});
  });

  it('moves nothing in the header, the search form and its collection chooser, wherever their page pauses while it loads', { timeout: 300_000 }, async () => {
    // The page is sent in two parts, cut before each element of the header and of the page's search form in turn:
    // the browser paints the first part, and nothing it painted may move when the rest arrives.
    const proxy = await pausingProxy(suite.site.url);
    const forms = [
      { path: '/search?q=fishing', form: /<form class="search-form"/ },
      { path: '/collections/sino-japanese-relations', form: /<form class="scoped-search"/ },
    ];
    const shifts: Record<string, number> = {};
    try {
      for (const width of [1280, 390]) {
        const page = await suite.browser.newPage({ viewport: { width, height: 800 } });
        await watchLayoutShifts(page);
        for (const { path, form } of forms) {
          const html = await (await fetch(suite.site.url + path)).text();
          const cuts = [...tagStarts(html, /<header class="site-header"/, '</header>'), ...tagStarts(html, form, '</form>')];
          expect(cuts.length).toBeGreaterThan(20);
          for (const cut of cuts) {
            proxy.pauseAt(cut);
            const cls = await layoutShift(page, proxy.url + path);
            if (cls > 0) shifts[`${path} cut at byte ${cut} (…${html.slice(Math.max(0, cut - 40), cut)}), ${width} px`] = cls;
          }
        }
        await page.close();
      }
    } finally {
      await proxy.close();
    }
    expect(shifts).toEqual({});
  });

  it('paints a search page in an order that shifts nothing when it arrives slowly, on a phone and a desktop', { timeout: 60_000 }, async () => {
    // A CPU twenty times slower makes Chromium paint the page before it has parsed all of it, as a
    // slow phone or a busy server does; what is painted first must stay where it is. The header and the
    // search form move by nothing (the test above); a result's line may still settle by a few thousandths
    // as it arrives, so the bound is a fifth of the 0.1 that Web Vitals calls good: results or facets
    // moving would be some 0.2.
    const shifts: Record<number, number> = {};
    for (const width of [390, 1280]) {
      const page = await suite.browser.newPage({ viewport: { width, height: 800 } });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
      await watchLayoutShifts(page);
      const cls = await layoutShift(page, `${suite.site.url}/search?q=fishing`);
      if (cls > 0.02) shifts[width] = cls;
      await page.close();
    }
    expect(shifts).toEqual({});
  });
});
