import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { Parser } from 'htmlparser2';
import type { Document } from '../../src/domain/document.js';
import type { Archive } from '../../src/services/archive.js';
import { BASE, demoSite, documentLinks, text } from './demo-site.js';

let app: Hono<any>;
let archive: Archive;
let published: Document[];

beforeAll(async () => {
  ({ app, archive } = await demoSite());
  published = [];
  for await (const d of archive.backend.store.scanDocuments({ status: 'published' })) published.push(d);
});

async function get(path: string) {
  const res = await app.request(path);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/**
 * Text in a non-Latin script (CJK, Cyrillic, Hangul) whose nearest `lang` is English or missing.
 * Attribute values (alt, title, content) are not passages and are skipped.
 */
function unmarkedForeignText(html: string): string[] {
  const found: string[] = [];
  const stack: (string | undefined)[] = [];
  let inBody = false;
  let skip = 0;
  const VOID = new Set(['br', 'img', 'meta', 'link', 'input', 'hr', 'source', 'col', 'area', 'base', 'wbr']);
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'body') inBody = true;
      if (name === 'script' || name === 'style') skip++;
      if (!VOID.has(name)) stack.push(attrs.lang);
    },
    onclosetag(name) {
      if (name === 'script' || name === 'style') skip--;
      if (!VOID.has(name)) stack.pop();
    },
    ontext(t) {
      if (!inBody || skip > 0 || !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Cyrillic}\p{Script=Hangul}]/u.test(t)) return;
      const lang = [...stack].reverse().find((l) => l !== undefined) ?? 'en';
      if (/^en\b/.test(lang)) found.push(t.trim().slice(0, 40));
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

describe('every document page', () => {
  it('marks the language of every passage that is not English, in both reading views', async () => {
    for (const d of published) {
      for (const view of ['', '?view=parallel']) {
        const { html } = await get(`/documents/${d.id}${view}`);
        expect(unmarkedForeignText(html), `${d.id}${view}`).toEqual([]);
      }
    }
    for (const path of ['/people/zhou-enlai', '/places/lushun', '/places', '/people', '/languages']) {
      expect(unmarkedForeignText((await get(path)).html), path).toEqual([]);
    }
  });
});

describe('translation and original', () => {
  it('sets them side by side, one row per pair of corresponding paragraphs, each cell in its language', async () => {
    const doc = published.find((d) => d.id === 'demo-0029')!;
    const { html } = await get('/documents/demo-0029?view=parallel');
    expect(html).toContain('<a href="/documents/demo-0029?view=parallel#text" aria-current="true" rel="nofollow">Side by side</a>');
    const rows = [...html.matchAll(/<div class="parallel__row"><div class="rich-text" lang="en" dir="ltr">([\s\S]*?)<\/div><div class="rich-text" lang="ja" dir="ltr">([\s\S]*?)<\/div><\/div>/g)];
    // header block, opening paragraph, five numbered points, closing line
    expect(rows.length).toBe(8);
    expect(rows[2]![1]).toMatch(/^<ol><li>As for position reports/);
    expect(rows[2]![2]).toMatch(/^<ol><li>母船式さけ・ます漁業/);
    expect(rows[6]![1]).toMatch(/^<ol start="5"><li>My impression/);
    expect(doc.transcripts[0]!.html).toContain('本官の印象では');
    expect(rows[6]![2]).toContain('本官の印象では');
  });

  it('shows one column by default, with the key to the translator’s insertions, and refuses an unknown view', async () => {
    const { html } = await get('/documents/demo-0029');
    expect(html).toContain('id="translation-en"');
    expect(html).toContain('id="original-ja"');
    expect(html).not.toContain('class="parallel ');
    expect(text(html)).toContain('[Words in brackets] and (Note: …) were added by the translator or editor');
    expect(html).toContain('<span class="editorial" title="Added by the translator or editor">[the Japanese–Soviet fisheries convention of 1956]</span>');
    expect((await get('/documents/demo-0029?view=sideways')).status).toBe(400);
    // A document with a translation only has no side-by-side view to offer.
    const only = published.find((d) => d.translations.length > 0 && d.transcripts.length === 0)!;
    expect((await get(`/documents/${only.id}`)).html).not.toContain('class="view-switch"');
  });

  it('gives the cable header as fields, with sent and received times in their zones and the time in transit', async () => {
    const t = text((await get('/documents/demo-0029')).html);
    expect(t).toContain('Number 187');
    expect(t).toContain('Sent May 21, 1957, 19:30 (Europe/Moscow, UTC+03:00) as printed: 五月二十一日後七時三十分発');
    expect(t).toContain('Received May 22, 1957, 02:15 (Asia/Tokyo, UTC+09:00)');
    expect(t).toContain('In transit 45 min');
    expect(t).toContain('Precedence Most Urgent');
  });
});

describe('scans', () => {
  it('shows page images with their size and a description, and links every file for download', async () => {
    const { html } = await get('/documents/demo-0039');
    expect(html).toMatch(/<img src="\/media\/demo-0039-p1\.jpg" width="1240" height="1754" loading="eager" decoding="async" alt="Page 1 \(l\. 77\) of the original of “Record of conversation[^"]*” \(scan, 1 of 2\)"\/>/);
    expect(html).toContain('<a href="/media/demo-0039.pdf" download="">The whole record (PDF, 2 pages)</a>');
    expect(html).toContain('<script src="/assets/openseadragon.min.js?v=');
    expect(text(html)).toContain('These facsimiles were drawn by Dossier from the sample text; no real document was scanned.');
    const image = await app.request('/media/demo-0039-p1.jpg');
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const pdf = await app.request('/media/demo-0039.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('serves nothing outside the media folders', async () => {
    for (const path of ['/media/../package.json', '/media/%2e%2e/package.json', '/media/.hidden.jpg', '/media/nope.jpg', '/media/demo-0039-p1.exe']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});

describe('Cite this', () => {
  it('gives Chicago, MLA and APA with the stable URL and today’s date of access', async () => {
    const { html } = await get('/documents/demo-0029');
    const today = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date());
    for (const key of ['chicagoNote', 'chicago', 'mla', 'apa']) {
      const cite = new RegExp(`<p class="cite__text" id="cite-${key}-text">([\\s\\S]*?)</p>`).exec(html)?.[1];
      expect(cite, key).toBeDefined();
      expect(cite).toContain(`${BASE}/documents/demo-0029`);
    }
    expect(text(html)).toContain(`Accessed ${today}.`);
    expect(text(html)).toContain(`Retrieved ${today}, from ${BASE}/documents/demo-0029`);
  });

  it('downloads BibTeX, RIS and CSL-JSON as files named after the record', async () => {
    const cases = [
      ['bib', 'application/x-bibtex; charset=utf-8', /^@unpublished\{/],
      ['ris', 'application/x-research-info-systems; charset=utf-8', /^TY {2}- MANSCPT/],
      ['json', 'application/vnd.citationstyles.csl+json; charset=utf-8', /^\[/],
    ] as const;
    for (const [ext, type, start] of cases) {
      const res = await app.request(`/documents/demo-0029/cite.${ext}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="demo-0029.${ext}"`);
      const body = await res.text();
      expect(body).toMatch(start);
      expect(body).toContain(`${BASE}/documents/demo-0029`);
    }
    expect((await app.request('/documents/demo-0032/cite.bib')).status).toBe(404); // draft
    expect((await app.request('/documents/demo-0036/cite.ris')).status).toBe(410); // withdrawn
    expect((await app.request('/documents/demo-0029/cite.docx')).status).toBe(404);
  });
});

describe('metadata for reference managers and search engines', () => {
  it('has Highwire and Dublin Core tags and schema.org JSON-LD', async () => {
    const { html } = await get('/documents/demo-0039');
    expect(html).toContain('<meta name="citation_title" content="Record of conversation with First Secretary Morioka of the Japanese Embassy on detained fishing vessels"/>');
    expect(html).toContain('<meta name="citation_date" content="1957/05/21"/>');
    expect(html).toContain(`<meta name="citation_pdf_url" content="${BASE}/media/demo-0039.pdf"/>`);
    expect(html).toContain('<meta name="DC.language" content="ru"/>');
    expect(html).toMatch(/<meta name="citation_author" content="[^"]+"\/>/);
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ArchiveComponent',
      url: `${BASE}/documents/demo-0039`,
      dateCreated: '1957-05-21',
      inLanguage: ['ru'],
      holdingArchive: { '@type': 'ArchiveOrganization' },
    });
    expect(ld.associatedMedia).toHaveLength(3);
  });
});

describe('around the document', () => {
  it('leads to the previous and next documents of each of its collections, in the collection’s order', async () => {
    const collection = await get('/collections/sample-embassy-cables');
    const order = documentLinks(collection.html);
    const middle = order[1]!;
    const { html } = await get(`/documents/${middle}`);
    expect(html).toContain(`<p class="collection-nav__where">Document 2 of ${order.length} in <a href="/collections/sample-embassy-cables">`);
    expect(html).toContain(`<a href="/documents/${order[0]}" rel="prev">`);
    expect(html).toContain(`<a href="/documents/${order[2]}" rel="next">`);
  });

  it('links the people, places and subjects it names to their pages, and lists related documents', async () => {
    const { html } = await get('/documents/demo-0029');
    expect(html).toContain('<a href="/people/morioka-tadashi">Morioka Tadashi</a>');
    expect(html).toContain('<a href="/places/moscow">Moscow</a>');
    expect(html).toContain('<a href="/subjects/fisheries">Fisheries</a>');
    expect(html).toContain('id="related"');
    expect(html).toContain('href="/documents/demo-0039"'); // the Soviet record of the same conversation
  });
});
