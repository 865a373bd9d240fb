/**
 * TermBatcher: the term reads of one evaluation pass become one fetch per
 * connection scope and segment list, each caller gets its own term's rows,
 * and a failed fetch fails only the callers it would have answered.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { TermBatcher } from './term-batch.js';

type Fetch = { scope: string | undefined; bases: readonly number[]; terms: string[] };

/** A fetch over a fixed table of rows, recording every call. */
function table(rows: Record<string, number[]>, fail?: (f: Fetch) => boolean) {
  const fetches: Fetch[] = [];
  const batcher = new TermBatcher<number, string>(async (scope, bases, terms) => {
    const f = { scope, bases, terms };
    fetches.push(f);
    if (fail?.(f)) throw new Error(`fetch of ${terms.join(',')} failed`);
    return new Map(terms.filter((t) => rows[t]).map((t) => [t, rows[t]!.filter((r) => bases.includes(r))]));
  });
  return { batcher, fetches };
}

describe('TermBatcher', () => {
  it('fetches the terms asked for in one pass together, once each, and answers each caller with its term', async () => {
    const { batcher, fetches } = table({ cable: [1, 5], tokyo: [5], zhou: [1] });
    const asked = ['cable', 'tokyo', 'cable', 'absent'].map((t) => batcher.get(undefined, [1, 5], t));
    expect(await Promise.all(asked)).toEqual([[1, 5], [5], [1, 5], []]);
    expect(fetches).toEqual([{ scope: undefined, bases: [1, 5], terms: ['cable', 'tokyo', 'absent'] }]);

    // The next pass is a new batch.
    expect(await batcher.get(undefined, [1, 5], 'zhou')).toEqual([1]);
    expect(fetches).toHaveLength(2);
  });

  it('keeps scopes and segment lists apart', async () => {
    const { batcher, fetches } = table({ cable: [1, 5] });
    const answers = await Promise.all([
      batcher.get('trx-a', [1, 5], 'cable'),
      batcher.get(undefined, [1, 5], 'cable'),
      batcher.get('trx-a', [1], 'cable'),
      batcher.get('trx-b', [1, 5], 'cable'),
    ]);
    expect(answers).toEqual([[1, 5], [1, 5], [1], [1, 5]]);
    expect(fetches.map((f) => [f.scope, f.bases.join(',')]).sort()).toEqual(
      [['trx-a', '1'], ['trx-a', '1,5'], ['trx-b', '1,5'], [undefined, '1,5']].sort(),
    );
  });

  it('rejects the callers of a failed fetch only', async () => {
    const { batcher } = table({ cable: [1] }, (f) => f.scope === 'broken');
    const [bad, good] = await Promise.allSettled([batcher.get('broken', [1], 'cable'), batcher.get(undefined, [1], 'cable')]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'fetch of cable failed' } });
    expect(good).toEqual({ status: 'fulfilled', value: [1] });
  });
});
