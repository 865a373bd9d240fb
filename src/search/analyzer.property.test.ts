/**
 * The analyzer's fast path (a scan over code units, a table of the words met
 * before holding each word's whole analysis, bigrams read through a table)
 * against a straightforward reference written here from its rules: runs cut
 * by regular expressions over code points, every word normalized and stemmed
 * anew, CJK characters folded one by one. Generated texts (fast-check, a
 * fixed seed so a failure replays) mix Latin with diacritics, CJK, Hangul,
 * Thai, Cyrillic, Greek, digits, punctuation, joiners, surrogate pairs and
 * lone surrogates, long words and long runs; every token must be the same,
 * in the same order, whatever the tables held before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, EXACT, MAX_TERM, normalizeWord, termOf, type Token } from './analyzer.js';
import { toSimplifiedChar } from './chinese.js';
import { isStemmable } from './stemmers.js';
import { transliterations } from './transliterate.js';

const SEED = Number(process.env.DOSSIER_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.DOSSIER_FUZZ_RUNS ?? 200);

const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005\u3006]$/u;
const HANGUL = /^\p{Script=Hangul}$/u;
const SEA = /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;
const WORD = /^[\p{L}\p{N}\p{M}]$/u;
const JOINER = /^[-‐'’]$/;

type Kind = 'sep' | 'cjk' | 'hangul' | 'sea' | 'word';
const kindOf = (ch: string): Kind =>
  CJK.test(ch) ? 'cjk' : HANGUL.test(ch) ? 'hangul' : SEA.test(ch) ? 'sea' : WORD.test(ch) ? 'word' : 'sep';

/** The analyzer's rules, written out plainly: one pass over code points, nothing remembered. */
function reference(text: string, transliterate: boolean): Token[] {
  const out: Token[] = [];
  const push = (term: string, start: number, end: number, position: number, extra?: Token['extra'], surface?: string) =>
    out.push({ term, start, end, position, extra, surface });
  // Runs of one kind, by code point (a lone surrogate is a separator).
  const runs: { kind: Kind; start: number; end: number }[] = [];
  for (let i = 0; i < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const kind = ch.length === 1 && ch >= '\ud800' && ch <= '\udfff' ? 'sep' : kindOf(ch);
    const last = runs[runs.length - 1];
    if (kind !== 'sep' && last && last.kind === kind && last.end === i) last.end += ch.length;
    else if (kind !== 'sep') runs.push({ kind, start: i, end: i + ch.length });
    i += ch.length;
  }
  let position = 0;
  let prev: { start: number; end: number; position: number; joinable: string } | undefined;
  let joined: { term: string; start: number; end: number; position: number; parts: number } | undefined;
  const flush = () => {
    if (joined && joined.parts > 1) push(termOf(joined.term), joined.start, joined.end, joined.position, 'joined');
    joined = undefined;
  };
  for (const run of runs) {
    const chars = text.slice(run.start, run.end);
    if (run.kind !== 'word') {
      flush();
      prev = undefined;
      if (run.kind === 'sea') {
        for (const seg of new Intl.Segmenter('th', { granularity: 'word' }).segment(chars)) {
          if (seg.isWordLike) push(seg.segment.normalize('NFKC').slice(0, MAX_TERM), run.start + seg.index, run.start + seg.index + seg.segment.length, position++);
        }
      } else position = bigrams(chars, run.start, position, run.kind === 'cjk', push);
      continue;
    }
    const normalized = normalizeWord(chars);
    const term = termOf(normalized);
    if (term === '') continue;
    const plain = normalized.replace(/'/g, '');
    if (prev && prev.end + 1 === run.start && JOINER.test(text[prev.end]!)) {
      joined ??= { term: prev.joinable, start: prev.start, end: prev.end, position: prev.position, parts: 1 };
      joined.term += plain;
      joined.end = run.end;
      joined.parts++;
    } else flush();
    push(term, run.start, run.end, position, undefined, plain !== term ? plain.slice(0, MAX_TERM) : undefined);
    if (isStemmable(plain)) push(EXACT + plain.slice(0, MAX_TERM), run.start, run.end, position, 'exact');
    if (transliterate && /^[\u0400-\u04ff]/.test(plain)) {
      for (const t of new Set(transliterations(plain).map(termOf))) if (t !== '' && t !== term) push(t, run.start, run.end, position, 'translit');
    }
    prev = { start: run.start, end: run.end, position, joinable: plain };
    position++;
  }
  flush();
  return out;
}

/** A CJK or Hangul run: each character NFKC-normalized (and, for CJK, simplified), then bigrams, the last character, the segmenter's longer words. */
function bigrams(run: string, start: number, position: number, cjk: boolean, push: (term: string, start: number, end: number, position: number, extra?: Token['extra']) => void): number {
  const fold = (ch: string) => [...ch.normalize('NFKC')].map((c) => (cjk ? toSimplifiedChar(c) : c)).join('');
  // Where each character of the run starts in the text, and where the run ends.
  const at = [start];
  const chars = [...run].map((ch) => {
    at.push(at[at.length - 1]! + ch.length);
    return fold(ch);
  });
  const last = chars.length - 1;
  chars.forEach((ch, i) => {
    if (i < last) push(ch + chars[i + 1]!, at[i]!, at[i + 2]!, position + i);
    else push(ch, at[i]!, at[i + 1]!, position + i, last > 0 ? 'tail' : undefined);
  });
  const folded = chars.join('');
  if (!cjk || chars.length < 3 || folded.length !== chars.length) return position + chars.length;
  for (const { segment, index, isWordLike } of new Intl.Segmenter('zh', { granularity: 'word' }).segment(folded)) {
    if (isWordLike && segment.length >= 3) push(segment.slice(0, MAX_TERM), at[index]!, at[index + segment.length]!, position + index, 'word');
  }
  return position + chars.length;
}

/** Tokens as plain records (no undefined fields), to compare. */
const plainTokens = (tokens: Token[]) => tokens.map(({ term, start, end, position, extra, surface }) => ({ term, start, end, position, extra, surface }));

const piece = fc.constantFrom(
  'the', 'The', 'THE', 'negotiations', 'Negotiations', 'NEGOTIATIONS', 'Lüshun', 'CAFÉ', 'Straße', 'Ålesund', 'człowieka', 'Đurđević', 'İNSANLIK',
  'œuvre', 'ﬁnal', 'ＡＢＣ１２３', 'Chiang', 'Kai', 'shek', 'En', 'lai', "o'clock", "d'Auvergne", "Gromyko's", 'admiral’s', 'c\u043epy',
  'Хрущёв', 'Београду', 'Љубљана', 'Ѓорѓија', 'Сталин', 'йод', 'Ἀθῆναι', 'λόγος', 'مُحَمَّد', 'שָׁלוֹם', 'नमस्ते', '1961', '3.14', '96-3068322',
  '蔣介石', '蒋介石', '中华人民共和国', '中華民國憲法', '日本国憲法', 'ｶﾀｶﾅ', 'ひらがなカタカナ', '々〆ー', '대한민국', '헌법', 'ภาษาไทยง่ายนิดเดียว',
  '𠀀𠀁', '😀', '\ud800', '\udc00x', 'a\u0301', 'x'.repeat(45), 'y'.repeat(70), 'Z'.repeat(41), '中'.repeat(130), '国家'.repeat(70),
);
const sep = fc.constantFrom('', ' ', ' ', ' ', '-', '‐', "'", '’', ', ', '. ', '\n', '、', '。', '（', '）', '—', '/', '\u00a0');
const text = fc.array(fc.tuple(piece, sep), { maxLength: 60 }).map((ws) => ws.map(([w, s]) => w + s).join(''));
/** Any string, with no vocabulary: code units of every kind, lone surrogates included. */
const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'É', 'ж', '中', '國', '한', 'ก', '-', "'", ' ', '1'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength: 80 });

describe('analyze: the fast path gives the reference’s tokens', () => {
  it('on texts mixing scripts, punctuation, joiners, long words and runs', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (t, translit) => {
        expect(plainTokens(analyze(t, 0, { transliterate: translit }))).toEqual(plainTokens(reference(t, translit)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('on arbitrary code units, and the empty string', () => {
    expect(analyze('')).toEqual([]);
    fc.assert(
      fc.property(anyText, (t) => {
        expect(plainTokens(analyze(t, 0, { transliterate: true }))).toEqual(plainTokens(reference(t, true)));
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('the same for words found in the older generation of the table of words, and moved back', () => {
    const t = 'Negotiations negotiating Хрущёв 蔣介石 En-lai ' + Array.from({ length: 200 }, (_, i) => `w${(i * 997).toString(36)}ing`).join(' ');
    const expected = plainTokens(reference(t, true));
    expect(plainTokens(analyze(t, 0, { transliterate: true }))).toEqual(expected);
    // More distinct words than one generation holds (2¹⁷): the words of `t` are now in the older one.
    analyze(Array.from({ length: 140_000 }, (_, i) => `v${i.toString(36)}ed`).join(' '));
    expect(plainTokens(analyze(t, 0, { transliterate: true }))).toEqual(expected);
    expect(plainTokens(analyze(t, 0, { transliterate: true }))).toEqual(expected);
  });
});
