/**
 * `dossier token`: personal API tokens for scripts using the write API.
 * @module
 */
import { Command } from 'commander';
import { CLI_ACTOR } from '../../services/access.js';
import { Tokens } from '../../services/tokens.js';
import type { CliContext } from '../context.js';

export function tokenCommand(ctx: CliContext): Command {
  const withTokens = async (cmd: Command, fn: (tokens: Tokens) => Promise<void>) => {
    const archive = await ctx.open(cmd);
    try {
      await fn(new Tokens(archive));
    } finally {
      await archive.close();
    }
  };
  const token = new Command('token').description('API tokens for the write API (Authorization: Bearer …)');
  token
    .command('create <email>')
    .description("make a token acting as this account (with its role); it is printed once and stored only as a hash")
    .option('--name <name>', 'what the token is for, e.g. "nightly import"', 'API token')
    .action(async (email: string, opts: { name: string }, cmd: Command) => {
      await withTokens(cmd, async (tokens) => {
        const { token: secret, info } = await tokens.create(CLI_ACTOR, email, opts.name);
        ctx.err(`Token ${info.id} ("${info.name}") for ${info.email}. Keep it now: it will not be shown again.`);
        ctx.out(secret);
      });
    });
  token
    .command('list [email]')
    .description('list tokens (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (email: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      await withTokens(cmd, async (tokens) => {
        const list = await tokens.list(CLI_ACTOR, email);
        if (opts.json) return ctx.out(JSON.stringify(list, null, 2));
        if (list.length === 0) return ctx.out('No tokens.');
        for (const t of list) ctx.out(`${t.id}  ${t.email.padEnd(28)} ${t.name.padEnd(24)} ${t.revokedAt ? `revoked ${t.revokedAt.slice(0, 10)}` : `last used ${t.lastUsedAt?.slice(0, 16) ?? 'never'}`}`);
      });
    });
  token
    .command('revoke <id>')
    .description('revoke a token at once')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withTokens(cmd, async (tokens) => {
        await tokens.revoke(CLI_ACTOR, id);
        ctx.out(`Token ${id} revoked.`);
      });
    });
  return token;
}
