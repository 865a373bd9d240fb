/**
 * Crash faults (crash-faults.ts): an import, editors' saves, a reindex and
 * segment merges, each killed with SIGKILL at random points; after every
 * kill the archive passes `dossier check` and a re-run gives exact counts.
 * Two kills per scenario here; `npm run faults -- --runs 20` for more.
 */
import { describe, expect, it } from 'vitest';
import { runCrashFaults } from './crash-faults.js';

const RUNS = Number(process.env.DOSSIER_FAULT_RUNS ?? 2);
const SEED = Number(process.env.DOSSIER_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SIZE = Number(process.env.DOSSIER_FAULT_SIZE ?? 500);

describe('crash faults', () => {
  it(`kill -9 during imports, saves, reindexing and merges leaves a sound archive, and a re-run exact counts (seed ${SEED})`, async () => {
    const outcomes = await runCrashFaults({ runs: RUNS, seed: SEED, size: SIZE, log: (line) => console.log(line) });
    expect(outcomes).toHaveLength(4 * RUNS);
    // Each failed kill as one line of what the checks saw, so the report of a failure says it all.
    const failed = outcomes.filter((o) => o.problems.length > 0);
    expect(failed.map((o) => `${o.scenario} #${o.run} (${o.killed ? `killed at ${o.delayMs} ms` : 'finished first'}): ${o.problems.join('; ')}`)).toEqual([]);
  }, 600_000);
});
