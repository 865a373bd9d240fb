import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { makeDocument } from '../backends/store.contract.js';
import type { Store } from '../backends/store.js';
import type { Archive } from './archive.js';
import { HeldDocuments } from './held-documents.js';
import { runSearch, searchParamsSchema } from './search.js';

/** A Store that counts the records it reads (`getHashedDocuments`), the only reads of whole records here. */
function counting(store: Store): { store: Store; read: string[] } {
  const read: string[] = [];
  const getHashedDocuments: Store['getHashedDocuments'] = async (ids) => {
    read.push(...ids);
    return store.getHashedDocuments(ids);
  };
  const wrapped = new Proxy(store, {
    get: (target, key) => {
      if (key === 'getHashedDocuments') return getHashedDocuments;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: wrapped, read };
}

let archive: Archive;
const text = (words: string) => [{ language: 'en', html: `<p>${words}</p>`, translators: [] }];

beforeAll(async () => {
  archive = await openTestArchive();
  await archive.backend.store.putDocuments(
    [
      makeDocument({ id: 'a', title: 'Cable on cotton', translations: text('The consul wrote of cotton.') }),
      makeDocument({ id: 'b', title: 'Cable on silver', translations: text('The consul wrote of silver.') }),
      makeDocument({ id: 'secret', status: 'draft', title: 'Draft on cotton', translations: text('A draft about cotton.') }),
    ],
    { actor: 'test' },
  );
  await archive.reindex();
});
afterAll(() => archive.close());

describe('documents held for search results', () => {
  it('reads a record once, then holds it while its content hash stays the same', async () => {
    const held = new HeldDocuments();
    const { store, read } = counting(archive.backend.store);
    expect((await held.published(store, ['a', 'b'])).map((d) => d.id)).toEqual(['a', 'b']);
    expect(read).toEqual(['a', 'b']);
    const again = await held.published(store, ['b', 'a', 'missing']);
    expect(again.map((d) => d.id)).toEqual(['b', 'a']);
    expect(read).toEqual(['a', 'b']);
    expect(held.size.count).toBe(2);
  });

  it('never returns a draft, nor a document made a draft after it was held', async () => {
    const held = new HeldDocuments();
    expect((await held.published(archive.backend.store, ['a', 'secret'])).map((d) => d.id)).toEqual(['a']);
    const a = (await archive.backend.store.getDocument('a'))!;
    await archive.backend.store.putDocument({ ...a, status: 'draft' }, { actor: 'test' });
    expect(await held.published(archive.backend.store, ['a'])).toEqual([]);
    await archive.backend.store.putDocument({ ...a, status: 'published' }, { actor: 'test' });
    expect((await held.published(archive.backend.store, ['a'])).map((d) => d.id)).toEqual(['a']);
  });

  it('reads an edited record again, in the next call', async () => {
    const held = new HeldDocuments();
    const { store, read } = counting(archive.backend.store);
    expect((await held.published(store, ['b']))[0]!.title).toBe('Cable on silver');
    const b = (await archive.backend.store.getDocument('b'))!;
    await archive.backend.store.putDocument({ ...b, title: 'Cable on silver and gold' }, { actor: 'test' });
    expect((await held.published(store, ['b']))[0]!.title).toBe('Cable on silver and gold');
    expect(read).toEqual(['b', 'b']);
  });

  it('counts what it holds by the records\' characters, and does not hold a record over a quarter of its budget', async () => {
    const sizes = await archive.backend.store.getHashedDocuments(['a', 'b']);
    const held = new HeldDocuments(1_000_000);
    await held.published(archive.backend.store, ['a', 'b']);
    expect(held.size.chars).toBe(sizes.get('a')!.size + sizes.get('b')!.size);
    const small = new HeldDocuments(sizes.get('a')!.size * 2);
    const { store, read } = counting(archive.backend.store);
    await small.published(store, ['a']);
    await small.published(store, ['a']);
    expect(read).toEqual(['a', 'a']);
    expect(small.size.count).toBe(0);
  });

  it("gives a search page the documents' current text", async () => {
    await archive.reindex();
    expect((await runSearch(archive, searchParamsSchema.parse({ q: 'gold' }))).hits.map((h) => h.title)).toEqual(['Cable on silver and gold']);
    const b = (await archive.backend.store.getDocument('b'))!;
    await archive.backend.store.putDocument({ ...b, translations: text('The consul wrote of gold and copper.') }, { actor: 'test' });
    await archive.reindex();
    const page = await runSearch(archive, searchParamsSchema.parse({ q: 'copper' }));
    expect(page.hits[0]!.snippets.map((s) => s.html).join(' ')).toContain('<mark>copper</mark>');
    // The draft's words find nothing it holds.
    expect((await runSearch(archive, searchParamsSchema.parse({ q: 'draft' }))).hits).toEqual([]);
  });
});
