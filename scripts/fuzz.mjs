#!/usr/bin/env node
/**
 * `npm run fuzz -- --runs N [--seed S]`: the fuzz properties of test/fuzz at
 * a larger budget (the normal test run uses 50 per unit and seed 20261206).
 * A failure prints its seed and shrunk counterexample, so it replays.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' } } });
const env = { ...process.env, DOSSIER_FUZZ_RUNS: values.runs };
if (values.seed) env.DOSSIER_FUZZ_SEED = values.seed;
const child = spawn('npx', ['vitest', 'run', 'test/fuzz', '--testTimeout', '0'], { stdio: 'inherit', env });
child.on('exit', (code) => process.exit(code ?? 1));
