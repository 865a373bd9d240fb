import { describe, expect, it } from 'vitest';
import { compareReleases } from '../domain/release-diff.js';
import { ReleaseComparisons } from './release-comparisons.js';

/** `n` pages of distinct words, with every tenth paragraph left out when `withheld`. */
function pages(n: number, withheld = false, edit = ''): string[] {
  return Array.from({ length: n }, (_, p) =>
    Array.from({ length: 20 }, (_, para) => (withheld && para % 10 === 3 ? '' : `Paragraph ${para} of page ${p}: the ambassador cabled station ${p * 31 + para} about the courier ${edit}.`))
      .filter(Boolean)
      .join('\n\n'),
  );
}

describe('ReleaseComparisons', () => {
  it('gives what compareReleases gives, the same object for the same texts again, and a fresh one when a text changes', () => {
    const memo = new ReleaseComparisons();
    const earlier = { pages: pages(30, true) };
    const later = { pages: pages(30) };
    const first = memo.compare(earlier, later);
    expect(first).toEqual(compareReleases(earlier, later));
    expect(first.passages.length).toBeGreaterThan(0);
    expect(memo.compare({ pages: [...earlier.pages] }, { pages: [...later.pages] })).toBe(first); // equal texts, other arrays
    const edited = { pages: pages(30, false, 'in Mexico City') };
    const again = memo.compare(earlier, edited);
    expect(again).not.toBe(first);
    expect(again).toEqual(compareReleases(earlier, edited));
    expect(memo.size).toBe(2);
    // Pages split differently are other texts: the same words cut at another page are not the same pair.
    const joined = { pages: [later.pages.slice(0, 2).join('\n\n'), ...later.pages.slice(2)] };
    expect(memo.compare(earlier, joined)).toEqual(compareReleases(earlier, joined));
    expect(memo.size).toBe(3);
  });

  it('keeps no small pair, and forgets the least recently used past its bound', () => {
    const pairs = [1, 2, 3, 4, 5].map((k) => [{ pages: pages(30, true, `v${k}`) }, { pages: pages(30, false, `v${k}`) }] as const);
    const chars = Math.max(...pairs.map(([a, b]) => [...a.pages, ...b.pages].join('').length));
    const memo = new ReleaseComparisons(chars * 4); // room for four pairs
    memo.compare({ pages: ['a short page'] }, { pages: ['a short page, now longer'] });
    expect(memo.size).toBe(0);
    const kept = pairs.map(([a, b]) => memo.compare(a, b));
    expect(memo.size).toBe(4);
    expect(memo.compare(...pairs[4]!)).toBe(kept[4]); // the newest stays
    expect(memo.compare(...pairs[0]!)).not.toBe(kept[0]); // the oldest went
  });
});
