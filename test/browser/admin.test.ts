/// <reference lib="dom" />
/**
 * The editors' workspace in Chromium: sign-in through the real form, axe on
 * every kind of workspace page at desktop and phone widths, a document
 * created and sent through review in the browser, hostile text that never
 * runs, and screenshots of the worklist and the form (in screenshots/).
 */
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { CLI_ACTOR } from '../../src/services/access.js';
import { Accounts } from '../../src/services/accounts.js';
import { Editorial } from '../../src/services/editorial.js';
import { tempDir } from '../helpers.js';
import { HAVE_CHROMIUM, runAxe, siteAndBrowser } from './browser.js';

const PASSWORD = 'correct horse battery staple';
const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe.skipIf(!HAVE_CHROMIUM)('the editors’ workspace in Chromium', () => {
  const suite = siteAndBrowser(() => ({ uploadDir: tempDir('dossier-uploads-') }));
  beforeAll(async () => {
    const accounts = new Accounts(suite.site.archive.backend);
    for (const role of ['admin', 'editor', 'reviewer'] as const) await accounts.add(CLI_ACTOR, { email: `${role}@example.org`, role, password: PASSWORD });
    const editorial = new Editorial(suite.site.archive);
    const editor = { name: 'editor@example.org', role: 'editor' as const, via: 'session' as const };
    await editorial.create(editor, { id: 'ws-draft', title: `Draft cable ${EVIL}`, date: '1984-03-25', summary: EVIL, translations: [{ language: 'en', html: '<p>The ambassador met the premier.</p>' }] });
    await editorial.update(editor, 'ws-draft', { id: 'ws-draft', title: `Draft cable ${EVIL}`, date: '1984-03-25', summary: EVIL, translations: [{ language: 'en', html: '<p>The ambassador met the foreign minister.</p>' }] }, 1, 'Corrected the office');
    await editorial.create(editor, { id: 'ws-review', title: 'Memorandum waiting for review', date: '1955' });
    await editorial.setStatus(editor, 'ws-review', { status: 'review' });
    mkdirSync('screenshots', { recursive: true });
  });

  async function typeRich(page: Page, id: string, text: string): Promise<void> {
    await page.click(`.field:has(#${id}) .rich-editor`);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }

  async function signedIn(email: string, width: number): Promise<Page> {
    const page = await suite.browser.newPage({ viewport: { width, height: 900 } });
    page.on('dialog', (d) => void d.dismiss());
    await page.goto(`${suite.site.url}/admin/login`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${suite.site.url}/admin`), page.click('button[type="submit"]')]);
    return page;
  }

  const PAGES = ['/admin', '/admin/users', '/admin/records', '/admin/records/person', '/admin/records/person/edit/zhou-enlai', '/admin/records/collection/edit/sino-japanese-relations', '/admin/records/rights/new', '/admin/bulk?q=fishing', '/admin/documents', '/admin/documents/ws-draft', '/admin/documents/ws-review', '/admin/edit/ws-draft', '/admin/new', '/admin/history/ws-draft?from=1&to=2', '/admin/audit', '/admin/account'];

  for (const width of [1280, 390]) {
    it(`axe finds no violation on any workspace page at ${width} px`, { timeout: 120_000 }, async () => {
      const anonymous = await suite.browser.newPage({ viewport: { width, height: 900 } });
      await anonymous.goto(`${suite.site.url}/admin/login`);
      const found: Record<string, unknown> = {};
      const login = await runAxe(anonymous);
      if (login.length) found.login = login;
      await anonymous.close();
      const page = await signedIn('admin@example.org', width);
      for (const path of PAGES) {
        await page.goto(suite.site.url + path, { waitUntil: 'load' });
        const violations = await runAxe(page);
        if (violations.length) found[path] = violations;
      }
      // The form refused, with its errors beside the fields.
      await page.goto(`${suite.site.url}/admin/new`);
      await page.fill('#f-title', 'x');
      await page.fill('#f-date', 'early spring');
      await page.click('button[value="save"]');
      await page.waitForSelector('.field-error');
      const refused = await runAxe(page);
      if (refused.length) found['form with errors'] = refused;
      expect(found).toEqual({});
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      if (width === 1280) {
        await page.goto(`${suite.site.url}/admin`);
        await page.screenshot({ path: `screenshots/admin-worklist-${width}.png`, fullPage: true });
        await page.goto(`${suite.site.url}/admin/edit/ws-draft`);
        await page.screenshot({ path: `screenshots/admin-form-${width}.png`, fullPage: true });
        await page.goto(`${suite.site.url}/admin/history/ws-draft?from=1&to=2`);
        await page.screenshot({ path: `screenshots/admin-history-${width}.png`, fullPage: true });
      } else {
        await page.goto(`${suite.site.url}/admin`);
        await page.screenshot({ path: `screenshots/admin-worklist-${width}.png`, fullPage: true });
      }
      await page.close();
    });
  }

  it('the rich-text editor writes only what the sanitizer keeps, even from a hostile paste, and runs nothing', { timeout: 60_000 }, async () => {
    const page = await signedIn('editor@example.org', 1280);
    await page.goto(`${suite.site.url}/admin/new`);
    await page.click('.field:has(#f-translations-0-html) .rich-editor');
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/html', '<div style="color:red" onclick="window.__pwned=5">Pasted <b>bold</b> <i>it</i><script>window.__pwned=3</script><img src=x onerror="window.__pwned=4"><a href="javascript:alert(1)">bad</a> <a href="https://example.org/">good</a></div>');
      document.querySelector('.field:has(#f-translations-0-html) .rich-editor')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    const html = await page.inputValue('#f-translations-0-html');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<a href="https://example.org/">good</a>');
    expect(html).not.toMatch(/script|onclick|onerror|<img|javascript:|style=/);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await runAxe(page)).toEqual([]);
    await page.close();
  });

  it('an editor creates a document in the form, a reviewer publishes it, and search finds it; no hostile text runs', { timeout: 120_000 }, async () => {
    const editor = await signedIn('editor@example.org', 1280);
    await editor.goto(`${suite.site.url}/admin/new`);
    await editor.fill('#f-id', 'ws-browser-1');
    await editor.fill('#f-title', `Cable on the zebrafish negotiations ${EVIL}`);
    await editor.fill('#f-date', 'June 1948');
    await editor.fill('#f-cable-number', '777');
    await editor.fill('#f-cable-sent-dateTime', '1948-06-03T19:45');
    await editor.fill('#f-cable-sent-timeZone', 'Asia/Tokyo');
    await editor.type('#f-agents-0-id', 'Chou');
    await expect.poll(() => editor.evaluate(() => [...document.querySelectorAll('#f-agents-0-id-suggestions option')].map((o) => (o as HTMLOptionElement).value))).toContain('zhou-enlai');
    await editor.fill('#f-agents-0-id', 'Chou En-lai');
    // The texts are typed in the rich-text editor, which writes the sanitizer's subset into the form's field.
    await typeRich(editor, 'f-translations-0-html', 'The zebrafish talks went on.');
    await editor.evaluate(() => {
      const text = document.querySelector('.field:has(#f-translations-0-html) .rich-editor')!.firstChild!;
      const range = document.createRange();
      range.setStart(text, 4);
      range.setEnd(text, 13); // "zebrafish"
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await editor.click('.field:has(#f-translations-0-html) button:has-text("[Editorial]")');
    expect(await editor.inputValue('#f-translations-0-html')).toBe('The <span class="editorial">zebrafish</span> talks went on.');
    await editor.fill('#f-transcripts-0-language', 'ja');
    await typeRich(editor, 'f-transcripts-0-html', 'ゼブラフィッシュ交渉は続いた。');
    await editor.click('button[value="check"]');
    await expect.poll(() => editor.textContent('.preview')).toContain('Shows as “June 1948”');
    await editor.click('button[value="save"]');
    await editor.waitForURL(/\/admin\/documents\/ws-browser-1/);
    // Two scans, uploaded through the form.
    for (const n of [1, 2]) {
      const png = await sharp({ create: { width: 900, height: 1200, channels: 3, background: { r: 250 - n * 20, g: 245, b: 230 } } }).png().toBuffer();
      await editor.setInputFiles('#scan-file', { name: `page-${n}.png`, mimeType: 'image/png', buffer: png });
      await editor.fill('#scan-label', `Page ${n}`);
      await editor.click('button:has-text("Upload")');
      await editor.waitForURL(/done=scan/);
    }
    expect(await editor.locator('.scan-list li').count()).toBe(2);
    await editor.click('text=Submit for review');
    await editor.waitForURL(/done=review/);
    // The reviewer sends it back with a comment; the editor fixes it and submits again.
    const reviewer = await signedIn('reviewer@example.org', 390);
    await reviewer.goto(`${suite.site.url}/admin/documents/ws-browser-1`);
    await reviewer.fill('#send-back-text', 'Add the cable’s precedence, please.');
    await reviewer.click('text=Send back to the author');
    await reviewer.waitForURL(/done=draft/);
    await editor.goto(`${suite.site.url}/admin`);
    expect(await editor.textContent('#wl-mine + ul')).toContain('Cable on the zebrafish negotiations');
    await editor.goto(`${suite.site.url}/admin/documents/ws-browser-1`);
    expect(await editor.textContent('main')).toContain('Add the cable’s precedence, please.');
    await editor.click('a[href="/admin/edit/ws-browser-1"]');
    await editor.fill('#f-cable-precedence', 'Urgent');
    await editor.fill('#f-note', 'Added the precedence');
    await editor.click('button[value="save"]');
    await editor.waitForURL(/done=saved/);
    await editor.click('text=Submit for review');
    await editor.waitForURL(/done=review/);
    await reviewer.goto(`${suite.site.url}/admin/documents/ws-browser-1`);
    await reviewer.click('text=Approve and publish');
    await reviewer.waitForURL(/done=published/);
    await reviewer.goto(`${suite.site.url}/search?q=zebrafish`);
    expect(await reviewer.textContent('main')).toContain('Cable on the zebrafish negotiations');
    await reviewer.goto(`${suite.site.url}/documents/ws-browser-1`);
    expect(await reviewer.textContent('main')).toContain('ゼブラフィッシュ交渉は続いた');
    expect(await reviewer.locator('#scans img').count()).toBeGreaterThanOrEqual(2);
    // The translation is corrected after publication: both versions are readable and the page says so.
    await editor.goto(`${suite.site.url}/admin/edit/ws-browser-1`);
    await typeRich(editor, 'f-translations-0-html', 'The zebrafish talks went on late into the night.');
    await editor.fill('#f-note', 'Completed the last sentence');
    await editor.click('button[value="save"]');
    await editor.waitForURL(/done=saved/);
    await reviewer.goto(`${suite.site.url}/documents/ws-browser-1`);
    expect(await reviewer.textContent('main')).toContain('Translation revised on');
    expect(await reviewer.textContent('main')).toContain('Completed the last sentence');
    await reviewer.click('.translation-notice a');
    expect(await reviewer.textContent('main')).toContain('You are reading this document as it was published');
    expect(await reviewer.textContent('main')).not.toContain('late into the night');
    // A revision is restored from the history page.
    await editor.goto(`${suite.site.url}/admin/history/ws-browser-1`);
    await editor.click('button:has-text("Restore revision 1")');
    await editor.waitForURL(/restored=1/);
    expect(await editor.textContent('main')).toContain('Revision 1 restored as a new revision');
    await editor.screenshot({ path: 'screenshots/admin-history-after-restore-1280.png', fullPage: true });
    for (const p of [editor, reviewer]) expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await editor.close();
    await reviewer.close();
  });
});
