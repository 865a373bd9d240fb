import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { makeDocument } from '../backends/store.contract.js';
import { makeSnippets, matchTerms } from '../search/snippet.js';
import { parseQuery } from '../search/query-parser.js';
import type { Archive } from './archive.js';
import { warmLongTexts } from './long-text-warmup.js';
import { plainText } from './plain-text-memo.js';
import { runSearch, searchParamsSchema } from './search.js';

const VOCABULARY = ['consul', 'minister', 'cotton', 'railway', 'treaty', 'harbor', 'customs', 'silver', 'mission', 'embassy', 'loan', 'telegram'];
/** About `chars` characters of paragraphs; `rare` once, near the end. */
function longHtml(chars: number, rare: string): string {
  const paragraphs: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const p = `<p>Paragraph ${i}: the ${VOCABULARY[i % 12]} wrote of the ${VOCABULARY[(i * 7) % 12]} and the ${VOCABULARY[(i * 5 + 3) % 12]}${i === Math.floor(chars / 80) ? ` and of ${rare}` : ''}.</p>`;
    paragraphs.push(p);
    n += p.length;
  }
  return paragraphs.join('');
}

let archive: Archive;
const html = { big: longHtml(90_000, 'zanzibar'), long: longHtml(40_000, 'quixotic'), draft: longHtml(60_000, 'clandestine') };
const chars = (h: string) => plainText(h).length;

beforeAll(async () => {
  archive = await openTestArchive();
  await archive.backend.store.putDocuments(
    [
      makeDocument({ id: 'big', translations: [{ language: 'en', html: html.big }] }),
      makeDocument({ id: 'long', translations: [{ language: 'en', html: html.long }] }),
      makeDocument({ id: 'draft', status: 'draft', translations: [{ language: 'en', html: html.draft }] }),
      makeDocument({ id: 'short', translations: [{ language: 'en', html: '<p>A short cable about cotton and zanzibar.</p>' }] }),
    ],
    { actor: 'test' },
  );
  await archive.reindex();
});
afterAll(() => archive.close());

describe('long texts made ready for search at start', () => {
  it('works on the published long texts, largest first within the budget, between other work', async () => {
    // Within a budget for the largest only, the next is left out.
    expect(await warmLongTexts(archive, { maxChars: chars(html.big) + 1000 })).toMatchObject({ documents: 1, chars: chars(html.big) });

    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const report = await warmLongTexts(archive, { sliceMs: 1, pageSize: 2 }).finally(() => clearInterval(ticker));
    // The draft is not read, the short text gets no index.
    expect(report).toMatchObject({ documents: 2, chars: chars(html.big) + chars(html.long) });
    // Timers ran while it worked: it pauses for the event loop.
    expect(turns).toBeGreaterThan(0);
  });

  it('gives a search the same passages as a scan of the whole text', async () => {
    await warmLongTexts(archive);
    for (const [word, text] of [['zanzibar', html.big], ['quixotic', html.long], ['cotton', html.big]] as const) {
      const page = await runSearch(archive, searchParamsSchema.parse({ q: word }));
      const hit = page.hits.find((h) => h.id === (text === html.big ? 'big' : 'long'));
      expect(hit, word).toBeDefined();
      const scanned = makeSnippets(plainText(text), matchTerms(parseQuery(word).root), { max: hit!.snippets.length, chunkIndex: false });
      expect(scanned.length, word).toBeGreaterThan(0);
      expect(hit!.snippets.map((s) => s.html), word).toEqual(scanned);
    }
    expect((await runSearch(archive, searchParamsSchema.parse({ q: 'clandestine' }))).hits).toEqual([]);
  });

  it('stops when asked to', async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(warmLongTexts(archive, { signal: stop.signal, sliceMs: 0 })).rejects.toThrow();
  });
});
