/// <reference lib="dom" />
/**
 * The releases pages in Chromium: no axe violation at desktop and phone
 * widths, the comparison form works with the keyboard and without scripts,
 * and a screen reader's text of an insertion says it is newly released.
 */
import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, runAxe, siteAndBrowser } from './browser.js';

describe.skipIf(!HAVE_CHROMIUM)('releases pages in Chromium', () => {
  const suite = siteAndBrowser();

  for (const width of [1280, 390]) {
    it(`has no axe violation on the release history, the comparison and a year's page at ${width} px`, { timeout: 60_000 }, async () => {
      const page = await suite.browser.newPage({ viewport: { width, height: 900 } });
      const found: Record<string, unknown> = {};
      for (const path of ['/documents/demo-0033', '/documents/demo-0033/releases', '/releases', '/releases/2021']) {
        await page.goto(suite.site.url + path, { waitUntil: 'load' });
        const violations = await runAxe(page);
        if (violations.length) found[path] = violations;
      }
      // Nothing overflows the phone's width but the text itself, which wraps.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await page.close();
      expect(found).toEqual({});
    });
  }

  it('compares two chosen releases from the keyboard with scripts off', { timeout: 30_000 }, async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${suite.site.url}/documents/demo-0033/releases`, { waitUntil: 'load' });
    await page.selectOption('select[name="from"]', 'example-dro-2021-12');
    await page.selectOption('select[name="to"]', 'example-dro-2006-03');
    await page.focus('.release-compare__form button');
    await page.keyboard.press('Enter');
    await page.waitForURL(/from=example-dro-2021-12&to=example-dro-2006-03/);
    expect(await page.textContent('.release-compare__pages del')).toContain('[not in this release: ');
    await context.close();
  });

  it('reads an insertion as newly released text', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.site.url}/documents/demo-0033/releases`, { waitUntil: 'load' });
    const first = await page.locator('.release-compare__pages ins').first().textContent();
    expect(first).toBe('[newly released: 教育部の梁樹文処長]');
    await page.close();
  });
});
