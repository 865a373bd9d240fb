/**
 * The segments' term dictionaries, held in process: for each segment, the
 * key and count of every stored row, the bytes of its runs (the rows
 * that hold a segment's rare terms several to a row, engine/term-runs.ts)
 * and the postings of a term's own row when short (`SHORT_LIST_BYTES`).
 * With them a search knows, for any term, which row of a segment may hold
 * it: a run held here answers at once (the term's lists, or its absence),
 * another term's own row says the term is absent, a short own row gives its
 * postings, and only a long list (a common word's, kilobytes to megabytes)
 * is still read from PostgreSQL. A rare word, a word of middling frequency,
 * and the rare and absent parts of any query then cost no round trip; a
 * phrase's positions are read but for the words in runs.
 *
 * A segment's rows are written once and never change under its name (base,
 * last doc, document count, epoch: segment-postings.ts), so a dictionary is
 * read once per segment, by one COPY that checks the name in the same
 * snapshot, and stays true until the segment leaves the list. The segment
 * list each search is given (the change read after a write, or the list
 * read at the start) names the segments to hold: those not yet held are
 * read in the background, one at a time, and a search until then reads
 * their rows as before; those no longer listed are let go. Bounded by
 * bytes: a segment that would pass the bound is not held (nor read, when
 * the bytes a document of those held took say it would not fit), stays out
 * while it is listed, and its rows are read per search as before.
 * @module
 */
import { findInRow } from '../../search/engine/term-runs.js';
import { compareTerms, keyAtOrBefore } from '../../search/engine/segment.js';

/** A segment's rows as read for its dictionary, in term order; `data` for runs, and for a term's own row when short. */
export interface DictionaryRow { term: string; n: number; data: Uint8Array | null }

/** A segment as a search's list names it. */
export interface NamedSegment { base: number; last: number; docs: number; epoch: string }

/** What a held dictionary says of a term in its segment: its lists, its absence (null), or undefined when only its own row can tell. */
export type DictionaryAnswer = { n: number; postings: Uint8Array; positions: Uint8Array | undefined } | null | undefined;

/** What a key costs beyond its characters (the string's header, the array's slot, its count and offsets). */
const KEY_BYTES = 48;

/** One segment's dictionary: its row keys in term order, each row's count, and its runs' and short lists' bytes in one buffer. */
export class SegmentDictionary {
  readonly #keys: string[];
  readonly #n: Int32Array;
  /** Where each held row's bytes start and end in `#bytes`; -1 for a row not held (a long list). */
  readonly #start: Int32Array;
  readonly #end: Int32Array;
  readonly #bytes: Uint8Array;
  readonly bytes: number;

  /** `docs`: the segment's document count. */
  constructor(rows: readonly DictionaryRow[], readonly docs = 0) {
    const sorted = rows.every((r, i) => i === 0 || compareTerms(rows[i - 1]!.term, r.term) < 0) ? rows : [...rows].sort((a, b) => compareTerms(a.term, b.term));
    this.#keys = sorted.map((r) => r.term);
    this.#n = Int32Array.from(sorted, (r) => r.n);
    this.#start = new Int32Array(sorted.length);
    this.#end = new Int32Array(sorted.length);
    let total = 0;
    for (const r of sorted) if (r.data) total += r.data.byteLength;
    this.#bytes = new Uint8Array(total);
    let at = 0;
    let keyChars = 0;
    sorted.forEach((r, i) => {
      keyChars += r.term.length;
      if (r.data) {
        this.#bytes.set(r.data, at);
        this.#start[i] = at;
        this.#end[i] = at += r.data.byteLength;
      } else this.#start[i] = this.#end[i] = -1;
    });
    this.bytes = total + keyChars * 2 + sorted.length * KEY_BYTES;
  }

  /**
   * The term's lists in this segment (its positions when held: a run's), null when it has none, undefined when they
   * are in a row of its own too long to be held.
   */
  find(term: string): DictionaryAnswer {
    // The row keyed at or before the term: the greatest key not after it.
    const at = keyAtOrBefore(this.#keys, term);
    if (at < 0) return null;
    const key = this.#keys[at]!;
    const n = this.#n[at]!;
    if (n >= 0 && key !== term) return null;
    if (this.#start[at]! < 0) return undefined;
    const bytes = this.#bytes.subarray(this.#start[at], this.#end[at]);
    // A short list of a term's own row: its postings, not its positions (in a column of their own, not read). Copied
    // out, as a run's term's lists are: the engine's decoders read a list from the start of its buffer.
    if (n >= 0) return { n, postings: new Uint8Array(bytes), positions: undefined };
    const found = findInRow(key, n, bytes, EMPTY, term);
    // Copied out: the engine's decoders read a list from the start of its buffer.
    return found ? { n: found.n, postings: new Uint8Array(found.postings), positions: new Uint8Array(found.positions) } : null;
  }
}

const EMPTY = new Uint8Array(0);

/** A term's own row whose postings are at most this long is held with the dictionary (a word in up to a few thousand documents of a segment). */
export const SHORT_LIST_BYTES = 4096;

export class SegmentDictionaries {
  readonly #held = new Map<string, SegmentDictionary>();
  #bytes = 0;
  /** Segments still to read, in the order they were listed; one read runs at a time. */
  #queue: NamedSegment[] = [];
  #listed = new Set<string>();
  #reading: Promise<void> | undefined;
  /** Segments left out for the bound, not read again while they are listed; and the documents of those held. */
  #refused = new Set<string>();
  #docs = 0;

  /**
   * `read(segment)`: the segment's rows, or undefined when no segment of that name is in the index any more.
   * `limitBytes`: the most the dictionaries held may take together.
   */
  constructor(private readonly read: (segment: NamedSegment) => Promise<DictionaryRow[] | undefined>, private readonly limitBytes: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  /** How many segments' dictionaries are held. */
  get size(): number {
    return this.#held.size;
  }

  /** Takes a segment list a search reads by: lets go of the segments not in it, and starts reading those not held. */
  listed(segments: readonly NamedSegment[]): void {
    const names = new Set(segments.map(nameOf));
    this.#listed = names;
    for (const [name, dictionary] of this.#held) {
      if (names.has(name)) continue;
      this.#held.delete(name);
      this.#bytes -= dictionary.bytes;
      this.#docs -= dictionary.docs;
    }
    for (const name of this.#refused) if (!names.has(name)) this.#refused.delete(name);
    // Smallest first: a new segment's few rows are read at once, a merged one's after.
    this.#queue = segments.filter((s) => !this.#held.has(nameOf(s)) && !this.#refused.has(nameOf(s))).sort((a, b) => a.docs - b.docs);
    this.#startReading();
  }

  #startReading(): void {
    if (this.#reading || this.#queue.length === 0) return;
    // Cleared after the reads, never within them (they may all end at once, with nothing awaited); a list taken
    // in between is read next.
    this.#reading = this.#readQueued().finally(() => {
      this.#reading = undefined;
      this.#startReading();
    });
  }

  /** The dictionary of the segment so named, if held. */
  get(segment: NamedSegment): SegmentDictionary | undefined {
    return this.#held.get(nameOf(segment));
  }

  /** Resolves once every segment listed last is held, or was left out (too large, gone, or its read failed). */
  async settled(): Promise<void> {
    while (this.#reading) await this.#reading;
  }

  async #readQueued(): Promise<void> {
    for (let segment = this.#queue.shift(); segment; segment = this.#queue.shift()) {
      const name = nameOf(segment);
      if (this.#held.has(name) || !this.#listed.has(name)) continue;
      // A segment the bound cannot take by the bytes a document of those held took is not read at all (at a
      // million documents, a merged segment's dictionary is hundreds of MB).
      if (this.#docs > 0 && this.#bytes + (segment.docs * this.#bytes) / this.#docs > this.limitBytes) {
        this.#refused.add(name);
        continue;
      }
      let rows: DictionaryRow[] | undefined;
      try {
        rows = await this.read(segment);
      } catch {
        // A failed read leaves the segment's rows to be read per search, as before; the next list tries again.
        continue;
      }
      if (!rows || !this.#listed.has(name) || this.#held.has(name)) continue;
      const dictionary = new SegmentDictionary(rows, segment.docs);
      if (this.#bytes + dictionary.bytes > this.limitBytes) {
        this.#refused.add(name);
        continue;
      }
      this.#held.set(name, dictionary);
      this.#bytes += dictionary.bytes;
      this.#docs += dictionary.docs;
    }
  }
}

function nameOf(segment: NamedSegment): string {
  return `${segment.epoch}/${segment.base}/${segment.last}/${segment.docs}`;
}
