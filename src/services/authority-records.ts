/**
 * The people, organizations and places search knows by all their names:
 * listing them with their variants, adding one or more variants, and
 * merging a duplicate into another record — every document that pointed to
 * the duplicate points to the survivor, whose variants gain the duplicate's
 * names, and the search index follows in the same transaction.
 * (`dossier authority`; duplicates are found in authority-duplicates.ts.)
 * @module
 */
import { zodIssues } from '../domain/archive-record.js';
import { authoritySchema, mergeVariants, type Authority, type AuthorityKind, type AuthorityOf, type NameVariant } from '../domain/authority.js';
import type { Document } from '../domain/document.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { WriteOutcome } from '../backends/store.js';
import type { Archive } from './archive.js';
import { saveAuthority, saveDocument } from './records.js';

export type NamedKind = 'person' | 'organization' | 'place';

/** Every authority of `kind`, or those answering to `name` (any variant, any script). */
export async function listNamedAuthorities<K extends NamedKind>(archive: Archive, kind: K, name?: string): Promise<AuthorityOf<K>[]> {
  const { store } = archive.backend;
  return name ? ((await store.findAuthoritiesByNames([kind], [name])) as AuthorityOf<K>[]) : (await store.listAuthorities(kind)).items;
}

/** Creates the authority (a new one needs `name`) or gives it more variants. */
export async function addAuthorityNames(archive: Archive, kind: NamedKind, id: string, name: string | undefined, variants: NameVariant[], note: string): Promise<WriteOutcome> {
  return archive.backend.transaction(async (tx) => {
    const existing = await tx.store.getAuthority(kind, id);
    const base = existing ?? { kind, id, name: name ?? '', variants: [] };
    if (!existing && !name) throw new ValidationError([{ path: 'name', message: `a new ${kind} needs a name` }], `Cannot create ${kind} "${id}"`);
    const record = validate({ ...base, ...(name && existing ? { name } : {}), variants: mergeVariants(base.name, (base as { variants?: NameVariant[] }).variants ?? [], variants) });
    return saveAuthority(tx, record, { actor: 'cli', note });
  });
}

/** Folds the authority `from` into `into`; returns how many documents were repointed. */
export async function mergeAuthority(archive: Archive, kind: NamedKind, from: string, into: string, change: { actor: string; note: string }): Promise<number> {
  if (from === into) throw new ValidationError([{ path: 'into', message: 'cannot merge an authority into itself' }], 'Nothing to merge');
  return archive.backend.transaction(async (tx) => {
    const source = await tx.store.getAuthority(kind, from);
    const target = await tx.store.getAuthority(kind, into);
    if (!source) throw new NotFoundError(kind, from);
    if (!target) throw new NotFoundError(kind, into);
    const ids: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await tx.store.listDocuments({ ref: { kind, id: from }, status: 'any', limit: 500, offset });
      ids.push(...page.items.map((d) => d.id));
      if (page.items.length < 500) break;
    }
    const docs = await tx.store.getDocuments(ids);
    for (const doc of docs.values()) await saveDocument(tx, repoint(doc, kind, from, into), change);
    const sourceVariants = 'variants' in source ? source.variants : [];
    const targetVariants = 'variants' in target ? target.variants : [];
    const merged = validate({ ...target, variants: mergeVariants(target.name, targetVariants, [{ name: source.name }, ...sourceVariants]) });
    await saveAuthority(tx, merged, change);
    await tx.store.deleteAuthority(kind, from, change);
    return docs.size;
  });
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
