/**
 * What a release changed: a word-level comparison of two releases of one
 * document, made to survive what OCR does to the same page twice. Both texts
 * are cut into words (lines re-flowed, end-of-line hyphens joined), each word
 * compared by a key that ignores case, punctuation and Cyrillic look-alikes
 * of Latin letters; the word sequences are aligned (word-align.ts: unique
 * words as anchors, Myers between them); then small substitutions of
 * look-alike words ("JEK" for "JFK") and stray one-letter runs are taken for
 * OCR noise, not changes. What is left are real additions and removals: the
 * runs added are the passages a release newly revealed.
 * @module
 */
import { releasePages, type Release } from './release.js';
import { alignWords } from './word-align.js';

export interface Token {
  /** The word as printed, with the punctuation around it. */
  text: string;
  /** What is compared: folded, lower-case letters and digits. */
  key: string;
  /** 1-based page of its release. */
  page: number;
  /** The first word of a paragraph (or of a page). */
  para: boolean;
  /** Space before it in the text (false between the characters of a CJK run, which are words of their own). */
  gap: boolean;
}

/** Words back into text, spaced as they were. */
export function joinTokens(tokens: Token[]): string {
  return tokens.map((t, i) => (i > 0 && t.gap ? ` ${t.text}` : t.text)).join('');
}

/** Han, kana and Hangul are written without spaces: each character is compared as a word. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function pieces(word: string): string[] {
  if (!CJK.test(word)) return [word];
  return word.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}][\p{P}\p{S}]*|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu) ?? [word];
}

export type SegmentKind = 'same' | 'added' | 'removed';
export interface Segment {
  kind: SegmentKind;
  tokens: Token[];
}

/** A run of words present in the later release and not in the earlier one. */
export interface Passage {
  text: string;
  words: number;
  /** Page of the later release it starts on. */
  page: number;
}

export interface ReleaseComparison {
  /** The later release's text in order, with what the earlier one lacked (`added`) or had (`removed`) marked. */
  segments: Segment[];
  addedWords: number;
  removedWords: number;
  /** Passages withheld (or missing) in the earlier release and present in the later one. */
  passages: Passage[];
  /** Pages of the later release with something added. */
  pagesChanged: number[];
  /** The texts were too different to align word by word within the budget; everything counts as changed. */
  unaligned: boolean;
}

/** A run of added words shorter than this is counted as changed words but not listed as a passage. */
export const MIN_PASSAGE_WORDS = 3;
/** Words cut differently by OCR are compared joined, up to this many words on each side. */
const MAX_NOISE_WORDS = 3;

const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w',
};

/** The comparison key of a word: NFKC, lower case, Cyrillic look-alikes as Latin, letters and digits only. */
export function wordKey(word: string): string {
  // Most words of an English OCR text are plain ASCII: no normalization needed.
  if (PLAIN.test(word)) return word.toLowerCase();
  if (ASCII.test(word)) return word.toLowerCase().replace(NOT_ASCII_WORD, '');
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(CYRILLIC_LOOKALIKE, (c) => HOMOGLYPHS[c]!)
    .replace(NOT_WORD, '');
}

const PLAIN = /^[A-Za-z0-9]+$/;
const ASCII = /^[\x20-\x7e]*$/;
const NOT_ASCII_WORD = /[^a-z0-9]+/g;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const CYRILLIC_LOOKALIKE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');

/**
 * Words of a release, page by page. Line breaks are spaces; a hyphen at a line's end joins the word it split.
 * A 100-page release is some 30,000 words, cut on every uncached releases page: the page is scanned once by
 * character code (what `/\S+/` would match, without a match object per word), and a word of plain ASCII
 * letters and digits — most of an English OCR text — is keyed without the general path's regular expressions.
 */
export function tokenize(pages: string[]): Token[] {
  const tokens: Token[] = [];
  for (let p = 0; p < pages.length; p++) {
    const raw = pages[p]!;
    const text = HYPHEN_BREAK_TEST.test(raw) ? joinHyphenBreaks(raw) : raw;
    const n = text.length;
    let para = true;
    let pageStart = true;
    let pending = '';
    // Line breaks in the space before the word being read: two or more start a paragraph.
    let breaks = 0;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (isSpace(c)) {
        if (c === 10) breaks++;
        i++;
        continue;
      }
      if (breaks >= 2) para = true;
      breaks = 0;
      const start = i;
      let plain = true;
      let upper = false;
      do {
        if (c >= 65 && c <= 90) upper = true;
        else if (plain && !((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) plain = false;
        c = ++i < n ? text.charCodeAt(i) : 32;
      } while (!isSpace(c));
      const spaced = text.slice(start, i);
      if (plain && !pending) {
        tokens.push({ text: spaced, key: upper ? spaced.toLowerCase() : spaced, page: p + 1, para: para || pageStart, gap: true });
        para = false;
        pageStart = false;
        continue;
      }
      const parts = ASCII.test(spaced) ? [spaced] : pieces(spaced);
      for (let k = 0; k < parts.length; k++) {
        const word = parts[k]!;
        const key = wordKey(word);
        const last = tokens[tokens.length - 1];
        // Punctuation and bullets on their own are not words: they travel with the word before them,
        // or, opening a paragraph ("• 2.", "（了）"), with the word after.
        if (!key) {
          if (last && !para && !pageStart) last.text += k === 0 ? ` ${word}` : word;
          else pending += pending && k === 0 ? ` ${word}` : word;
          continue;
        }
        const joined = pending ? `${pending}${k === 0 ? ' ' : ''}${word}` : word;
        pending = '';
        tokens.push({ text: joined, key, page: p + 1, para: para || pageStart, gap: k === 0 });
        para = false;
        pageStart = false;
      }
    }
  }
  return tokens;
}

/** What `\s` matches in a regular expression: ASCII and Unicode spaces, line and paragraph separators, BOM. */
export function isSpace(c: number): boolean {
  if (c > 32 && c < 0xa0) return false;
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const HYPHEN_BREAK_TEST = /[-‐‑][ \t]*\n/;

/**
 * A hyphen at a line's end between a letter and a lower-case letter is taken
 * out with the line break: what `/(\p{L})[-‐‑]\s*\n\s*(\p{Ll})/gu` replaced by
 * `$1$2` does, without testing every character of the page for a letter
 * first (a third of the time to cut a page into words): the search starts at
 * the hyphen, the letters around it are looked at, and as in that expression
 * a lower-case letter that ended one join cannot begin the next.
 */
export function joinHyphenBreaks(text: string): string {
  let out = '';
  let from = 0;
  // Where the lower-case letter of the last join ended: a join's letter before the hyphen must come after it.
  let taken = 0;
  HYPHEN.lastIndex = 0;
  for (let m = HYPHEN.exec(text); m; m = HYPHEN.exec(text)) {
    const h = m.index;
    // The whitespace after the hyphen: it must hold a line break and end at a lower-case letter.
    let e = h + 1;
    let breaks = false;
    for (let c = text.charCodeAt(e); e < text.length && isSpace(c); c = text.charCodeAt(++e)) if (c === 10) breaks = true;
    if (!breaks) continue;
    const next = text.codePointAt(e);
    if (next === undefined || !LOWER.test(String.fromCodePoint(next))) continue;
    const low = h >= 2 && isLowSurrogate(text.charCodeAt(h - 1)) && isHighSurrogate(text.charCodeAt(h - 2));
    const before = h - (low ? 2 : 1);
    if (before < taken || before < 0 || !LETTER.test(String.fromCodePoint(text.codePointAt(before)!))) continue;
    out += text.slice(from, h);
    from = e;
    taken = e + (next > 0xffff ? 2 : 1);
    HYPHEN.lastIndex = e;
  }
  return from === 0 ? text : out + text.slice(from);
}
const HYPHEN = /[-‐‑]/g;
const LETTER = /^\p{L}$/u;
const LOWER = /^\p{Ll}$/u;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Compares two releases of one document, the earlier first. */
export function compareReleases(earlier: Pick<Release, 'pages' | 'text'>, later: Pick<Release, 'pages' | 'text'>): ReleaseComparison {
  return compareTokens(tokenize(releasePages(earlier)), tokenize(releasePages(later)));
}

export function compareTokens(a: Token[], b: Token[]): ReleaseComparison {
  const { ops, unaligned } = alignWords(
    a.map((t) => t.key),
    b.map((t) => t.key),
  );
  const raw: Segment[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op.kind === 'added') raw.push({ kind: 'added', tokens: b.slice(j, (j += op.n)) });
    else if (op.kind === 'removed') raw.push({ kind: 'removed', tokens: a.slice(i, (i += op.n)) });
    else {
      raw.push({ kind: 'same', tokens: b.slice(j, j + op.n) });
      i += op.n;
      j += op.n;
    }
  }
  const segments = mergeSame(dropNoise(raw));
  return summarize(segments, unaligned);
}

/**
 * Within each changed region (what lies between two unchanged runs), words of
 * the later text that are OCR look-alikes of words of the earlier one are
 * paired by a second, fuzzy longest common subsequence and count as
 * unchanged; so are words split or joined differently ("HA /T/HIT" and
 * "HA/T/HIT"). Stray one-letter words are dropped. What is left is real.
 */
function dropNoise(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  let removed: Token[] = [];
  let added: Token[] = [];
  const flush = () => {
    if (removed.length || added.length) for (const r of alignRegion(removed, added)) out.push(r);
    removed = [];
    added = [];
  };
  for (const s of segments) {
    if (s.kind === 'same' && s.tokens.length <= MAX_ANCHOR && (removed.length || added.length)) {
      // A word or two found in both texts by chance ("City") must not cut a region in two: re-aligned with it.
      append(removed, s.tokens);
      append(added, s.tokens);
    } else if (s.kind === 'same') {
      flush();
      out.push(s);
    } else if (s.kind === 'removed') append(removed, s.tokens);
    else append(added, s.tokens);
  }
  flush();
  return out;
}

/** Unchanged runs this short inside a changed region are re-aligned with it. */
const MAX_ANCHOR = 2;
/** Largest region aligned word by word (the DP is quadratic); larger ones are compared as they are. */
const MAX_REGION = 400;

function alignRegion(removed: Token[], added: Token[]): Segment[] {
  if (removed.length && added.length && joinedSimilar(removed, added)) return [{ kind: 'same', tokens: added }];
  if (!removed.length || !added.length || removed.length * added.length > MAX_REGION * MAX_REGION) return strayless(removed, added);
  const n = removed.length;
  const m = added.length;
  // lcs[i][j]: fuzzy LCS length of removed[i..] and added[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = similar(removed[i]!.key, added[j]!.key) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: Segment[] = [];
  const push = (kind: SegmentKind, t: Token) => {
    const last = out[out.length - 1];
    if (last?.kind === kind) last.tokens.push(t);
    else out.push({ kind, tokens: [t] });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (similar(removed[i]!.key, added[j]!.key)) {
      push('same', added[j]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('removed', removed[i++]!);
    else push('added', added[j++]!);
  }
  while (i < n) push('removed', removed[i++]!);
  while (j < m) push('added', added[j++]!);
  return out.flatMap((s) => (s.kind === 'same' ? [s] : strayless(s.kind === 'removed' ? s.tokens : [], s.kind === 'added' ? s.tokens : [])));
}

/** The same characters cut into different words: "1 96- 3068322" and "96-3068322". */
function joinedSimilar(a: Token[], b: Token[]): boolean {
  if (a.length > MAX_NOISE_WORDS + 1 || b.length > MAX_NOISE_WORDS + 1) return false;
  return similar(a.map((t) => t.key).join(''), b.map((t) => t.key).join(''));
}

function strayless(removed: Token[], added: Token[]): Segment[] {
  const out: Segment[] = [];
  if (removed.length && !isStray(removed)) out.push({ kind: 'removed', tokens: removed });
  if (added.length) out.push({ kind: isStray(added) ? 'same' : 'added', tokens: added });
  return out;
}

/** One or two one-character "words" (a stray "l", "1" or "a" from a smudge) are not a change; a CJK character is a word. */
function isStray(tokens: Token[]): boolean {
  return tokens.length <= 2 && tokens.every((t) => t.key.length === 1 && !CJK.test(t.key));
}

/** Two OCR readings of one word: at most one edit per three characters (JEK/JFK, Docld/DocId); short words must match. */
function similar(x: string, y: string): boolean {
  const allowed = Math.floor(Math.max(x.length, y.length) / 3);
  return editDistance(x, y, allowed) <= allowed;
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
function editDistance(x: string, y: string, limit: number): number {
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[y.length]!;
}

function mergeSame(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.kind === s.kind) append(last.tokens, s.tokens);
    // Taken, not copied: every segment here was made for this comparison and is not shared.
    else out.push(s);
  }
  return out;
}

/** `to.push(...from)` without the spread: a run of a long record can be more words than the stack takes as arguments. */
function append(to: Token[], from: readonly Token[]): void {
  for (let k = 0; k < from.length; k++) to.push(from[k]!);
}

function summarize(segments: Segment[], unaligned: boolean): ReleaseComparison {
  let addedWords = 0;
  let removedWords = 0;
  const passages: Passage[] = [];
  const pages = new Set<number>();
  for (const s of segments) {
    if (s.kind === 'removed') removedWords += s.tokens.length;
    if (s.kind !== 'added') continue;
    addedWords += s.tokens.length;
    s.tokens.forEach((t) => pages.add(t.page));
    if (s.tokens.length >= MIN_PASSAGE_WORDS) passages.push({ text: joinTokens(s.tokens), words: s.tokens.length, page: s.tokens[0]!.page });
  }
  return { segments, addedWords, removedWords, passages, pagesChanged: [...pages].sort((x, y) => x - y), unaligned };
}

/** The words a release added to its document, against the release before it (all of its words for the first release). */
export function addedText(releases: Release[], index: number): string {
  const r = releases[index];
  if (!r) return '';
  if (index === 0) return releasePages(r).join('\n\n');
  return compareReleases(releases[index - 1]!, r)
    .segments.filter((s) => s.kind === 'added')
    .map((s) => joinTokens(s.tokens))
    .join('\n\n');
}

/** Releases whose text adds no word to the release before them, as report lines ("adds nothing new"). */
export function releasesAddingNothing(releases: Release[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < releases.length; i++) {
    const [a, b] = [releases[i - 1]!, releases[i]!];
    if (releasePages(b).length === 0 || releasePages(a).length === 0) continue;
    if (compareReleases(a, b).addedWords === 0) out.push(`release "${b.id}" adds nothing new to "${a.id}": unchanged text`);
  }
  return out;
}
