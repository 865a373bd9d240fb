/**
 * Keyword-in-context snippets: short passages of a document around the words
 * a query matched, with those words marked. Matching uses the same analyzer
 * as the index, so what is highlighted is what was found: folded forms,
 * stems ("treaties" marks "treaty"), CJK bigrams in either script, and the
 * name variants the query was expanded to.
 * @module
 */
import { escapeHtml } from '../domain/rich-text.js';
import { analyze, analyzeWith, EXACT, isCjkTerm, NOT_ASCII_WORD, type TokenSink } from './analyzer.js';
import { ChunkIndexes } from './chunk-index.js';
import type { QueryNode } from './query.js';

export interface SnippetOptions {
  /** Most passages returned. */
  max?: number;
  /** Characters of context on each side of the first match in a passage. */
  context?: number;
  /** Analyze only the chunks of a long text that hold a term of the query (the default); false analyzes every chunk, the reference the tests compare with. */
  chunkIndex?: boolean;
  /** Stop analyzing once enough passages are found (the default); false finds every match of the text first, the reference the tests compare with. */
  stopEarly?: boolean;
  /** Analyze only the words around where the query's terms can be in a chunk of ASCII words (the default); false analyzes every piece. */
  locate?: boolean;
}

export interface MatchTerms {
  terms: ReadonlySet<string>;
  prefixes: ReadonlySet<string>;
}

/** Passages of `text` around matches, as HTML with `<mark>`; empty when nothing matches. */
export function makeSnippets(text: string, match: MatchTerms, options: SnippetOptions = {}): string[] {
  const max = options.max ?? 3;
  const context = options.context ?? 90;
  const stopEarly = options.stopEarly !== false;
  const ranges = matchRanges(text, match, stopEarly ? max : Infinity, context, options.chunkIndex ?? true, stopEarly && options.locate !== false);
  const snippets: string[] = [];
  let coveredUntil = -1;
  for (const range of ranges) {
    if (snippets.length >= max) break;
    if (range.start < coveredUntil) continue;
    const start = wordBoundary(text, Math.max(0, range.start - context), -1);
    const end = wordBoundary(text, Math.min(text.length, range.end + context * 1.5), 1);
    const inside = ranges.filter((r) => r.start >= start && r.end <= end);
    snippets.push(render(text, start, end, inside));
    coveredUntil = end;
  }
  return snippets;
}

/** The opening of a text, for hits that matched only in metadata. */
export function leadSnippet(text: string, length = 220): string {
  if (text.length <= length) return escapeHtml(text);
  return `${escapeHtml(text.slice(0, wordBoundary(text, length, -1)).trimEnd())} …`;
}

/** Text is analyzed a chunk at a time, and no further once enough passages are found: a long document costs no more than its first matches. */
const CHUNK = 1500;
/**
 * Within a chunk, text is analyzed a piece of about this many characters at
 * a time, each cut at a space or line break (where no token can span), so
 * that a chunk is left as soon as enough passages are found.
 */
const PIECE = 256;

interface Range {
  start: number;
  end: number;
}

/**
 * Where the query's terms are in `text`, merged where they touch, up to the
 * first range of the passage after the `max`-th, a passage beginning at the
 * first range further than a snippet reaches past the last passage's first
 * range. No range after that can fall inside the first `max` snippets, each
 * of which ends at most `context` · 1.5 plus 19 characters past its first
 * range (and starts no later than the passage of the same rank), so the
 * snippets are those cut from every range of the text.
 */
function matchRanges(text: string, match: MatchTerms, max: number, context: number, useIndex: boolean, locate: boolean): Range[] {
  const ranges: Range[] = [];
  const terms = match.terms;
  const prefixes = [...match.prefixes];
  // The passages begun so far and the first range of the last one (the one a new range may merge into is always the last).
  let passagesBegun = 0;
  let passageStart: Range | undefined;
  const reach = Math.max(context * 2, context * 1.5 + 20);
  let offset = 0;
  const sink: TokenSink = (term, start, end, _position, _extra, surface) => {
    if (!terms.has(term) && (prefixes.length === 0 || !startsWithAny(surface ?? term, prefixes))) return;
    start += offset;
    end += offset;
    const last = ranges[ranges.length - 1];
    // Overlapping bigrams and the parts of a hyphenated name merge into one mark.
    if (last && start <= last.end) {
      last.end = Math.max(last.end, end);
      return;
    }
    const range = { start, end };
    ranges.push(range);
    if (passageStart === undefined || start >= passageStart.end + reach) {
      passagesBegun++;
      passageStart = range;
    }
  };
  // A long text keeps which chunks hold which terms (chunk-index.ts): only the chunks holding a term of the query are analyzed.
  const index = prefixes.length === 0 && useIndex ? indexes.of(text) : undefined;
  const chunks = index ? index.chunksWith(terms) : allChunks(text);
  const openings = locate ? openingsOf(match) : undefined;
  const ascii = openings === undefined ? undefined : new AsciiWords(text);
  // The first opening at or after where the last search began (null: none to the text's end).
  let found: RegExpExecArray | null | undefined;
  for (const [from, to] of chunks) {
    // A chunk of ASCII words: only the words around where a term can begin are analyzed (see `openingsOf`).
    if (openings !== undefined && ascii!.within(from, to) && (from === 0 || isCut(text.charCodeAt(from)) || isCut(text.charCodeAt(from - 1)))) {
      let analyzedTo = from;
      for (;;) {
        if (openings === null) break;
        if (found === undefined || (found !== null && found.index < analyzedTo)) {
          openings.lastIndex = analyzedTo;
          found = openings.exec(text);
        }
        if (found === null || found.index >= to) break;
        // From the space or line break before the opening to the one after it: no token spans either (see `pieceEnd`).
        let start = found.index;
        while (start > analyzedTo && !isCut(text.charCodeAt(start - 1))) start--;
        let end = Math.min(to, found.index + found[0].length);
        while (end < to && !isCut(text.charCodeAt(end))) end++;
        offset = start;
        analyzeWith(text.slice(start, end), 0, sink, true);
        analyzedTo = end;
        if (passagesBegun > max) return ranges;
      }
      continue;
    }
    for (let at = from; at < to; ) {
      const until = pieceEnd(text, at, to);
      offset = at;
      analyzeWith(text.slice(at, until), 0, sink, true);
      at = until;
      if (passagesBegun > max) return ranges;
    }
  }
  return ranges;
}

/** A space or line break: no token spans one. */
function isCut(c: number): boolean {
  return c === 0x20 || c === 0x0a;
}

/** Whether ranges of a text hold only ASCII words (no character {@link NOT_ASCII_WORD} finds), asked in increasing order: the text is searched once. */
class AsciiWords {
  static readonly #other = new RegExp(NOT_ASCII_WORD.source, 'gu');
  /** The first such character at or after `#searchedFrom` (the text's length: none). */
  #next = -1;
  #searchedFrom = 0;

  constructor(private readonly text: string) {}

  within(from: number, to: number): boolean {
    if (this.#next < from || from < this.#searchedFrom) {
      AsciiWords.#other.lastIndex = this.#searchedFrom = from;
      this.#next = AsciiWords.#other.exec(this.text)?.index ?? this.text.length;
    }
    return this.#next >= to;
  }
}

/**
 * Where the query's terms can begin in a text of ASCII words, as one expression (case aside), found only at the start
 * of a word: null when none can be there, undefined when this cannot be told (a term or prefix of two letters or fewer).
 *
 * In such a text a word's term is its lower case stemmed (english-stemmer.ts), or its lower case as it is when it
 * holds a digit; its unstemmed form is {@link EXACT} and its lower case; a hyphenated compound's ("En-lai") is the
 * stem of its parts' lower cases put together; no other term is made. A stem keeps all of the word's letters but
 * some at its end and puts at most one other there ("y" → "i", "-ing" → "e"; step 2's "biliti" → "ble" puts two,
 * but step 5 then takes the "e" off, "bl" after a measure of one or more being no `*o`): english-stemmer.test.ts
 * checks it on generated words and the corpora's. So a word or compound whose term is T opens with T less its last
 * letter, and one that a prefix P finds (the word as written, or the compound's stem) opens with P less its last. Hence: each
 * term's and prefix's opening, with a hyphen or apostrophe allowed between any two letters (a compound), after no
 * letter or digit. A term that is not made of ASCII letters and digits is no word's here.
 */
function openingsOf(match: MatchTerms): RegExp | null | undefined {
  let held = openingsHeld.get(match);
  if (held === undefined) openingsHeld.set(match, (held = { re: makeOpenings(match) }));
  return held.re;
}

const openingsHeld = new WeakMap<MatchTerms, { re: RegExp | null | undefined }>();

function makeOpenings(match: MatchTerms): RegExp | null | undefined {
  const openings = new Set<string>();
  for (const term of match.terms) {
    const word = term.startsWith(EXACT) ? term.slice(1) : term;
    if (!/^[a-z0-9]+$/.test(word)) continue;
    openings.add(term !== word || /[0-9]/.test(word) ? word : word.slice(0, Math.max(1, word.length - 1)));
  }
  for (const prefix of match.prefixes) {
    if (prefix === '') return undefined;
    if (/^[a-z0-9]+$/.test(prefix)) openings.add(prefix.slice(0, Math.max(1, prefix.length - 1)));
  }
  if (openings.size === 0) return null;
  // One that opens with another is found where the other is.
  const kept = [...openings].filter((o) => ![...openings].some((p) => p !== o && o.startsWith(p)));
  if (kept.some((o) => o.length < 2)) return undefined;
  const joiner = "[-'\\u2010\\u2019]?";
  return new RegExp(`(?<![A-Za-z0-9])(?:${kept.map((o) => [...o].join(joiner)).join('|')})`, 'gi');
}

function startsWithAny(word: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (word.startsWith(p)) return true;
  return false;
}

/** The end of the piece of `text[from, to)` that starts at `from`: after a space or line break near `PIECE` characters on, else `to`. */
function pieceEnd(text: string, from: number, to: number): number {
  if (to - from <= PIECE * 1.5) return to;
  for (let i = from + PIECE; i < to && i < from + PIECE * 2; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a) return i + 1;
  }
  return to;
}

/** Where each chunk of `text` ends, as matchRanges cuts it: at a line break in its second half, else at a space. */
function chunkEnd(text: string, from: number): number {
  let to = Math.min(text.length, from + CHUNK);
  if (to < text.length) {
    const space = text.lastIndexOf('\n', to) > from + CHUNK / 2 ? text.lastIndexOf('\n', to) : text.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  return to;
}

const indexes = new ChunkIndexes(allChunks, (chunk) => {
  // The terms `analyze(chunk, 0, { transliterate: true })` gives, without its token objects.
  const terms: string[] = [];
  analyzeWith(chunk, 0, (term) => void terms.push(term), true);
  return terms;
});

/** Builds and keeps a long text's chunk index before a search needs it (chunk-index.ts `warm`); false for a text that gets none. */
export function warmSnippets(text: string, pause: () => Promise<void> | void): Promise<boolean> {
  return indexes.warm(text, pause);
}

/** Which texts get a chunk index (at least `minChars` long) and how many characters of them are kept: what a warm-up may fill. */
export const SNIPPET_INDEXES = { minChars: indexes.minChars, budget: indexes.budget };

function* allChunks(text: string): Generator<[number, number]> {
  for (let from = 0; from < text.length; ) {
    const to = chunkEnd(text, from);
    yield [from, to];
    from = to;
  }
}

function render(text: string, start: number, end: number, marks: { start: number; end: number }[]): string {
  let html = start > 0 ? '… ' : '';
  let at = start;
  for (const m of marks) {
    html += escapeHtml(text.slice(at, m.start)) + `<mark>${escapeHtml(text.slice(m.start, m.end))}</mark>`;
    at = m.end;
  }
  html += escapeHtml(text.slice(at, end));
  if (end < text.length) html += ' …';
  return html.replace(/\s+/g, ' ');
}

/** Moves `i` to the nearest whitespace in `direction`, within 20 characters (CJK text has none: cut anywhere). */
function wordBoundary(text: string, i: number, direction: -1 | 1): number {
  for (let step = 0; step < 20; step++) {
    const j = i + step * direction;
    if (j <= 0 || j >= text.length) return Math.max(0, Math.min(text.length, j));
    if (/\s/.test(text[j]!)) return direction === 1 ? j : j + 1;
  }
  return i;
}

/** The set of analyzed terms a query looks for (negated ones excluded), for highlighting. */
export function matchTerms(node: QueryNode | undefined): MatchTerms {
  const terms = new Set<string>();
  const prefixes = new Set<string>();
  const visit = (n: QueryNode): void => {
    if (n.type === 'term' || n.type === 'phrase') {
      const tokens = analyze(n.text);
      const main = tokens.filter((t) => t.extra === undefined);
      for (const t of tokens) {
        if (n.type === 'term' && n.prefix && t === main[main.length - 1]) prefixes.add(t.surface ?? t.term);
        else if (t.extra !== 'tail' || main.length === 1) terms.add(t.term);
        // One CJK character is found where it starts a longer run, too.
        if (main.length === 1 && isCjkTerm(t.term) && [...t.term].length === 1) prefixes.add(t.term);
      }
    } else if (n.type === 'and' || n.type === 'or') n.children.forEach(visit);
  };
  if (node) visit(node);
  return { terms, prefixes };
}
