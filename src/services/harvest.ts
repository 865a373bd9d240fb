/**
 * Harvesting: the public archive in the order this archive changed it, for
 * OAI-PMH, feeds and sitemaps. Published documents come with the authority
 * records and collections they refer to (resolved for a whole page at once);
 * withdrawn ones come as deletions, so a harvester that copied them learns
 * they are gone. Drafts, and any status other than these two, never appear.
 * @module
 */
import type { Authority, AuthorityKind, AuthorityOf } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import type { AgentRole, Document } from '../domain/document.js';
import type { ChangedDocument, ChangeQuery, ChangeStamp } from '../backends/store.js';
import type { Archive } from './archive.js';

/** A document as the open interfaces describe it: the record and the names of everything it points to. */
export interface ResolvedDocument {
  /** Position in the archive's change order. */
  seq: number;
  /** When this archive last wrote it (ISO, UTC). */
  changedAt: string;
  /** Withdrawn: reported as a deletion, without its content. */
  deleted: boolean;
  document: Document;
  type?: AuthorityOf<'type'>;
  rights?: AuthorityOf<'rights'>;
  repository?: AuthorityOf<'repository'>;
  funders: AuthorityOf<'funder'>[];
  agents: { authority: AuthorityOf<'person'> | AuthorityOf<'organization'>; role: AgentRole }[];
  places: { authority: AuthorityOf<'place'>; role: string }[];
  subjects: AuthorityOf<'subject'>[];
  collections: Collection[];
}

export interface HarvestQuery {
  /** Also list withdrawn documents, as deletions. */
  withDeleted: boolean;
  afterSeq?: number;
  changedFrom?: string;
  changedBefore?: string;
  /** Documents in any of these collections (callers expand sub-collections). */
  collections?: readonly string[];
  ref?: ChangeQuery['ref'];
  ids?: readonly string[];
  order?: 'asc' | 'desc';
}

function changeQuery(q: HarvestQuery): ChangeQuery {
  const { withDeleted, ...rest } = q;
  return { ...rest, statuses: withDeleted ? ['published', 'withdrawn'] : ['published'] };
}

/** One page of the change order, resolved. */
export async function harvestPage(archive: Archive, query: HarvestQuery & { limit: number }, collections?: Collection[]): Promise<ResolvedDocument[]> {
  const changes = await archive.backend.store.listChanges({ ...changeQuery(query), limit: query.limit });
  return resolveChanges(archive, changes, collections ?? (await archive.backend.store.listCollections()));
}

export function countHarvest(archive: Archive, query: HarvestQuery): Promise<number> {
  return archive.backend.store.countChanges(changeQuery(query));
}

/** The earliest change a harvest can see (ISO), or undefined for an empty archive. */
export function earliestHarvestable(archive: Archive): Promise<string | undefined> {
  return archive.backend.store.earliestChange(['published', 'withdrawn']);
}

/** Ids and datestamps of published documents in change order, from `offset` (no records read); for sitemaps. */
export function publishedStamps(archive: Archive, limit: number, offset = 0): Promise<ChangeStamp[]> {
  return archive.backend.store.listChangeStamps({ statuses: ['published'], limit, offset });
}

/** Every collection, for sets: harvesting needs the whole tree, not counts. */
export function harvestCollections(archive: Archive): Promise<Collection[]> {
  return archive.backend.store.listCollections();
}

const TOKEN_KEY_SETTING = 'oai.token-key';

/**
 * The key resumption tokens are signed with, made on first use and kept in
 * the archive, so every process serving it accepts the others' tokens.
 */
export async function harvestTokenKey(archive: Archive, make: () => string): Promise<string> {
  const existing = await archive.backend.store.getSetting(TOKEN_KEY_SETTING);
  if (existing) return existing;
  return archive.backend.transaction(async (tx) => {
    // Another process may have made one meanwhile; the first one written wins.
    const raced = await tx.store.getSetting(TOKEN_KEY_SETTING);
    if (raced) return raced;
    const key = make();
    await tx.store.putSetting(TOKEN_KEY_SETTING, key);
    return key;
  });
}

/** One document by id, resolved; undefined when it is not public (missing, draft, any status but published or withdrawn). */
export async function harvestDocument(archive: Archive, id: string): Promise<ResolvedDocument | undefined> {
  const [found] = await archive.backend.store.listChanges({ statuses: ['published', 'withdrawn'], ids: [id], limit: 1 });
  return found ? (await resolveChanges(archive, [found], await archive.backend.store.listCollections()))[0] : undefined;
}

async function resolveChanges(archive: Archive, changes: ChangedDocument[], collections: Collection[]): Promise<ResolvedDocument[]> {
  const refs = new Map<string, { kind: AuthorityKind; id: string }>();
  const want = (kind: AuthorityKind, id: string | undefined) => id && refs.set(`${kind}\u0000${id}`, { kind, id });
  for (const { document: d } of changes) {
    if (d.status !== 'published') continue;
    want('type', d.type);
    want('rights', d.rights);
    want('repository', d.source.repository);
    d.funders.forEach((id) => want('funder', id));
    d.subjects.forEach((id) => want('subject', id));
    d.places.forEach((p) => want('place', p.id));
    d.agents.forEach((a) => (want('person', a.id), want('organization', a.id)));
  }
  const found = refs.size ? await archive.backend.store.getAuthorities([...refs.values()]) : [];
  const byKey = new Map<string, Authority>(found.map((a) => [`${a.kind}\u0000${a.id}`, a]));
  const get = <K extends AuthorityKind>(kind: K, id: string | undefined) => (id ? (byKey.get(`${kind}\u0000${id}`) as AuthorityOf<K> | undefined) : undefined);
  const collectionById = new Map(collections.map((c) => [c.id, c]));

  return changes.map(({ seq, changedAt, document: d }) => {
    const deleted = d.status !== 'published';
    const base = { seq, changedAt, deleted, document: d };
    if (deleted) return { ...base, funders: [], agents: [], places: [], subjects: [], collections: d.collections.map((c) => collectionById.get(c.id)).filter(isDefined) };
    return {
      ...base,
      type: get('type', d.type),
      rights: get('rights', d.rights),
      repository: get('repository', d.source.repository),
      funders: d.funders.map((id) => get('funder', id)).filter(isDefined),
      agents: d.agents.flatMap((a) => {
        const authority = get('person', a.id) ?? get('organization', a.id);
        return authority ? [{ authority, role: a.role }] : [];
      }),
      places: d.places.flatMap((p) => {
        const authority = get('place', p.id);
        return authority ? [{ authority, role: p.role }] : [];
      }),
      subjects: d.subjects.map((id) => get('subject', id)).filter(isDefined),
      collections: d.collections.map((c) => collectionById.get(c.id)).filter(isDefined),
    };
  });
}

function isDefined<T>(v: T | undefined): v is T {
  return v !== undefined;
}
