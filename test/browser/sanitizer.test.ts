/// <reference lib="dom" />
/**
 * The rich-text sanitizer's output, a seeded sample of generated hostile
 * HTML, rendered by Chromium itself in a page WITHOUT the site's CSP (so the
 * sanitizer alone is on trial): no script runs, no dialog opens, and
 * Chromium's own DOM holds no handler attribute, script-bearing element or
 * javascript: URL.
 */
import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitizeRichText } from '../../src/domain/rich-text.js';
import { RUNS, SEED } from '../fuzz/budget.js';
import { hostileHtml } from '../fuzz/hostile-html.js';
import { HAVE_CHROMIUM, launch } from './browser.js';

describe.skipIf(!HAVE_CHROMIUM)('sanitized rich text in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs no script and leaves nothing executable in the DOM', { timeout: 120_000 }, async () => {
    const samples = fc.sample(hostileHtml, { numRuns: RUNS * 4, seed: SEED });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const html = samples.map((s, i) => `<section data-sample="${i}">${sanitizeRichText(s)}</section>`).join('\n');
    await page.setContent(`<!DOCTYPE html><html><head><script>window.__ran = [];['alert','confirm','prompt'].forEach((n) => { window[n] = (m) => { window.__ran.push(n + ':' + m); }; });</script></head><body>${html}</body></html>`, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    const found = await page.evaluate(() => {
      const bad: string[] = [];
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        const name = el.tagName.toLowerCase();
        if (['script', 'iframe', 'object', 'embed', 'style', 'link', 'meta', 'base', 'form', 'svg', 'math', 'img', 'template'].includes(name)) bad.push(`<${name}>`);
        for (const attr of Array.from(el.attributes)) {
          if (/^on/i.test(attr.name) || attr.name === 'style') bad.push(`${name}@${attr.name}`);
        }
        if (el instanceof HTMLAnchorElement && el.getAttribute('href') !== null && !['http:', 'https:', 'mailto:'].includes(el.protocol)) bad.push(`a@href=${el.getAttribute('href')}`);
      }
      return { bad, ran: (window as unknown as { __ran: string[] }).__ran, sections: document.querySelectorAll('section').length };
    });
    await page.close();
    console.log(`sanitizer in Chromium: ${samples.length} samples rendered, ${found.bad.length + found.ran.length + dialogs.length} executable traces (seed ${SEED})`);
    expect(found.sections).toBe(samples.length);
    expect(found.bad).toEqual([]);
    expect(found.ran).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
