/**
 * Random documents indexed the same way into several search indexes, for
 * property tests that compare one evaluation path with another: two
 * segments, then some documents rewritten one at a time (their old rows
 * stay, replaced, until a merge).
 * @module
 */
import type { IndexEntry, SearchIndex } from '../src/backends/search-index.js';
import { makeDocument } from '../src/backends/store.contract.js';
import type { DocumentInput } from '../src/domain/document.js';

/** A generated document: title and body as words, and optionally a type and a year. */
export interface RandomDoc {
  title: string[];
  body: string[];
  type?: string;
  year?: number | undefined;
}

/** An index entry for a document made from `input`, with no names or authorities. */
export const entry = (input: Partial<DocumentInput> & { id: string }): IndexEntry => ({ document: makeDocument(input), names: [], authorities: [] });

const paragraph = (words: readonly string[]) => [{ language: 'en', html: `<p>${words.join(' ')}</p>` }];

/**
 * Indexes `docs` (ids `d0`, `d1`, …) into every index as two segments split
 * at `split`, then rewrites the first `replaced` of them, each with the body
 * of another document, one write apiece.
 */
export async function indexRandomDocs(indexes: readonly SearchIndex[], docs: readonly RandomDoc[], split: number, replaced: number): Promise<void> {
  const entries = docs.map((d, i) =>
    entry({ id: `d${i}`, title: d.title.join(' ') || `Note ${i}`, ...(d.type ? { type: d.type } : {}), date: d.year ? String(d.year) : undefined, transcripts: paragraph(d.body) }),
  );
  const rewritten = entries.slice(0, replaced).map((e, i) => entry({ id: e.document.id, title: 'Rewritten', transcripts: paragraph(docs[(i * 7) % docs.length]!.body) }));
  for (const index of indexes) {
    await index.index(entries.slice(0, split));
    await index.index(entries.slice(split));
    for (const e of rewritten) await index.index([e]);
  }
}
