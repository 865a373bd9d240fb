/// <reference lib="dom" />
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, runAxe, siteAndBrowser } from './browser.js';

describe.skipIf(!HAVE_CHROMIUM)('the interfaces pages in Chromium', () => {
  const suite = siteAndBrowser();

  it('the API reference and the downloads page read without script, and axe finds no violation', { timeout: 60_000 }, async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${suite.site.url}/api/v1/reference`, { waitUntil: 'load' });
    expect(await page.locator('h2').count()).toBeGreaterThan(8);
    expect(await page.locator('table caption').first().textContent()).toBe('Parameters');
    await page.goto(`${suite.site.url}/data`, { waitUntil: 'load' });
    expect(await page.locator('a[download]').count()).toBe(2);
    await context.close();

    const withScript = await suite.browser.newPage({ viewport: { width: 390, height: 900 } });
    for (const path of ['/api/v1/reference', '/data']) {
      await withScript.goto(suite.site.url + path, { waitUntil: 'load' });
      expect(await runAxe(withScript), path).toEqual([]);
    }
    await withScript.close();
  });

  it('a page on another origin can read the API (CORS)', { timeout: 30_000 }, async () => {
    // A page of another origin: another server on this machine (another port), with no CSP of the site's.
    const other = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><title>elsewhere</title>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const page = await suite.browser.newPage();
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    const status = await page.evaluate(async (url) => {
      const res = await fetch(url, { headers: { 'If-None-Match': '"x"' } });
      return [res.status, ((await res.json()) as { total: number }).total > 0];
    }, `${suite.site.url}/api/v1/search?q=treaty`);
    expect(status).toEqual([200, true]);
    await page.close();
    other.close();
  });
});
