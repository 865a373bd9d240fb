/**
 * `dossier user`: editors' accounts from the server's shell, which is how the
 * first admin is made. Passwords are read from standard input (never from
 * the command line, where `ps` and shell history would keep them); without
 * one, a one-time link is printed for the person to set their own.
 * @module
 */
import { Command } from 'commander';
import { ROLES } from '../../domain/roles.js';
import { CLI_ACTOR } from '../../services/access.js';
import { Accounts } from '../../services/accounts.js';
import type { Archive } from '../../services/archive.js';
import type { CliContext } from '../context.js';

export function userCommand(ctx: CliContext): Command {
  const withAccounts = async (cmd: Command, fn: (accounts: Accounts, archive: Archive) => Promise<void>) => {
    const archive = await ctx.open(cmd);
    try {
      await fn(new Accounts(archive), archive);
    } finally {
      await archive.close();
    }
  };
  const link = (token: string) => `${ctx.config.baseUrl ?? `http://${ctx.config.host}:${ctx.config.port}`}/admin/reset/${token}`;

  const user = new Command('user').description(`manage editors' accounts (roles: ${ROLES.join(', ')})`);
  user
    .command('add <email>')
    .description('add an account; prints a one-time link to set the password unless --password-stdin')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from standard input')
    .action(async (email: string, opts: { role: string; passwordStdin?: boolean }, cmd: Command) => {
      const password = opts.passwordStdin ? await readStdin() : undefined;
      await withAccounts(cmd, async (accounts) => {
        const added = await accounts.add(CLI_ACTOR, { email, role: opts.role, password });
        ctx.out(`Added ${added.email} (${added.role}).`);
        if (!password) {
          const { token, expiresAt } = await accounts.reset(CLI_ACTOR, added.email);
          ctx.out(`Send them this link to set a password (works once, until ${expiresAt}):\n${link(token)}`);
        }
      });
    });
  user
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withAccounts(cmd, async (accounts) => {
        const users = await accounts.list(CLI_ACTOR);
        if (opts.json) return ctx.out(JSON.stringify(users, null, 2));
        if (users.length === 0) return ctx.out('No accounts yet. Add the first admin: dossier user add you@example.org --role admin --password-stdin');
        for (const u of users) ctx.out(`${u.email.padEnd(32)} ${u.role.padEnd(11)} ${u.disabled ? 'disabled' : u.hasPassword ? 'active' : 'no password yet'}`);
      });
    });
  user
    .command('set-role <email> <role>')
    .description('change the role of an account')
    .action(async (email: string, role: string, _opts: unknown, cmd: Command) => {
      await withAccounts(cmd, async (accounts) => {
        const u = await accounts.setRole(CLI_ACTOR, email, role);
        ctx.out(`${u.email} is now ${u.role}.`);
      });
    });
  user
    .command('disable <email>')
    .description('disable an account (signs it out everywhere; its tokens stop working)')
    .option('--enable', 'enable it again instead')
    .action(async (email: string, opts: { enable?: boolean }, cmd: Command) => {
      await withAccounts(cmd, async (accounts) => {
        const u = await accounts.setDisabled(CLI_ACTOR, email, !opts.enable);
        ctx.out(`${u.email} is ${u.disabled ? 'disabled' : 'enabled'}.`);
      });
    });
  user
    .command('reset <email>')
    .description('sign an account out everywhere and print a one-time link to set a new password')
    .action(async (email: string, _opts: unknown, cmd: Command) => {
      await withAccounts(cmd, async (accounts) => {
        const { token, expiresAt } = await accounts.reset(CLI_ACTOR, email);
        ctx.out(`One-time link for ${email} (works once, until ${expiresAt}):\n${link(token)}`);
      });
    });
  return user;
}

/** All of standard input, without the line end `echo` or a here-string adds. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
