/**
 * `dossier authority`: the people, organizations and places search knows by
 * all their names. `list` shows them with their variants, `add` creates one
 * or gives it more variants, `duplicates` lists possible duplicates (see
 * services/authority-duplicates.ts), `merge` folds a duplicate into another record:
 * every document that pointed to the duplicate points to the survivor, whose
 * variants gain the duplicate's names, and the search index follows in the
 * same transaction.
 * @module
 */
import { Command, Option } from 'commander';
import { authoritySchema, mergeVariants, type Authority, type AuthorityKind, type NameVariant } from '../../domain/authority.js';
import { zodIssues } from '../../domain/archive-record.js';
import type { Document } from '../../domain/document.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { findDuplicates } from '../../services/authority-duplicates.js';
import { saveAuthority, saveDocument } from '../../services/records.js';
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
        const { store } = archive.backend;
        const items = opts.name ? await store.findAuthoritiesByNames([opts.kind], [opts.name]) : (await store.listAuthorities(opts.kind)).items;
        if (opts.json) return ctx.out(JSON.stringify(items, null, 2));
        for (const a of items) {
          const variants = 'variants' in a ? a.variants.map((v) => v.name).join(', ') : '';
          ctx.out(`${a.id}  ${a.name}${variants ? `  (${variants})` : ''}`);
        }
        ctx.out(`${items.length} ${opts.kind === 'person' ? 'people' : `${opts.kind}s`}.`);
      } finally {
        await archive.backend.close();
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
        const outcome = await archive.backend.transaction(async (tx) => {
          const existing = await tx.store.getAuthority(named, id);
          const variants = opts.variant.map(parseVariant);
          const base = existing ?? { kind: named, id, name: name ?? '', variants: [] };
          if (!existing && !name) throw new ValidationError([{ path: 'name', message: `a new ${named} needs a name` }], `Cannot create ${named} "${id}"`);
          const record = validate({ ...base, ...(name && existing ? { name } : {}), variants: mergeVariants(base.name, (base as { variants?: NameVariant[] }).variants ?? [], variants) });
          return saveAuthority(tx, record, { actor: 'cli', note: 'dossier authority add' });
        });
        ctx.out(`${named} "${id}": ${outcome}.`);
      } finally {
        await archive.backend.close();
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
      if (from === into) throw new ValidationError([{ path: 'into', message: 'cannot merge an authority into itself' }], 'Nothing to merge');
      const archive = await ctx.open(cmd);
      try {
        const moved = await archive.backend.transaction(async (tx) => {
          const change = { actor: 'cli', note: `dossier authority merge ${named} ${from} ${into}` };
          const source = await tx.store.getAuthority(named, from);
          const target = await tx.store.getAuthority(named, into);
          if (!source) throw new NotFoundError(named, from);
          if (!target) throw new NotFoundError(named, into);
          const ids: string[] = [];
          for (let offset = 0; ; offset += 500) {
            const page = await tx.store.listDocuments({ ref: { kind: named, id: from }, status: 'any', limit: 500, offset });
            ids.push(...page.items.map((d) => d.id));
            if (page.items.length < 500) break;
          }
          const docs = await tx.store.getDocuments(ids);
          for (const doc of docs.values()) await saveDocument(tx, repoint(doc, named, from, into), change);
          const sourceVariants = 'variants' in source ? source.variants : [];
          const targetVariants = 'variants' in target ? target.variants : [];
          const merged = validate({ ...target, variants: mergeVariants(target.name, targetVariants, [{ name: source.name }, ...sourceVariants]) });
          await saveAuthority(tx, merged, change);
          await tx.store.deleteAuthority(named, from, change);
          return docs.size;
        });
        ctx.out(`Merged ${named} "${from}" into "${into}": ${moved} document${moved === 1 ? '' : 's'} updated.`);
      } finally {
        await archive.backend.close();
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
        await archive.backend.close();
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

function validate(input: unknown): Authority {
  const parsed = authoritySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), 'Invalid authority');
  return parsed.data;
}

/** The document with every reference to `from` pointing to `into` instead (duplicates dropped). */
function repoint(doc: Document, kind: AuthorityKind, from: string, into: string): Document {
  const swap = (id: string) => (id === from ? into : id);
  const unique = <T>(list: T[], key: (t: T) => string) => list.filter((x, i) => list.findIndex((y) => key(y) === key(x)) === i);
  if (kind === 'place') return { ...doc, places: unique(doc.places.map((p) => ({ ...p, id: swap(p.id) })), (p) => `${p.id}\u0000${p.role}`) };
  return { ...doc, agents: unique(doc.agents.map((a) => ({ ...a, id: swap(a.id) })), (a) => `${a.id}\u0000${a.role}`) };
}
