/**
 * Reads posting lists for query evaluation: a term's rows from every
 * segment plus the pending documents (held as one small in-memory
 * segment), decoded into typed arrays and kept for hot terms, least
 * recently used going first (bounded-map.ts). A decoded list is kept under
 * what it was decoded from — the segment list (each segment's base, last
 * doc and count) and the pending documents — and answers only while both
 * are the same. A write that adds a segment leaves the older segments'
 * part of a list good: the next search decodes only the new segment's rows
 * and the pending documents, and copies the rest (a replaced or removed
 * document stays in its segment until a merge, which changes the list; the
 * doc columns say it is no longer live). Evaluation (match.ts) asks
 * for postings synchronously; over a storage that answers with promises, a
 * read it cannot answer at once is recorded as missing (the evaluation sees
 * no postings) and fetched before the next round — see index-storage.ts.
 * @module
 */
import type { FacetPostings } from './facet-postings.js';
import type { IndexStorage, MaybePromise, PendingRow } from './index-storage.js';
import type { PostingSource } from './match.js';
import { decodeInto, PositionCursor, SegmentBuilder, type EncodedTerm, type Postings } from './segment.js';
import { decodeExactInto, isExactForm, stemOfExact, stemPart, type StemPostings } from './exact-codec.js';
import { EMPTY_POSTINGS, seek } from './match.js';
import { BLOCK, BlockList, BlockStarts, type PositionPart } from './posting-codec.js';
import type { BlockSource } from './pruned-top-k.js';
import type { SegmentList, SegmentStore } from './segment-store.js';
import { decodeDoc } from './pending-doc.js';
import { BoundedMap } from '../../domain/bounded-map.js';

/** Decoded posting lists kept for hot terms, in bytes. */
export const CACHE_BYTES = 256 * 1024 * 1024;
/** Positions kept for phrases, as a share of that (on top of it): a common word's positions are several times its postings. */
const POSITIONS_SHARE = 1 / 4;
/**
 * The largest share of the positions' budget one word's positions may take
 * and still be kept. A phrase with a very common word is the costliest to
 * read again: at a million documents *the* has 17 MB of positions (read and
 * copied on every phrase with it when it was not kept, at a quarter: 16 MB),
 * *and* 7 MB, a word in half the documents 2.3 MB. At a half, the commonest
 * word is kept and leaves room for the next ones; the budget itself is unchanged.
 */
const POSITIONS_ENTRY_SHARE = 1 / 2;
/** Stored lists kept for the pruned top k, block by block, as a share of that (on top of it): a byte or two a posting. */
const BLOCKS_SHARE = 1 / 8;
/** A list of at most this many postings is decoded whole for the pruned top k: a block or two leave nothing to skip. */
const DECODED_WHOLE = 2 * BLOCK;

type Rows = { base: number; n: number; postings: Uint8Array }[];

/** What was read over a segment list, with that list. */
interface Fetched<T> {
  value: T;
  list: SegmentList;
}

/** One search's reads: what was fetched so far, and what the last round lacked (awaited together before the next). */
export class Round {
  fetches: Promise<void>[] = [];
  /** Reads asked for and not yet answered, so a term asked for twice in a round is fetched once. */
  readonly asked = new Set<string>();
  readonly postings = new Map<string, Fetched<Rows>>();
  readonly positions = new Map<string, Fetched<{ n: number; positions: Uint8Array }[]>>();
  readonly prefixes = new Map<string, Fetched<{ term: string; df: number }[]>>();
}

/** A decoded list and what it was decoded from: the segment list's key and last base, how many postings came from segments, the pending documents. */
interface Decoded {
  postings: Postings;
  segments: string;
  lastBase: number;
  fromSegments: number;
  pending: string;
}

/** Marks a stem's postings being read in this round. */
const MISSING = Symbol('missing');

/** The part of a stem's postings with documents from `from` up to (not with) `to`: one segment's. */
function stemSlice(p: Postings, from: number, to: number): StemPostings {
  const start = seek(p.docs, 0, p.n, from);
  return stemPart(p, start, to === Infinity ? p.n : seek(p.docs, start, p.n, to));
}

export class PostingReader {
  // No one term's list of more than a quarter of the cache is kept: the commonest words would push out the rest.
  readonly #cache: BoundedMap<string, Decoded>;
  /** The key of the segment list each decoded list was decoded over: a form as typed is decoded only against a stem of the same. */
  readonly #decodedOver = new WeakMap<Postings, string>();
  /** Positions read for phrases, by term, with the segment list's key they were read under. */
  readonly #keptPositions: BoundedMap<string, { parts: PositionPart[]; segments: string }>;
  /**
   * Common terms' stored lists as the pruned top k reads them, block by block, by term, with what they were read
   * from: never decoded whole, so they are not kept with the decoded lists (a search with facets still decodes and
   * keeps a list whole, and the pruned top k then uses that).
   */
  readonly #keptBlocks: BoundedMap<string, { list: BlockList; segments: string; pending: string }>;
  /** Pending documents as one encoded in-memory segment, by term. */
  #pending = new Map<string, EncodedTerm & { base: number }>();
  /** Names the pending documents (their doc numbers: a pending row never changes). */
  #pendingKey = '';

  constructor(
    private readonly storage: IndexStorage,
    private readonly segments: SegmentStore,
    cacheLimit = CACHE_BYTES,
  ) {
    this.#cache = new BoundedMap({ maxSize: cacheLimit, maxEntrySize: cacheLimit / 4 });
    this.#keptPositions = new BoundedMap({ maxSize: cacheLimit * POSITIONS_SHARE, maxEntrySize: cacheLimit * POSITIONS_SHARE * POSITIONS_ENTRY_SHARE });
    this.#keptBlocks = new BoundedMap({ maxSize: cacheLimit * BLOCKS_SHARE, maxEntrySize: (cacheLimit * BLOCKS_SHARE) / 4 });
  }

  get cacheBytes(): number {
    return this.#cache.totalSize + this.#keptPositions.totalSize + this.#keptBlocks.totalSize;
  }

  /**
   * Takes the pending documents as they now are (every row, live or
   * replaced), after the index changed. `keepDecoded`: the index changed by
   * appending (of the same epoch, nothing rolled back), so the lists decoded
   * before are still good for what they were decoded from; else they are forgotten.
   */
  reset(rows: readonly PendingRow[], keepDecoded: boolean): void {
    if (!keepDecoded) {
      this.#cache.clear();
      this.#keptPositions.clear();
      this.#keptBlocks.clear();
    }
    this.#pending = new Map();
    this.#pendingKey = rows.map((r) => r.doc).join(',');
    if (rows.length === 0) return;
    const builder = new SegmentBuilder();
    for (const r of rows) builder.addAnalyzed(r.doc, decodeDoc(r.data));
    for (const t of builder.encode()) this.#pending.set(t.term, { ...t, base: builder.minDoc });
  }

  /** A PostingSource for one evaluation round; reads it could not answer at once land in `round.fetches`. */
  source(round: Round, facetPostings: (facet: number) => FacetPostings): PostingSource & BlockSource {
    return {
      postings: (term) => this.#postings(term, round),
      blocks: (term) => this.#blocks(term, round),
      positions: (term) => {
        const parts = this.#positions(term, round);
        // Asked for in this round's reads: the phrase is matched again in the next round, with them.
        if (!parts) return undefined;
        const pending = this.#pending.get(term);
        return new PositionCursor(pending ? [...parts, { n: pending.n, positions: pending.positions }] : parts);
      },
      // Only while reads of this round are awaited: then the postings were missing, not absent, and the positions will be
      // wanted next round unless the phrase's words share no document (a read of positions spent for nothing).
      prefetchPositions: (term) => {
        if (round.fetches.length > 0) this.#read(round, 'positions', term, (bases) => this.storage.positions(bases, term));
      },
      expandPrefix: (prefix, limit) => this.#expandPrefix(prefix, limit, round),
      facetPostings,
    };
  }

  /**
   * A read over every segment: answered from the round if fetched earlier,
   * at once if the storage answers synchronously, else recorded as missing.
   */
  #read<T>(round: Round, kind: 'postings' | 'positions' | 'prefixes', key: string, read: (bases: readonly number[]) => MaybePromise<T>): Fetched<T> | undefined {
    const fetched = round[kind] as Map<string, unknown> as Map<string, Fetched<T>>;
    const known = fetched.get(key);
    if (known !== undefined) return known;
    // Asked for earlier in this round and not answered yet (never so over a synchronous storage).
    if (round.asked.size > 0 && round.asked.has(`${kind}\u0000${key}`)) return undefined;
    const list = this.segments.list();
    if (list instanceof Promise) {
      round.asked.add(`${kind}\u0000${key}`);
      round.fetches.push(list.then(async (l) => void fetched.set(key, { value: l.bases.length === 0 ? ([] as unknown as T) : await read(l.bases), list: l })));
      return undefined;
    }
    const rows = list.bases.length === 0 ? ([] as unknown as T) : read(list.bases);
    if (rows instanceof Promise) {
      round.asked.add(`${kind}\u0000${key}`);
      round.fetches.push(rows.then((r) => void fetched.set(key, { value: r, list })));
      return undefined;
    }
    return { value: rows, list };
  }

  /**
   * A term's positions in every segment, with where their blocks begin: kept
   * (as decoded lists are, under the segment list they were read over), so
   * the next phrase with the word neither reads its blobs again nor scans
   * to its candidates' blocks (BlockStarts).
   */
  #positions(term: string, round: Round): PositionPart[] | undefined {
    const kept = this.#keptPositions.get(term);
    if (kept && kept.segments === this.segments.current()?.key) return kept.parts;
    const rows = this.#read(round, 'positions', term, (bases) => this.storage.positions(bases, term));
    if (!rows) return undefined;
    const parts = rows.value.map((r) => ({ n: r.n, positions: r.positions, starts: new BlockStarts(r.n) }));
    if (rows.list === this.segments.current()) {
      const bytes = parts.reduce((sum, p) => sum + p.positions.byteLength + p.starts.bytes + 64, 96);
      this.#keptPositions.set(term, { parts, segments: rows.list.key }, bytes);
    }
    return parts;
  }

  #postings(term: string, round: Round, again = false): Postings | undefined {
    const current = this.segments.current();
    const hit = this.#cache.get(term);
    if (hit && hit.segments === current?.key && hit.pending === this.#pendingKey) return hit.postings;
    // Kept as stored by a pruned top k (a search with facets right after one): decoded whole from that, nothing read again.
    const kept = this.#keptBlocks.peek(term);
    if (current && kept && kept.segments === current.key && kept.pending === this.#pendingKey) {
      const postings = kept.list.decodeWhole();
      this.#decodedOver.set(postings, current.key);
      const fromSegments = postings.n - (this.#pending.get(term)?.n ?? 0);
      const lastBase = current.bases[current.bases.length - 1] ?? 0;
      if (this.#cache.set(term, { postings, segments: current.key, lastBase, fromSegments, pending: this.#pendingKey }, postings.n * 6 + 96)) this.#keptBlocks.delete(term);
      return postings;
    }
    // A form as typed is read against its stem's postings: both are asked for in the same round.
    const stem = isExactForm(term) ? this.#stemOf(term, round) : undefined;
    const stored = this.#read<Rows>(round, 'postings', term, (bases) => this.storage.postings(bases, term));
    // Not answered yet: the evaluation goes on without it, and the next round has it.
    if (!stored || stem === MISSING) return undefined;
    if (stem && stem.n > 0 && !again && this.#decodedOver.get(stem) !== stored.list.key) {
      // A write between the stem's read and the form's (over an asynchronous storage they are separate statements): the
      // form's ranks count its stem's postings over the same segments, so both are read again over the list now current
      // (at once over a synchronous storage; in the next round over an asynchronous one).
      for (const t of [term, stemOfExact(term)]) {
        round.postings.delete(t);
        round.asked.delete(`postings\u0000${t}`);
        this.#cache.delete(t);
      }
      return this.#postings(term, round, true);
    }
    return this.#decode(term, stored.value, stored.list, hit, stem);
  }

  /** The postings of a form as typed's stem, none when no document has it, or MISSING while they are being read. */
  #stemOf(term: string, round: Round): Postings | typeof MISSING {
    const stem = stemOfExact(term);
    const p = this.#postings(stem, round);
    if (p) return p;
    return round.asked.has(`postings\u0000${stem}`) && !round.postings.has(stem) ? MISSING : EMPTY_POSTINGS;
  }

  /**
   * A term's postings for the pruned top k: its decoded list when one is kept, else its stored lists (and the
   * pending documents') block by block, kept as they are; a list too short to skip in is decoded (and kept) whole.
   */
  #blocks(term: string, round: Round): Postings | BlockList | undefined {
    // A form as typed is read against its stem's list, never block by block.
    if (isExactForm(term)) return this.#postings(term, round);
    const segments = this.segments.current()?.key;
    const hit = this.#cache.get(term);
    if (hit && hit.segments === segments && hit.pending === this.#pendingKey) return hit.postings;
    const kept = this.#keptBlocks.get(term);
    if (kept && kept.segments === segments && kept.pending === this.#pendingKey) return kept.list;
    const stored = this.#read<Rows>(round, 'postings', term, (bases) => this.storage.postings(bases, term));
    if (!stored) return undefined;
    const pending = this.#pending.get(term);
    const n = stored.value.reduce((sum, r) => sum + r.n, 0) + (pending?.n ?? 0);
    if (n <= DECODED_WHOLE) return this.#decode(term, stored.value, stored.list, hit);
    const list = new BlockList(pending ? [...stored.value, { base: pending.base, postings: pending.postings }] : stored.value);
    if (stored.list === this.segments.current()) this.#keptBlocks.set(term, { list, segments: stored.list.key, pending: this.#pendingKey }, list.bytes);
    return list;
  }

  /**
   * Decodes a term's rows read over `list`, plus its pending postings. When
   * `list` is still the segments' current one, the result is kept under it,
   * and a list kept before over a prefix of it (only segments added since)
   * gives its segments' part as it is: only the newer rows are decoded.
   */
  #decode(term: string, stored: Rows, list: SegmentList, before: Decoded | undefined, stem?: Postings): Postings | undefined {
    const current = list === this.segments.current();
    const carried = current && before && (list.key === before.segments || list.key.startsWith(`${before.segments} `)) ? before : undefined;
    const rows = carried ? stored.filter((r) => r.base > carried.lastBase) : stored;
    // Pending documents come after every segment.
    const pending = this.#pending.get(term);
    const from = carried?.fromSegments ?? 0;
    const n = from + rows.reduce((s, r) => s + r.n, 0) + (pending?.n ?? 0);
    if (n === 0) return undefined;
    const postings: Postings = { docs: new Int32Array(n), wtf: new Uint8Array(n), masks: new Uint8Array(n), n };
    if (carried) {
      const p = carried.postings;
      postings.docs.set(p.docs.subarray(0, from));
      postings.wtf.set(p.wtf.subarray(0, from));
      postings.masks.set(p.masks.subarray(0, from));
    }
    let at = from;
    if (stem) {
      // Each segment's list against the stem's postings of that segment (its documents from its base to the next's).
      const bases = list.bases;
      for (const r of rows) {
        const k = bases.indexOf(r.base);
        const next = k + 1 < bases.length ? bases[k + 1]! : (pending?.base ?? Infinity);
        at = decodeExactInto(r.postings, r.base, stemSlice(stem, r.base, next), postings, at);
      }
    } else for (const r of rows) at = decodeInto(r.postings, r.base, postings, at);
    const fromSegments = at;
    if (pending && stem) decodeExactInto(pending.postings, pending.base, stemSlice(stem, pending.base, Infinity), postings, at);
    else if (pending) decodeInto(pending.postings, pending.base, postings, at);
    this.#decodedOver.set(postings, list.key);
    if (current) this.#cache.set(term, { postings, segments: list.key, lastBase: list.bases[list.bases.length - 1] ?? 0, fromSegments, pending: this.#pendingKey }, n * 6 + 96);
    return postings;
  }

  #expandPrefix(prefix: string, limit: number, round: Round): { terms: string[]; truncated: boolean } {
    const upper = `${prefix}\uffff`;
    const rows = this.#read(round, 'prefixes', `${limit}\u0000${prefix}`, (bases) => this.storage.termsInRange(bases, prefix, upper, limit + 1));
    if (!rows) return { terms: [], truncated: false };
    const df = new Map(rows.value.map((r) => [r.term, r.df]));
    for (const [term, p] of this.#pending) if (term >= prefix && term < upper) df.set(term, (df.get(term) ?? 0) + p.n);
    const terms = [...df].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    return { terms: terms.slice(0, limit), truncated: terms.length > limit };
  }
}
