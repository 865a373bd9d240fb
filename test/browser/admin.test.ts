/// <reference lib="dom" />
/**
 * The editors' workspace in Chromium: sign-in through the real form, axe on
 * every kind of workspace page at desktop and phone widths, a document
 * created and sent through review in the browser, hostile text that never
 * runs, the preview beside the texts following what is typed, a PDF uploaded
 * and turned through in the public viewer, and screenshots of the worklist,
 * the form with its preview, a revised public page and the PDF's pages (in
 * screenshots/).
 */
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
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
    const accounts = new Accounts(suite.site.archive);
    for (const role of ['admin', 'editor', 'reviewer'] as const) await accounts.add(CLI_ACTOR, { email: `${role}@example.org`, role, password: PASSWORD });
    const editorial = new Editorial(suite.site.archive);
    const editor = { name: 'editor@example.org', role: 'editor' as const, via: 'session' as const };
    await editorial.create(editor, { id: 'ws-draft', title: `Draft cable ${EVIL}`, date: '1984-03-25', summary: EVIL, translations: [{ language: 'en', html: '<p>The ambassador met the premier.</p>' }] });
    await editorial.update(editor, 'ws-draft', { id: 'ws-draft', title: `Draft cable ${EVIL}`, date: '1984-03-25', summary: EVIL, translations: [{ language: 'en', html: '<p>The ambassador met the foreign minister.</p>' }] }, 1, 'Corrected the office');
    await editorial.create(editor, { id: 'ws-review', title: 'Memorandum waiting for review', date: '1955' });
    await editorial.setStatus(editor, 'ws-review', { status: 'review' });
    await editorial.create(editor, { id: 'ws-pdf', title: 'Telegram No. 187 from Moscow, scanned to PDF', date: '1957-05-21', translations: [{ language: 'en', html: '<p>With reference to my telegram No. 179, I called on Counsellor Lazarev.</p>' }] });
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

  it('the preview beside the texts follows what is typed, as the public page draws it, right to left too; without JavaScript a button redraws it', { timeout: 90_000 }, async () => {
    const page = await signedIn('editor@example.org', 1280);
    await page.goto(`${suite.site.url}/admin/edit/ws-draft`);
    const preview = page.locator('[data-preview-body]');
    expect(await preview.textContent()).toContain('The ambassador met the foreign minister.');
    await typeRich(page, 'f-translations-0-html', 'The premier received the delegation at noon.');
    await expect.poll(() => preview.textContent(), { timeout: 5_000 }).toContain('The premier received the delegation at noon.');
    expect(await preview.textContent()).not.toContain('foreign minister');
    // An Arabic original beside it: typed right to left, shown right to left, side by side as on the public page.
    await page.fill('#f-transcripts-0-language', 'ar');
    await typeRich(page, 'f-transcripts-0-html', 'استقبل رئيس الوزراء الوفد ظهرا.');
    expect(await page.getAttribute('.field:has(#f-transcripts-0-html) .rich-editor', 'dir')).toBe('rtl');
    await page.waitForSelector('[data-preview-body] .parallel .rich-text[lang="ar"][dir="rtl"]');
    expect(await preview.locator('.rich-text[lang="ar"]').textContent()).toContain('استقبل رئيس الوزراء الوفد ظهرا.');
    // Hostile markup typed as HTML is drawn as the sanitizer leaves it, and runs nothing.
    await page.click('.field:has(#f-translations-0-html) button:has-text("Edit HTML")');
    await page.fill('#f-translations-0-html', `<p>Safe <em>words</em>${EVIL}</p>`);
    await expect.poll(() => preview.innerHTML(), { timeout: 5_000 }).toContain('Safe <em>words</em>');
    expect(await preview.innerHTML()).not.toMatch(/<script|onerror|<img/);
    await page.click('.field:has(#f-translations-0-html) button:has-text("Edit HTML")');
    await typeRich(page, 'f-translations-0-html', 'The premier received the delegation at noon.');
    await expect.poll(() => preview.textContent(), { timeout: 5_000 }).toContain('at noon');
    // Beside the editors on a desktop, below them on a phone.
    const editors = (await page.locator('.text-workbench__editors').boundingBox())!;
    let pane = (await page.locator('.text-preview').boundingBox())!;
    expect(pane.x).toBeGreaterThan(editors.x + editors.width - 1);
    expect(await runAxe(page)).toEqual([]);
    await page.locator('.text-workbench').screenshot({ path: 'screenshots/admin-live-preview-1280.png' });
    await page.setViewportSize({ width: 390, height: 900 });
    const narrowEditors = (await page.locator('.text-workbench__editors').boundingBox())!;
    pane = (await page.locator('.text-preview').boundingBox())!;
    expect(pane.y).toBeGreaterThanOrEqual(narrowEditors.y + narrowEditors.height - 1);
    expect(pane.x).toBeGreaterThanOrEqual(0);
    expect(pane.x + pane.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await runAxe(page)).toEqual([]);
    await page.locator('.text-preview').screenshot({ path: 'screenshots/admin-live-preview-390.png' });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
    // Nothing was saved by previewing.
    const saved = await new Editorial(suite.site.archive).document({ name: 'editor@example.org', role: 'editor', via: 'session' }, 'ws-draft');
    expect(saved.document.translations[0]!.html).toBe('<p>The ambassador met the foreign minister.</p>');

    // Without JavaScript: the Preview button sends the form back with the pane redrawn and the text kept.
    const context = await suite.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const plain = await context.newPage();
    await plain.goto(`${suite.site.url}/admin/login`);
    await plain.fill('#email', 'editor@example.org');
    await plain.fill('#password', PASSWORD);
    await Promise.all([plain.waitForURL(`${suite.site.url}/admin`), plain.click('button[type="submit"]')]);
    await plain.goto(`${suite.site.url}/admin/edit/ws-draft`);
    await plain.fill('#f-translations-0-html', '<p>The minister left for Tokyo.</p>');
    await Promise.all([plain.waitForURL(/#text-preview$/), plain.click('button[value="preview"]')]);
    expect(await plain.textContent('[data-preview-body]')).toContain('The minister left for Tokyo.');
    expect(await plain.inputValue('#f-translations-0-html')).toBe('<p>The minister left for Tokyo.</p>');
    await context.close();
  });

  it('a PDF uploaded through the form becomes pages the public viewer turns through', { timeout: 120_000 }, async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    for (let n = 1; n <= 3; n++) {
      const p = pdf.addPage([612, 792]);
      p.drawText(`TELEGRAM No. 187 - PAGE ${n}`, { x: 60, y: 700, size: 30, font });
      for (let l = 0; l < 14; l++) p.drawText(`${n}.${l + 1}  The counsellor's replies were in substance as follows.`, { x: 60, y: 640 - l * 26, size: 15, font });
    }
    const editor = await signedIn('editor@example.org', 1280);
    await editor.goto(`${suite.site.url}/admin/documents/ws-pdf`);
    await editor.setInputFiles('#scan-file', { name: 'telegram-187.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdf.save()) });
    await editor.fill('#scan-label', 'Telegram 187');
    await Promise.all([editor.waitForURL(/done=scan/, { timeout: 60_000 }), editor.click('button:has-text("Upload")')]);
    expect(await editor.locator('.scan-list li').count()).toBe(4);
    expect(await editor.textContent('.scan-list')).toContain('Telegram 187, page 3');
    await editor.close();
    await new Editorial(suite.site.archive).setStatus({ name: 'editor@example.org', role: 'editor', via: 'session' }, 'ws-pdf', { status: 'published' });
    for (const width of [1280, 390]) {
      const page = await suite.browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${suite.site.url}/documents/ws-pdf#scans`);
      expect(await page.locator('#scans .scan-page img').count()).toBe(3);
      expect(await page.textContent('#scans .downloads')).toContain('Telegram 187 (PDF, 3 pages)');
      await page.click('.scan-page__link >> nth=0');
      await page.waitForSelector('#scan-viewer:not([hidden]) .openseadragon-canvas canvas');
      await expect.poll(() => page.textContent('.scan-viewer__status')).toBe('Page 1 of 3');
      await page.click('button[data-action="next"]');
      await expect.poll(() => page.textContent('.scan-viewer__status')).toBe('Page 2 of 3');
      await page.waitForTimeout(1500); // the page's tiles
      await page.locator('#scans').screenshot({ path: `screenshots/public-pdf-viewer-${width}.png` });
      await page.close();
    }
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
    await reviewer.screenshot({ path: 'screenshots/public-revised-390.png', fullPage: true });
    const wide = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await wide.goto(`${suite.site.url}/documents/ws-browser-1`);
    await wide.screenshot({ path: 'screenshots/public-revised-1280.png', fullPage: true });
    await wide.close();
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
