/**
 * The real `dossier` command run inside the test's process, its output
 * collected line by line: faster than a child process where a test only
 * needs what the command does and says, not how the process exits.
 */
import { createContext } from '../src/cli/context.js';
import { buildProgram } from '../src/cli/program.js';
import { loadConfig, type Config } from '../src/config.js';

export interface CliRun {
  /** Whether the command finished without throwing. */
  ok: boolean;
  out: string[];
  /** What it wrote to stderr, then the message of the error it threw, if any. */
  err: string[];
}

/** `config` overrides the environment's settings (e.g. `databaseUrl`). */
export async function runCli(args: string[], config: Partial<Config> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx = { ...createContext({ ...loadConfig(), ...config }), out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  try {
    await (await buildProgram(ctx, ['node', 'dossier', ...args])).parseAsync(['node', 'dossier', ...args]);
    return { ok: true, out, err };
  } catch (error) {
    err.push((error as Error).message);
    return { ok: false, out, err };
  }
}
