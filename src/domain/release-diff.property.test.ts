/**
 * Properties of the release comparison over generated texts (fast-check, a
 * fixed seed so a failure replays): the word alignment rebuilds both word
 * sequences exactly; the comparison's segments rebuild the later release word
 * for word (text, page, paragraph, spacing) and keep what the earlier one
 * lost in order; a text compared with itself, re-flowed, shows no change;
 * and the character scanner splits words where `/\s/` does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareReleases, isSpace, joinHyphenBreaks, joinTokens, tokenize, type Token } from './release-diff.js';
import { alignWords } from './word-align.js';

const SEED = Number(process.env.DOSSIER_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.DOSSIER_FUZZ_RUNS ?? 50);

/** Words as OCR gives them: a small vocabulary (so texts share words and repeat them), look-alikes, punctuation, CJK, redactions. */
const word = fc.constantFrom(
  'the', 'THE', 'The', 'JFK', 'JEK', 'Kingston', 'Klagston', 'Mexico', 'CITY', 'City,', 'a', 'l', '1', '2.', '•', '—', '■■■', '[REDACTED]',
  'Сору', 'copy', 'EMBAS-\nSY', 'HA/T/HIT', 'HA', '/T/HIT', '96-3068322', '日本政府は', '中国', '（了）', 'station', 'SECRET', 'Docld', 'DocId',
);
const sep = fc.constantFrom(' ', ' ', ' ', '\n', '\n\n', '  \n', '\t', '\u00a0');
const text = fc.array(fc.tuple(word, sep), { maxLength: 120 }).map((ws) => ws.map(([w, s]) => w + s).join(''));
const pages = fc.array(text, { minLength: 1, maxLength: 4 });
/** A later release: the earlier one with words withheld, added and misread, its lines re-flowed. */
const pair = pages.chain((earlier) =>
  fc.tuple(fc.constant(earlier), fc.array(fc.array(fc.tuple(fc.nat(9), word), { maxLength: 150 }), { minLength: earlier.length, maxLength: earlier.length + 1 })).map(([a, edits]) => {
    const later = edits.map((pageEdits, p) => {
      const words = (a[p] ?? '').split(/\s+/).filter(Boolean);
      const out: string[] = [];
      words.forEach((w, i) => {
        const [op, other] = pageEdits[i % Math.max(1, pageEdits.length)] ?? [0, w];
        if (op === 0) return; // withheld in the later release
        out.push(op === 1 ? other : op === 2 ? `${w} ${other}` : w);
      });
      return out.join(pageEdits.length % 2 ? '\n' : ' ');
    });
    return [a, later] as const;
  }),
);

const check = <T,>(arb: fc.Arbitrary<T>, prop: (v: T) => void, runs = RUNS * 4) => fc.assert(fc.property(arb, prop), { numRuns: runs, seed: SEED });
const keys = (ts: Token[]) => ts.map((t) => t.key);

describe('the release comparison, over generated texts', () => {
  it('aligns words so that both sequences are rebuilt exactly', () => {
    const seq = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'jfk', 'mexico', 'city'), { maxLength: 300 });
    check(fc.tuple(seq, seq), ([a, b]) => {
      const { ops, unaligned } = alignWords(a, b);
      expect(unaligned).toBe(false);
      const ra: string[] = [];
      const rb: string[] = [];
      for (const op of ops) {
        expect(op.n).toBeGreaterThan(0);
        if (op.kind === 'same') {
          const run = a.slice(ra.length, ra.length + op.n);
          expect(b.slice(rb.length, rb.length + op.n)).toEqual(run);
          ra.push(...run);
          rb.push(...run);
        } else if (op.kind === 'removed') ra.push(...a.slice(ra.length, ra.length + op.n));
        else rb.push(...b.slice(rb.length, rb.length + op.n));
      }
      expect(ra).toEqual(a);
      expect(rb).toEqual(b);
    });
  });

  it('rebuilds the later release word for word and keeps what the earlier one lost in its order', () => {
    check(pair, ([earlier, later]) => {
      const c = compareReleases({ pages: [...earlier] }, { pages: later });
      const a = tokenize([...earlier]);
      const b = tokenize(later);
      const shown = c.segments.filter((s) => s.kind !== 'removed').flatMap((s) => s.tokens);
      expect(shown).toEqual(b);
      expect(joinTokens(shown)).toBe(joinTokens(b));
      // Removed words are words of the earlier release, in the order it had them (compared by key: a word
      // found in both texts by chance and re-aligned with a changed region is carried as the later text printed it).
      let at = 0;
      for (const t of c.segments.filter((s) => s.kind === 'removed').flatMap((s) => s.tokens)) {
        while (at < a.length && a[at]!.key !== t.key) at++;
        expect(at).toBeLessThan(a.length);
        at++;
      }
      const added = c.segments.filter((s) => s.kind === 'added');
      expect(c.addedWords).toBe(added.reduce((n, s) => n + s.tokens.length, 0));
      expect(c.passages.map((p) => p.text)).toEqual(added.filter((s) => s.tokens.length >= 3).map((s) => joinTokens(s.tokens)));
      // Segments alternate: no two neighbours of one kind.
      c.segments.forEach((s, i) => i > 0 && expect(s.kind).not.toBe(c.segments[i - 1]!.kind));
    });
  });

  it('shows no change between a text and itself re-flowed', () => {
    check(pages, (ps) => {
      const reflowed = ps.map((p) => p.split(/\s+/).filter(Boolean).join('\n'));
      const c = compareReleases({ pages: ps }, { pages: reflowed });
      expect(keys(tokenize(reflowed))).toEqual(keys(tokenize(ps)));
      expect(c.addedWords + c.removedWords).toBe(0);
      expect(c.segments.every((s) => s.kind === 'same')).toBe(true);
    });
  });

  it('joins words split at a line\'s end exactly as the regular expression it stands for', () => {
    const piece = fc.constantFrom('a', 'b', 'É', 'é', 'Z', '𝐀', '𝐚', '𐐨', '1', '-', '‐', '‑', '\n', ' ', '\t', '\r', '\u00a0', '\u2028', 'x-\n', '-\ny', '\ud801', '\udc28', '.');
    check(fc.array(piece, { maxLength: 40 }).map((ps) => ps.join('')), (text) => {
      expect(joinHyphenBreaks(text)).toBe(text.replace(/(\p{L})[-‐‑]\s*\n\s*(\p{Ll})/gu, '$1$2'));
    }, RUNS * 40);
  });

  it('cuts words where a regular expression\'s \\s would', () => {
    const differ: string[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(`U+${c.toString(16)}`);
    expect(differ).toEqual([]);
    expect(isSpace(0x3000) && isSpace(10) && !isSpace(0x41)).toBe(true);
  });
});
