/**
 * A fixed shuffle: the same order in every run (a seeded linear congruential generator), so that runs of a
 * benchmark ask for the same pages in the same order, and consecutive requests are not neighbours.
 * @module
 */
export function fixedShuffle<T>(items: readonly T[]): T[] {
  let seed = 42;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
