/**
 * Writing records: the one path every change takes, whether it comes from an
 * import, the CLI or (later) an editor's form. It checks that every reference
 * resolves, writes the record, and keeps the search index in step, all
 * inside the caller's transaction.
 * @module
 */
import type { Repositories } from '../backends/backend.js';
import type { ArchiveRecord } from '../domain/archive-record.js';
import { allNames, type Authority, type AuthorityKind } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import { documentReferences, documentSchema, type Document } from '../domain/document.js';
import { releaseHtml, withRelease, type ReleaseRecord } from '../domain/release.js';
import { ValidationError, type Issue } from '../domain/errors.js';
import type { IndexEntry } from '../backends/search-index.js';
import type { ChangeMeta, Store, WriteOutcome } from '../backends/store.js';

/**
 * Saves one validated record. Throws {@link ValidationError} naming every
 * reference that does not resolve; nothing is written then.
 */
export async function saveRecord(repos: Repositories, record: ArchiveRecord, change: ChangeMeta): Promise<WriteOutcome> {
  switch (record.kind) {
    case 'document': {
      const { kind: _kind, ...doc } = record;
      return saveDocument(repos, doc, change);
    }
    case 'collection':
      return saveCollection(repos, record, change);
    case 'release':
      return saveRelease(repos, record, change);
    default:
      return saveAuthority(repos, record, change);
  }
}

export async function saveDocument(repos: Repositories, doc: Document, change: ChangeMeta): Promise<WriteOutcome> {
  const [saved] = await saveDocuments(repos, [doc], change);
  if (!saved!.ok) throw saved!.error;
  return saved!.outcome;
}

/** What saving one document of several came to: its outcome, or the references that do not resolve (nothing of it written). */
export type DocumentSave = { ok: true; outcome: WriteOutcome } | { ok: false; error: ValidationError };

/**
 * Saves validated documents as {@link saveDocument} would one after another,
 * with one lookup per kind of reference, one Store write and one index
 * update for them all: the import's path. A document whose references do not
 * resolve is refused alone; the others are written.
 */
export async function saveDocuments(repos: Repositories, docs: readonly Document[], change: ChangeMeta): Promise<DocumentSave[]> {
  const seen = new Set<string>();
  const repeat = docs.findIndex((d) => seen.has(d.id) || !seen.add(d.id));
  if (repeat > 0) return [...(await saveDocuments(repos, docs.slice(0, repeat), change)), ...(await saveDocuments(repos, docs.slice(repeat), change))];
  const issues = await referenceIssues(repos.store, docs);
  const written = await repos.store.putDocuments(docs.filter((_, i) => issues[i]!.length === 0), change);
  const changed = written.filter((w) => w.outcome !== 'unchanged').map((w) => w.document);
  if (changed.length > 0) await repos.search.index(await indexEntries(repos.store, changed));
  let next = 0;
  return docs.map((doc, i) =>
    issues[i]!.length > 0
      ? { ok: false, error: new ValidationError(issues[i]!, `Document "${doc.id}" refers to records that do not exist`) }
      : { ok: true, outcome: written[next++]!.outcome },
  );
}

/**
 * Adds a release to an existing document (or replaces the release with its
 * id). When it becomes the latest release and carries text, that text becomes
 * the document's transcript in place of the previous release's. The same
 * release saved twice is `unchanged`.
 */
export async function saveRelease(repos: Repositories, record: ReleaseRecord, change: ChangeMeta): Promise<WriteOutcome> {
  const { kind: _kind, document: id, ...release } = record;
  const doc = await repos.store.getDocument(id);
  if (!doc) throw new ValidationError([{ path: 'document', message: `document "${id}" does not exist` }], `Release "${release.id}" cannot be added`);
  const releases = withRelease(doc.releases, release);
  const latest = releases[releases.length - 1]!.id === release.id && (release.pages !== undefined || release.text !== undefined);
  const transcripts = latest
    ? [
        ...doc.transcripts.filter((t) => !t.release),
        { language: release.language ?? doc.languages[0] ?? 'und', title: release.name, html: releaseHtml(release), release: release.id },
      ]
    : doc.transcripts;
  const parsed = documentSchema.safeParse({ ...doc, releases, transcripts });
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })), `Release "${release.id}" cannot be added to "${id}"`);
  }
  return saveDocument(repos, parsed.data, change);
}

export async function saveCollection(repos: Repositories, collection: Collection, change: ChangeMeta): Promise<WriteOutcome> {
  const [saved] = await saveCollections(repos, [collection], change);
  if (!saved!.ok) throw saved!.error;
  return saved!.outcome;
}

/**
 * Saves collections as {@link saveCollection} would one after another, with
 * one Store write for them all: an import's sections. A parent must exist or
 * come earlier in the list, and no collection may end up inside itself; one
 * that fails is refused alone (and so are those inside it), the others are
 * written.
 */
export async function saveCollections(repos: Repositories, collections: readonly Collection[], change: ChangeMeta): Promise<DocumentSave[]> {
  // What each id will be once the collections before it are written: the accepted ones, else the store's.
  const accepted = new Map<string, Collection | undefined>();
  const find = async (id: string): Promise<Collection | undefined> => {
    if (!accepted.has(id)) accepted.set(id, await repos.store.getCollection(id));
    return accepted.get(id);
  };
  const results: (ValidationError | undefined)[] = [];
  const writes: Collection[] = [];
  for (const collection of collections) {
    const issues: Issue[] = [];
    if (collection.parent === collection.id) issues.push({ path: 'parent', message: 'a collection cannot be its own parent' });
    else if (collection.parent && !(await find(collection.parent))) issues.push({ path: 'parent', message: `collection "${collection.parent}" does not exist` });
    else if (collection.parent && (await isAncestor(find, collection.id, collection.parent))) {
      issues.push({ path: 'parent', message: `collection "${collection.parent}" is inside "${collection.id}"; that would make a loop` });
    }
    if (issues.length > 0) {
      results.push(new ValidationError(issues, `Collection "${collection.id}" cannot be saved`));
      continue;
    }
    accepted.set(collection.id, collection);
    writes.push(collection);
    results.push(undefined);
  }
  const written = await repos.store.putCollections(writes, change);
  let next = 0;
  return results.map((error) => (error ? { ok: false, error } : { ok: true, outcome: written[next++]!.outcome }));
}

export async function saveAuthority(repos: Repositories, authority: Authority, change: ChangeMeta): Promise<WriteOutcome> {
  return (await saveAuthorities(repos, [authority], change))[0]!;
}

/**
 * Saves authorities as {@link saveAuthority} would one after another, with
 * one Store write for them all: the import's path for a persons list. A
 * parent (a broader subject, a containing place or organization) must exist
 * or come earlier in the list; when one does not, nothing is written and the
 * {@link ValidationError} names it. Documents naming one that changed are
 * indexed again.
 */
export async function saveAuthorities(repos: Repositories, authorities: readonly Authority[], change: ChangeMeta): Promise<WriteOutcome[]> {
  const earlier = new Set<string>();
  for (const authority of authorities) {
    const parent = authorityParent(authority);
    if (parent && (parent.id === authority.id || !(earlier.has(`${parent.kind}\u0000${parent.id}`) || (await repos.store.getAuthority(parent.kind, parent.id))))) {
      throw new ValidationError(
        [{ path: parent.path, message: parent.id === authority.id ? 'a record cannot be its own parent' : `${parent.kind} "${parent.id}" does not exist` }],
        `${authority.kind} "${authority.id}" cannot be saved`,
      );
    }
    earlier.add(`${authority.kind}\u0000${authority.id}`);
  }
  const written = await repos.store.putAuthorities(authorities, change);
  for (const { outcome, authority } of written) {
    if (outcome === 'updated' && (authority.kind === 'person' || authority.kind === 'organization' || authority.kind === 'place')) {
      await reindexReferencing(repos, authority.kind, authority.id);
    }
  }
  return written.map((w) => w.outcome);
}

/** Every reference of a document that does not resolve, as issues naming the field. */
export async function checkDocumentReferences(store: Store, doc: Document): Promise<Issue[]> {
  return (await referenceIssues(store, [doc]))[0]!;
}

/** For each document, the references that do not resolve: one lookup per kind of reference for them all. */
async function referenceIssues(store: Store, docs: readonly Document[]): Promise<Issue[][]> {
  const refs = docs.map(documentReferences);
  const byKind = new Map<string, Set<string>>();
  for (const r of refs.flat()) byKind.set(r.kind, (byKind.get(r.kind) ?? new Set()).add(r.id));
  const found = new Map<string, Set<string>>();
  for (const [kind, set] of byKind) {
    const ids = [...set];
    if (kind === 'agent') {
      const people = await store.existingIds('person', ids);
      const orgs = await store.existingIds('organization', ids);
      found.set(kind, new Set([...people, ...orgs]));
    } else {
      found.set(kind, await store.existingIds(kind as AuthorityKind | 'collection', ids));
    }
  }
  return refs.map((list) =>
    list
      .filter((r) => !found.get(r.kind)?.has(r.id))
      .map((r) => ({
        path: r.path,
        message: `${r.kind === 'agent' ? 'person or organization' : r.kind} "${r.id}" does not exist`,
      })),
  );
}

/** What the search index needs for a document: the names (with variants) of everyone and everywhere it refers to. */
export async function indexEntry(store: Store, document: Document): Promise<IndexEntry> {
  return (await indexEntries(store, [document]))[0]!;
}

/** {@link indexEntry} for several documents, their authorities read together. */
export async function indexEntries(store: Store, documents: readonly Document[]): Promise<IndexEntry[]> {
  const refsOf = (document: Document) => {
    if (document.status !== 'published') return [];
    const agentIds = document.agents.map((a) => a.id);
    return [
      ...agentIds.map((id) => ({ kind: 'person' as const, id })),
      ...agentIds.map((id) => ({ kind: 'organization' as const, id })),
      ...document.places.map((p) => ({ kind: 'place' as const, id: p.id })),
    ];
  };
  const all = documents.flatMap(refsOf);
  const found = all.length > 0 ? await store.getAuthorities(all) : [];
  const byKey = new Map(found.map((a) => [`${a.kind}\u0000${a.id}`, a]));
  return documents.map((document) => {
    if (document.status !== 'published') return { document, names: [] };
    const authorities = [...new Set(refsOf(document).map((r) => `${r.kind}\u0000${r.id}`))].flatMap((key) => byKey.get(key) ?? []);
    return {
      document,
      names: [...new Set(authorities.flatMap(allNames))],
      // Grouped by kind, so person: and place: search the right names and the person/place facets know each id.
      authorities: authorities.flatMap((a) => (a.kind === 'person' || a.kind === 'organization' || a.kind === 'place' ? [{ kind: a.kind, id: a.id, names: allNames(a) }] : [])),
    };
  });
}

async function reindexReferencing(repos: Repositories, kind: AuthorityKind, id: string): Promise<void> {
  const pageSize = 500;
  for (let offset = 0; ; offset += pageSize) {
    const page = await repos.store.listDocuments({ ref: { kind, id }, limit: pageSize, offset });
    const docs = await repos.store.getDocuments(page.items.map((d) => d.id));
    const entries = await Promise.all([...docs.values()].map((d) => indexEntry(repos.store, d)));
    await repos.search.index(entries);
    if (page.items.length < pageSize) return;
  }
}

/** The record an authority names as its parent (a containing place or organization, a broader subject), which must exist before it. */
export function authorityParent(a: Authority): { kind: AuthorityKind; id: string; path: string } | undefined {
  if ((a.kind === 'place' || a.kind === 'organization') && a.parent) return { kind: a.kind, id: a.parent, path: 'parent' };
  if (a.kind === 'subject' && a.broader) return { kind: 'subject', id: a.broader, path: 'broader' };
  return undefined;
}

async function isAncestor(find: (id: string) => Promise<Collection | undefined>, candidate: string, of: string): Promise<boolean> {
  const seen = new Set<string>();
  let current: string | undefined = of;
  while (current && !seen.has(current)) {
    if (current === candidate) return true;
    seen.add(current);
    current = (await find(current))?.parent;
  }
  return false;
}
