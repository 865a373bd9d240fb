import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { makeDocument } from '../backends/store.contract.js';
import { htmlToText } from '../domain/rich-text.js';
import type { Archive } from './archive.js';
import { plainText } from './plain-text-memo.js';
import { runSearch, searchParamsSchema } from './search.js';

vi.mock('../domain/rich-text.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../domain/rich-text.js')>();
  return { ...original, htmlToText: vi.fn(original.htmlToText) };
});

const HTML = '<p>The consul wrote of <em>cotton</em> and of the harbour dues.</p>';
let archive: Archive;

beforeAll(async () => {
  archive = await openTestArchive();
  await archive.backend.store.putDocuments([makeDocument({ id: 'a', translations: [{ language: 'en', html: HTML, translators: [] }] })], { actor: 'test' });
  await archive.reindex();
});
afterAll(() => archive.close());

const parsesOf = (html: string) => vi.mocked(htmlToText).mock.calls.filter(([h]) => h === html).length;

describe("a search hit's plain text", () => {
  it('is parsed once while its document is held, even after the plain-text memo has let it go', async () => {
    const search = async () => (await runSearch(archive, searchParamsSchema.parse({ q: 'cotton' }))).hits[0]!.snippets.map((s) => s.html);
    const before = parsesOf(HTML); // the index parsed it too
    const first = await search();
    expect(first.join(' ')).toContain('<mark>cotton</mark>');
    expect(parsesOf(HTML)).toBe(before + 1);
    // Other texts, more than the memo holds (16 M characters of HTML and text), push this one out of it.
    for (let i = 0; i < 12; i++) plainText(`<p>${`filler ${i} `.repeat(150_000)}</p>`);
    expect(await search()).toEqual(first);
    expect(parsesOf(HTML)).toBe(before + 1);
  });
});
