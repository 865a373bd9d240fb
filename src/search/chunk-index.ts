/**
 * Which chunks of a long text hold which terms, so that cutting snippets
 * from it analyzes only the chunks where the query's words are. Snippets are
 * cut by analyzing a hit's text until enough passages are found; a word that
 * occurs once or twice, or only in the title, means analyzing the whole text.
 * Most texts are short, but a few are not — one FRUS "document" is a
 * volume's 1.4-million-character appendix, and it is a hit for almost any
 * word: scanning it was 50–100 ms of a search page, the slowest search pages
 * of all. Such a text is analyzed once, chunk by chunk, as the snippets cut
 * it; later searches analyze only the chunks holding one of their terms,
 * which gives the same passages, since the other chunks mark nothing.
 *
 * Kept per text (the text itself is the key, so an edited text is a new
 * entry and nothing is stale), for texts of at least `minChars`, bounded by
 * the characters of the texts indexed, least recently used going first. A
 * server builds the archive's longest texts' indexes when it starts
 * (`warm`, services/long-text-warmup.ts), a few chunks at a time between
 * requests, so that no visitor's search pays for the first one.
 * @module
 */
import { TextMemo } from '../domain/text-memo.js';
import { TermLists } from './term-lists.js';

export interface ChunkIndex {
  /** The chunks, in order, that hold any of `terms`. */
  chunksWith(terms: ReadonlySet<string>): Iterable<[from: number, to: number]>;
}

export interface ChunkIndexOptions {
  /** Shorter texts are not indexed (scanning them is cheap). */
  minChars?: number;
  /** Characters of text whose index is kept. */
  maxChars?: number;
}

class TermChunks implements ChunkIndex {
  constructor(
    private readonly bounds: Int32Array,
    private readonly chunks: TermLists,
  ) {}

  *chunksWith(terms: ReadonlySet<string>): Iterable<[number, number]> {
    const ids = new Set<number>();
    for (const term of terms) for (const id of this.chunks.get(term) ?? []) ids.add(id);
    for (const id of [...ids].sort((a, b) => a - b)) yield [this.bounds[2 * id]!, this.bounds[2 * id + 1]!];
  }
}

export class ChunkIndexes {
  readonly #held: TextMemo<ChunkIndex>;
  readonly #options: Required<ChunkIndexOptions>;

  constructor(
    /** How the text is cut, exactly as the snippets cut it. */
    private readonly cut: (text: string) => Iterable<[number, number]>,
    /** The terms of one chunk, exactly as the snippets analyze it. */
    private readonly termsOf: (chunk: string) => string[],
    options: ChunkIndexOptions = {},
  ) {
    this.#options = { minChars: 30_000, maxChars: 8 * 1024 * 1024, ...options };
    this.#held = new TextMemo(this.#options.maxChars);
  }

  /** Characters of text whose indexes are kept. */
  get budget(): number {
    return this.#options.maxChars;
  }

  /** The shortest text given an index. */
  get minChars(): number {
    return this.#options.minChars;
  }

  /** Whether `text` gets an index: long enough to be worth one, not larger than the whole budget. */
  indexes(text: string): boolean {
    return text.length >= this.#options.minChars && text.length <= this.#options.maxChars;
  }

  /** The index of `text`, built on first demand; undefined for a short text or one larger than the whole budget. */
  of(text: string): ChunkIndex | undefined {
    if (!this.indexes(text)) return undefined;
    const held = this.#held.get(text);
    if (held) return held;
    const steps = this.#build(text);
    let step = steps.next();
    while (!step.done) step = steps.next();
    this.#held.set(text, step.value);
    return step.value;
  }

  /**
   * Builds and keeps the index of `text` ahead of its first search, awaiting
   * `pause()` after each chunk (the caller decides when to let other work
   * run). The same index `of` builds; false when the text gets none.
   */
  async warm(text: string, pause: () => Promise<void> | void): Promise<boolean> {
    if (!this.indexes(text)) return false;
    if (this.#held.get(text)) return true;
    const steps = this.#build(text);
    let step = steps.next();
    while (!step.done) {
      await pause();
      step = steps.next();
    }
    this.#held.set(text, step.value);
    return true;
  }

  /** Analyzes one chunk per step; the index is its return value. */
  *#build(text: string): Generator<void, ChunkIndex> {
    const bounds: number[] = [];
    const chunks = new Map<string, number[]>();
    for (const [from, to] of this.cut(text)) {
      const id = bounds.length / 2;
      bounds.push(from, to);
      for (const term of new Set(this.termsOf(text.slice(from, to)))) {
        const ids = chunks.get(term);
        if (ids) ids.push(id);
        else chunks.set(term, [id]);
      }
      yield;
    }
    return new TermChunks(Int32Array.from(bounds), TermLists.pack(chunks));
  }
}
