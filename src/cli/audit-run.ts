/**
 * One audit entry for a command that wrote to the archive outside the
 * editorial services (an import runs in its own thread, record by record):
 * who ran it, on what, and what it did.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';

export async function auditCommandRun(ctx: CliContext, cmd: Command, action: string, detail: Record<string, unknown>): Promise<void> {
  const archive = await ctx.open(cmd);
  const [{ CLI_ACTOR }, { auditRun }] = await Promise.all([import('../services/access.js'), import('../services/audit.js')]);
  try {
    await auditRun(archive, CLI_ACTOR, action, detail);
  } finally {
    await archive.close();
  }
}
