#!/usr/bin/env node
/**
 * `npm run faults -- --runs N [--seed S] [--size D]`: the crash faults of
 * test/reliability/crash-faults.test.ts at a larger budget (the normal test
 * run kills each scenario twice, over 500 records): N kills per scenario,
 * delays drawn from seed S (random and printed unless given).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, seed: { type: 'string' }, size: { type: 'string' } } });
const env = { ...process.env, DOSSIER_FAULT_RUNS: values.runs };
if (values.seed) env.DOSSIER_FAULT_SEED = values.seed;
if (values.size) env.DOSSIER_FAULT_SIZE = values.size;
const child = spawn('npx', ['vitest', 'run', 'test/reliability/crash-faults.test.ts', '--testTimeout', '0'], { stdio: 'inherit', env });
child.on('exit', (code) => process.exit(code ?? 1));
