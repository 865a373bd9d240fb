/**
 * Names typed into a form's authority fields, turned into record ids. An
 * editor may type an id or any name a record answers to, in any script or
 * romanization ("Chou En-lai", "周恩来" and "zhou-enlai" all find Zhou
 * Enlai). A name that fits no record is an issue naming the field, unless
 * the editor asked to create missing records, in which case a new record
 * with that name is proposed (and saved with the document, in its
 * transaction). A name that fits several is always an issue, listing them.
 * @module
 */
import type { Authority, AuthorityKind } from '../domain/authority.js';
import type { Issue } from '../domain/errors.js';
import { RECORD_ID_PATTERN, slugify } from '../domain/ids.js';
import type { Actor } from '../domain/roles.js';
import type { Store } from '../backends/store.js';
import { requirePermission } from './access.js';
import type { Archive } from './archive.js';

/** Where each authority field of a document input is, and which kinds it may name. */
const FIELDS: { path: (doc: Record<string, any>) => { get: () => unknown; set: (v: string) => void; path: string }[]; kinds: AuthorityKind[]; create?: AuthorityKind }[] = [
  { path: (d) => one(d, 'type'), kinds: ['type'], create: 'type' },
  { path: (d) => one(d, 'rights'), kinds: ['rights'] },
  { path: (d) => (d.source ? one(d.source, 'repository', 'source.repository') : []), kinds: ['repository'], create: 'repository' },
  { path: (d) => list(d, 'funders'), kinds: ['funder'], create: 'funder' },
  { path: (d) => list(d, 'subjects'), kinds: ['subject'], create: 'subject' },
  { path: (d) => rows(d, 'agents'), kinds: ['person', 'organization'], create: 'person' },
  { path: (d) => rows(d, 'places'), kinds: ['place'], create: 'place' },
];

export interface Resolution {
  issues: Issue[];
  /** New records to save with the document. */
  create: Authority[];
}

/** Replaces names by ids in `input` (in place). */
export async function resolveReferenceNames(archive: Archive, input: Record<string, any>, options: { createMissing?: boolean } = {}): Promise<Resolution> {
  const { store } = archive.backend;
  const issues: Issue[] = [];
  const create = new Map<string, Authority>();
  for (const field of FIELDS) {
    for (const slot of field.path(input)) {
      const value = slot.get();
      if (typeof value !== 'string' || value.trim() === '') continue;
      const typed = value.trim();
      if (RECORD_ID_PATTERN.test(typed) && (await anyExists(store, field.kinds, typed))) {
        slot.set(typed);
        continue;
      }
      const found = (await Promise.all(field.kinds.map((k) => store.findAuthoritiesByName(k, typed)))).flat();
      const ids = [...new Set(found.map((a) => a.id))];
      if (ids.length === 1) {
        slot.set(ids[0]!);
      } else if (ids.length > 1) {
        issues.push({ path: slot.path, message: `“${typed}” names several records: ${found.map((a) => `${a.name} (${a.id})`).join(', ')}; type the id` });
      } else if (options.createMissing && field.create) {
        const id = slugify(typed, field.create);
        const existing = await anyExists(store, [field.create], id);
        const newId = existing ? `${id}-${Date.now().toString(36)}` : id;
        create.set(`${field.create}:${newId}`, { kind: field.create, id: newId, name: typed, variants: [], sameAs: [] } as unknown as Authority);
        slot.set(newId);
      } else {
        issues.push({ path: slot.path, message: `no ${field.kinds.join(' or ')} is called “${typed}”${field.create ? ' (tick “create missing records” to add it)' : ''}` });
      }
    }
  }
  return { issues, create: [...create.values()] };
}

async function anyExists(store: Store, kinds: AuthorityKind[], id: string): Promise<boolean> {
  for (const k of kinds) if ((await store.existingIds(k, [id])).size > 0) return true;
  return false;
}

function one(obj: Record<string, any>, key: string, path = key) {
  return key in obj ? [{ get: () => obj[key], set: (v: string) => (obj[key] = v), path }] : [];
}

function list(obj: Record<string, any>, key: string) {
  const arr = Array.isArray(obj[key]) ? (obj[key] as unknown[]) : [];
  return arr.map((_, i) => ({ get: () => arr[i], set: (v: string) => (arr[i] = v), path: `${key}.${i}` }));
}

function rows(obj: Record<string, any>, key: string) {
  const arr = Array.isArray(obj[key]) ? (obj[key] as Record<string, unknown>[]) : [];
  return arr.map((row, i) => ({ get: () => row.id, set: (v: string) => (row.id = v), path: `${key}.${i}.id` }));
}

/** Records of these kinds with a name starting with `prefix` (any variant, any script), for the forms' autocomplete. */
export async function suggestNames(archive: Archive, actor: Actor, kinds: AuthorityKind[], prefix: string) {
  requirePermission(actor, 'document.read-drafts');
  return archive.backend.store.suggestAuthorities(kinds, prefix.slice(0, 100), 12);
}
