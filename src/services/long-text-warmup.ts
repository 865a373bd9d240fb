/**
 * The archive's long texts made ready for search when a server starts. A
 * search meeting a long text (30,000 characters or more) keeps what it
 * worked out from it — the plain text, which chunks hold which terms, the
 * positions of its terms (snippet.ts, chunk-index.ts, term-sequences.ts) —
 * but the first search to meet each one paid for all of it: 100–500 ms for
 * the longest FRUS text, the slowest search pages of all. This does that work
 * in the background instead, a slice at a time between requests, largest
 * texts first, until the chunk indexes' budget is full.
 *
 * Kept in memory, not in the catalog: on FRUS the 89 long texts' entries take
 * about a second of CPU to make at start, while stored they would be tens of
 * megabytes to read back and decode, and they would have to be made at import
 * or publication by every writer. An edited text is a new key (the old entry
 * ages out), so nothing is stale: the first search meeting the new text makes
 * its entry as before. Only published documents are read, so a draft's text
 * is never worked on here (nor could it show: entries are keyed by the text a
 * search already holds).
 * @module
 */
import { SNIPPET_INDEXES } from '../search/snippet.js';
import type { Archive } from './archive.js';
import { heldDocuments } from './held-documents.js';
import { plainText } from './plain-text-memo.js';
import { warmSearchTexts } from './search.js';

/** The shortest text given a chunk index; a text's characters never outnumber its record's bytes, so no smaller record holds one. */
const LONG_TEXT = SNIPPET_INDEXES.minChars;

export interface WarmOptions {
  /** Characters of text made ready at most (the chunk indexes' own budget: more would push out what was made). */
  maxChars?: number;
  /** Milliseconds of work between two pauses, in which requests are answered. */
  sliceMs?: number;
  /** Records' sizes read a page at a time. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface WarmReport {
  documents: number;
  chars: number;
  /** From start to end, pauses included. */
  ms: number;
}

export async function warmLongTexts(archive: Archive, options: WarmOptions = {}): Promise<WarmReport> {
  const started = performance.now();
  const maxChars = options.maxChars ?? SNIPPET_INDEXES.budget;
  const sliceMs = options.sliceMs ?? 5;
  let since = performance.now();
  const pause = async (): Promise<void> => {
    if (performance.now() - since < sliceMs) return;
    // setImmediate runs after the poll phase: requests that arrived meanwhile are taken first.
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    since = performance.now();
  };

  const large: { id: string; bytes: number }[] = [];
  let after: string | undefined;
  do {
    const page = await archive.backend.store.findLargeDocuments(LONG_TEXT, { after, limit: options.pageSize ?? 5_000 });
    large.push(...page.found);
    after = page.last;
    await pause();
  } while (after !== undefined);
  large.sort((a, b) => b.bytes - a.bytes || (a.id < b.id ? -1 : 1));

  let documents = 0;
  let chars = 0;
  for (const { id } of large) {
    // Read as a search reads its hits, so the record is held parsed (held-documents.ts) for the first search that meets it.
    const [doc] = await heldDocuments.published(archive.backend.store, [id]);
    if (!doc) continue;
    const long = [...doc.translations, ...doc.transcripts].map((t) => plainText(t.html).length).filter((n) => n >= LONG_TEXT);
    const size = long.reduce((a, b) => a + b, 0);
    if (size === 0 || chars + size > maxChars) continue;
    await pause();
    chars += await warmSearchTexts(doc, pause);
    documents++;
  }
  return { documents, chars, ms: performance.now() - started };
}
