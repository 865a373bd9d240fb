/**
 * The fuzz budget: a fixed seed so every failure replays, a small number of
 * cases per property in the normal test run, and more on demand
 * (`npm run fuzz -- --runs N [--seed S]`, which sets the two variables below).
 * Each property prints how many cases it tried and how many failed.
 * @module
 */
import fc from 'fast-check';

export const RUNS = Number(process.env.DOSSIER_FUZZ_RUNS ?? 50);
export const SEED = Number(process.env.DOSSIER_FUZZ_SEED ?? 20261206);

/** Runs `property` over `arbitrary` for `scale × RUNS` cases; throws with the shrunk counterexample on failure. */
export async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, property: (value: T) => Promise<void> | void, scale = 1): Promise<void> {
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      await property(value);
    }),
    { numRuns: Math.max(1, Math.round(RUNS * scale)), seed: SEED, endOnFailure: false },
  );
  console.log(`fuzz ${name}: ${details.numRuns} cases tried, ${details.failed ? 1 : 0} failures (seed ${SEED})`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `fuzz ${name} failed`);
}

/** Strings that look like what people and attackers type: grammar pieces, scripts, control characters, long runs. */
export const hostileText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(
    fc.oneof(
      fc.constantFrom('"', '(', ')', 'AND', 'OR', 'NOT', '-', '+', '*', '?', '~', '~2', '^3', ':', 'title:', 'person:', 'date:', 'year:', 'collection:', 'id:',
        '1949', '1949-10-01', '..', '1900..2000', '2000..1900', '周恩来', '毛泽東', 'Zhou', 'Eisenhower', '\u0000', '\uFEFF', '\uD800', '%', '%00', '&', '<script>', "'", '\\', '/', '«', '」'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 30 },
  ).map((parts) => parts.join(' ')),
  fc.nat({ max: 5000 }).map((n) => '('.repeat(n % 400) + 'a'.repeat(n)),
);
