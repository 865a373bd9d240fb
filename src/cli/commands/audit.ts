/**
 * `dossier audit`: the audit log from the shell: who did what, when, from
 * where: every write, sign-in, failed sign-in and role change.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { CLI_ACTOR } from '../../services/access.js';
import { listAudit } from '../../services/audit.js';
import type { CliContext } from '../context.js';

export function auditCommand(ctx: CliContext): Command {
  return new Command('audit')
    .description('show the audit log, newest first (writes, sign-ins, failed sign-ins, role changes)')
    .option('--since <when>', 'from a date or time (2026-12-01, 2026-12-01T09:00Z) or a span back from now (30m, 24h, 7d)', (v: string) => parseSince(v))
    .option('--user <email>', 'only what this account (or "cli", "scheduler") did')
    .option('--action <prefix>', 'only these actions, e.g. signin, document.status, user')
    .option('--limit <n>', 'at most this many entries (default 100)', (v) => positive(v), 100)
    .option('--json', 'print JSON Lines, one entry a line')
    .action(async (opts: { since?: string; user?: string; action?: string; limit: number; json?: boolean }, cmd: Command) => {
      const archive = await ctx.open(cmd);
      try {
        const { items, total } = await listAudit(archive, CLI_ACTOR, { since: opts.since, actor: opts.user?.trim().toLowerCase(), action: opts.action, limit: opts.limit });
        if (opts.json) {
          for (const e of items) ctx.out(JSON.stringify(e));
          return;
        }
        if (items.length === 0) return ctx.out('No entries.');
        for (const e of items) {
          const detail = e.detail ? ` ${JSON.stringify(e.detail)}` : '';
          ctx.out(`${e.at.slice(0, 19).replace('T', ' ')}  ${e.actor.padEnd(28)} ${e.action.padEnd(20)} ${e.target ?? ''}${e.ip ? ` [${e.ip}]` : ''}${detail}`);
        }
        if (total > items.length) ctx.out(`(${items.length} of ${total}; use --limit or --since)`);
      } finally {
        await archive.close();
      }
    });
}

export function parseSince(value: string, now = Date.now()): string {
  const span = /^(\d+)\s*(m|h|d)$/.exec(value.trim());
  if (span) return new Date(now - Number(span[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 'm' | 'h' | 'd']).toISOString();
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at)) throw new InvalidArgumentError('expected a date (2026-12-01), a time (2026-12-01T09:00Z) or a span (30m, 24h, 7d)');
  return new Date(at).toISOString();
}

function positive(v: string): number {
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('expected a whole number from 1 to 100000');
  return n;
}
