/**
 * `dossier authority`: the people, organizations and places search knows by
 * all their names. `list` shows them with their variants, `add` creates one
 * or gives it more variants, `duplicates` lists possible duplicates (see
 * services/authority-duplicates.ts), `merge` folds a duplicate into another
 * record (services/authority-records.ts).
 * @module
 */
import { Command, Option } from 'commander';
import type { NameVariant } from '../../domain/authority.js';
import { ValidationError } from '../../domain/errors.js';
import { findDuplicates } from '../../services/authority-duplicates.js';
import { addAuthorityNames, listNamedAuthorities, mergeAuthority } from '../../services/authority-records.js';
import type { CliContext } from '../context.js';

const KINDS = ['person', 'organization', 'place'] as const;
type NamedKind = (typeof KINDS)[number];

export function authorityCommand(ctx: CliContext): Command {
  const command = new Command('authority').description('list, add and merge people, organizations and places, with their name variants');

  command
    .command('list')
    .description('list authorities with their name variants')
    .addOption(new Option('-k, --kind <kind>', 'which kind').choices(KINDS).default('person'))
    .option('--name <name>', 'only those answering to this name (any variant, any script)')
    .option('--json', 'print JSON')
    .action(async (opts: { kind: NamedKind; name?: string; json?: boolean }, cmd: Command) => {
      const archive = await ctx.open(cmd);
      try {
        const items = await listNamedAuthorities(archive, opts.kind, opts.name);
        if (opts.json) return ctx.out(JSON.stringify(items, null, 2));
        for (const a of items) {
          const variants = 'variants' in a ? a.variants.map((v) => v.name).join(', ') : '';
          ctx.out(`${a.id}  ${a.name}${variants ? `  (${variants})` : ''}`);
        }
        ctx.out(`${items.length} ${opts.kind === 'person' ? 'people' : `${opts.kind}s`}.`);
      } finally {
        await archive.close();
      }
    })
    .exitOverride();

  command
    .command('add')
    .description('create an authority, or add name variants to an existing one')
    .argument('<kind>', KINDS.join(' | '))
    .argument('<id>', 'record id, e.g. chiang-kai-shek')
    .argument('[name]', 'preferred name (needed to create)')
    .option('-v, --variant <name[@lang]>', 'another name, optionally with its BCP 47 language (repeatable)', (v: string, prev: string[]) => [...prev, v], [])
    .action(async (kind: string, id: string, name: string | undefined, opts: { variant: string[] }, cmd: Command) => {
      const named = checkKind(kind);
      const archive = await ctx.open(cmd);
      try {
        const outcome = await addAuthorityNames(archive, named, id, name, opts.variant.map(parseVariant), 'dossier authority add');
        ctx.out(`${named} "${id}": ${outcome}.`);
      } finally {
        await archive.close();
      }
    })
    .exitOverride();

  command
    .command('merge')
    .description('merge a duplicate into another authority: its documents and names move over, then it is deleted')
    .argument('<kind>', KINDS.join(' | '))
    .argument('<from>', 'id of the duplicate')
    .argument('<into>', 'id of the authority that stays')
    .action(async (kind: string, from: string, into: string, _opts: unknown, cmd: Command) => {
      const named = checkKind(kind);
      const archive = await ctx.open(cmd);
      try {
        const moved = await mergeAuthority(archive, named, from, into, { actor: 'cli', note: `dossier authority merge ${named} ${from} ${into}` });
        ctx.out(`Merged ${named} "${from}" into "${into}": ${moved} document${moved === 1 ? '' : 's'} updated.`);
      } finally {
        await archive.close();
      }
    })
    .exitOverride();

  command
    .command('duplicates')
    .description('list possible duplicates (same name in another order, with titles, or with initials) to merge')
    .addOption(new Option('-k, --kind <kind>', 'which kind').choices(KINDS).default('person'))
    .option('--json', 'print JSON')
    .action(async (opts: { kind: NamedKind; json?: boolean }, cmd: Command) => {
      const archive = await ctx.open(cmd);
      try {
        const groups = await findDuplicates(archive, opts.kind);
        if (opts.json) return ctx.out(JSON.stringify({ kind: opts.kind, groups }, null, 2));
        for (const g of groups) {
          ctx.out(`${REASON_TEXT[g.reason]}:`);
          for (const r of g.records) ctx.out(`  ${r.id}  ${r.name}  (${r.documents} document${r.documents === 1 ? '' : 's'})${r.id === g.into ? '  ← keep' : ''}`);
          for (const r of g.records) if (r.id !== g.into) ctx.out(`  dossier authority merge ${opts.kind} ${r.id} ${g.into}`);
        }
        ctx.out(groups.length === 0 ? `No possible duplicates among ${opts.kind === 'person' ? 'people' : `${opts.kind}s`}.` : `${groups.length} group${groups.length === 1 ? '' : 's'} of possible duplicates.`);
      } finally {
        await archive.close();
      }
    })
    .exitOverride();

  return command;
}

const REASON_TEXT = {
  'same name': 'Same name',
  initials: 'Same name but for initials',
  'family name only': 'Same family name, nothing else to go by',
} as const;

function checkKind(kind: string): NamedKind {
  if ((KINDS as readonly string[]).includes(kind)) return kind as NamedKind;
  throw new ValidationError([{ path: 'kind', message: `"${kind}" is not one of ${KINDS.join(', ')}` }], 'Unknown kind');
}

/** `Chiang Kai-shek` or `蔣介石@zh-Hant`. */
function parseVariant(text: string): NameVariant {
  const at = text.lastIndexOf('@');
  return at > 0 ? { name: text.slice(0, at), language: text.slice(at + 1) } : { name: text };
}
