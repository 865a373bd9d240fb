/**
 * Whether a text holds a sequence of terms (a name, as the analyzer gives
 * it), for "which name did this hit use" on the search page. That question
 * analyzed each hit's whole text on every search that expanded a name: for
 * the longest FRUS text (1.4 million characters), 150–300 ms of one search
 * page, every time it was a hit, which for a name it often is. A long text is
 * now analyzed once into the positions of its terms, kept, and asked from
 * memory; a short one is analyzed on each call, as before (cheap, and keeping
 * every text would cost more memory than it saves time).
 *
 * The positions come from the same analysis of the same whole text, so the
 * answer is the one a scan of its terms gives. Kept per text (the text is the
 * key: an edited text is a new entry, nothing is stale), bounded by the
 * characters of the texts held, least recently used going first.
 * @module
 */
import { TextMemo } from '../domain/text-memo.js';
import { analyze, analyzeWith } from './analyzer.js';
import { TermLists } from './term-lists.js';

/** The main sequence of terms of a text (extra forms left out), as a phrase is matched. */
export function mainTerms(text: string): string[] {
  return analyze(text)
    .filter((t) => t.extra === undefined)
    .map((t) => t.term);
}

/** Whether `needle` occurs, term after term, in `haystack`. */
export function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export interface TermSequencesOptions {
  /** Shorter texts are analyzed on each call. */
  minChars?: number;
  /** Characters of text whose positions are kept. */
  maxChars?: number;
}

export class TermSequences {
  readonly #held: TextMemo<TermLists>;
  readonly #options: Required<TermSequencesOptions>;

  constructor(options: TermSequencesOptions = {}) {
    this.#options = { minChars: 30_000, maxChars: 8 * 1024 * 1024, ...options };
    this.#held = new TextMemo(this.#options.maxChars);
  }

  /** Works out and keeps the positions of a long text's terms ahead of its first search; false for a text not kept. */
  warm(text: string): boolean {
    if (text.length < this.#options.minChars || text.length > this.#options.maxChars) return false;
    this.#positions(text);
    return true;
  }

  /** A view of `text` that answers, for each needle, whether the text holds it. */
  of(text: string): (needle: readonly string[]) => boolean {
    if (text.length < this.#options.minChars || text.length > this.#options.maxChars) {
      let terms: string[] | undefined;
      return (needle) => containsSequence((terms ??= mainTerms(text)), needle);
    }
    const positions = this.#positions(text);
    return (needle) => {
      if (needle.length === 0) return false;
      const firsts = positions.get(needle[0]!);
      if (!firsts) return false;
      const rest = needle.slice(1).map((term) => positions.get(term));
      if (rest.some((p) => p === undefined)) return false;
      return firsts.some((p) => rest.every((at, j) => includesSorted(at!, p + j + 1)));
    };
  }

  #positions(text: string): TermLists {
    const held = this.#held.get(text);
    if (held) return held;
    // mainTerms's sequence, straight from the analyzer: no token objects for a text of a million characters.
    const lists = new Map<string, number[]>();
    let i = 0;
    analyzeWith(text, 0, (term, _start, _end, _position, extra) => {
      if (extra !== undefined) return;
      const list = lists.get(term);
      if (list) list.push(i);
      else lists.set(term, [i]);
      i++;
    }, false);
    const positions = TermLists.pack(lists);
    this.#held.set(text, positions);
    return positions;
  }
}

/** Binary search in ascending positions. */
function includesSorted(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
