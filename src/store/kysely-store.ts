/**
 * The Store, written once in Kysely for every SQL dialect. Records are kept
 * whole as JSON; side tables (collection membership, authority references,
 * relations, names) are rewritten with each record so queries can use them.
 * @module
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Authority, AuthorityKind, AuthorityOf } from '../domain/authority.js';
import { allNames, AUTHORITY_KINDS } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import type { Document, DocumentStatus } from '../domain/document.js';
import { contentHash } from '../domain/canonical-json.js';
import { slugify } from '../domain/ids.js';
import { foldName } from '../domain/names.js';
import { parsePartialDate, UNDATED_SORT_KEY } from '../domain/partial-date.js';
import type { Database } from './schema.js';
import type {
  ArchiveStats, ChangeMeta, DocumentListQuery, DocumentSummary, Page, RevisionInfo, Store, WriteOutcome,
} from './store.js';

type Db = Kysely<Database> | Transaction<Database>;

export class KyselyStore implements Store {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  // ---- documents -------------------------------------------------------

  async getDocument(id: string): Promise<Document | undefined> {
    const row = await this.#db.selectFrom('documents').select('record').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.record) as Document) : undefined;
  }

  async getDocuments(ids: readonly string[]): Promise<Map<string, Document>> {
    const out = new Map<string, Document>();
    for (const chunk of chunks(unique(ids), 500)) {
      const rows = await this.#db.selectFrom('documents').select(['id', 'record']).where('id', 'in', chunk).execute();
      for (const row of rows) out.set(row.id, JSON.parse(row.record) as Document);
    }
    return out;
  }

  async findDocumentIdBySlug(slug: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('documents')
      .select('id')
      .where('slug', '=', slug)
      .orderBy('id')
      .executeTakeFirst();
    return row?.id;
  }

  async putDocument(input: Document, change: ChangeMeta): Promise<{ outcome: WriteOutcome; document: Document }> {
    const now = change.at ?? new Date().toISOString();
    const existing = await this.#db
      .selectFrom('documents')
      .select(['hash', 'record'])
      .where('id', '=', input.id)
      .executeTakeFirst();
    const previous = existing ? (JSON.parse(existing.record) as Document) : undefined;
    const document: Document = {
      ...input,
      slug: input.slug ?? previous?.slug ?? (await this.#uniqueSlug(slugify(input.title, 'document'), input.id)),
      uploadedAt: input.uploadedAt ?? previous?.uploadedAt ?? now,
      publishedAt: input.publishedAt ?? previous?.publishedAt ?? (input.status === 'published' ? now : undefined),
      updatedAt: undefined,
    };
    const hash = contentHash(document);
    if (existing && previous && existing.hash === hash) return { outcome: 'unchanged', document: previous };
    document.updatedAt = input.updatedAt && input.updatedAt !== previous?.updatedAt ? input.updatedAt : now;

    const date = document.date ? parsePartialDate(document.date) : undefined;
    const range = date?.ok ? date.value.range : undefined;
    const row = {
      slug: document.slug!,
      title: document.title,
      summary: document.summary ?? null,
      status: document.status,
      type: document.type ?? null,
      date_edtf: document.date ?? null,
      date_start: range?.start ?? null,
      date_end: range?.end ?? null,
      date_sort: date?.ok ? date.value.sortKey : UNDATED_SORT_KEY,
      uploaded_at: document.uploadedAt ?? null,
      updated_at: document.updatedAt,
      published_at: document.publishedAt ?? null,
      sample: document.sample ? 1 : 0,
      change_seq: await this.#nextChange(),
      hash,
      record: JSON.stringify(document),
    };
    if (existing) {
      await this.#db.updateTable('documents').set(row).where('id', '=', document.id).execute();
      await this.#deleteDocumentLinks(document.id);
    } else {
      await this.#db.insertInto('documents').values({ id: document.id, ...row }).execute();
    }
    await this.#insertDocumentLinks(document);
    await this.#addRevision('document', document.id, hash, document, change, now);
    return { outcome: existing ? 'updated' : 'created', document };
  }

  async deleteDocument(id: string, change: ChangeMeta): Promise<boolean> {
    const deleted = await this.#db.deleteFrom('documents').where('id', '=', id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await this.#deleteDocumentLinks(id);
    await this.#addRevision('document', id, 'deleted', null, change, change.at ?? new Date().toISOString());
    return true;
  }

  async listDocuments(query: DocumentListQuery): Promise<Page<DocumentSummary>> {
    const status = query.status ?? 'published';
    let base = this.#db.selectFrom('documents as d');
    if (query.collection) {
      base = base.innerJoin('document_collections as dc', (join) =>
        join.onRef('dc.document_id', '=', 'd.id').on('dc.collection_id', '=', query.collection!),
      );
    }
    if (query.ref) {
      const ref = query.ref;
      // People and organizations are both "agents" in document_refs.
      const kind = ref.kind === 'person' || ref.kind === 'organization' ? 'agent' : ref.kind;
      base = base.where('d.id', 'in', (eb) =>
        eb.selectFrom('document_refs').select('document_id').where('kind', '=', kind).where('ref_id', '=', ref.id),
      );
    }
    if (status !== 'any') base = base.where('d.status', '=', status);

    const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = base.select([
      'd.id', 'd.slug', 'd.title', 'd.date_edtf', 'd.summary', 'd.type', 'd.status', 'd.sample', 'd.uploaded_at',
    ]);
    const order = query.order ?? 'date';
    if (order === 'collection' && query.collection) {
      // Editor positions first (in order), then everything else chronologically.
      rows = rows
        .orderBy(sql`case when dc.position is null then 1 else 0 end`)
        .orderBy(sql`dc.position`)
        .orderBy('d.date_sort')
        .orderBy('d.id');
    } else if (order === 'date-desc') {
      // Newest first, but undated documents still last.
      rows = rows.orderBy(sql`case when d.date_start is null then 1 else 0 end`).orderBy('d.date_sort', 'desc').orderBy('d.id', 'desc');
    } else if (order === 'uploaded-desc') {
      rows = rows.orderBy('d.uploaded_at', 'desc').orderBy('d.id', 'desc');
    } else {
      rows = rows.orderBy('d.date_sort').orderBy('d.id');
    }
    const items = await rows.limit(query.limit).offset(query.offset ?? 0).execute();
    return {
      total: Number(totalRow.n),
      items: items.map((r) => ({
        id: r.id,
        slug: r.slug,
        title: r.title,
        date: r.date_edtf ?? undefined,
        summary: r.summary ?? undefined,
        type: r.type ?? undefined,
        status: r.status as DocumentStatus,
        sample: Boolean(r.sample),
        uploadedAt: r.uploaded_at ?? undefined,
      })),
    };
  }

  async listRelatedTo(id: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('document_relations')
      .select('document_id')
      .where('related_id', '=', id)
      .orderBy('document_id')
      .execute();
    return rows.map((r) => r.document_id);
  }

  async *scanDocuments(options: { batchSize?: number; status?: DocumentStatus | 'any' } = {}): AsyncIterable<Document> {
    const batchSize = options.batchSize ?? 500;
    let after = '';
    for (;;) {
      let q = this.#db.selectFrom('documents').select(['id', 'record']).where('id', '>', after);
      if (options.status && options.status !== 'any') q = q.where('status', '=', options.status);
      const rows = await q.orderBy('id').limit(batchSize).execute();
      for (const row of rows) yield JSON.parse(row.record) as Document;
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  // ---- collections -----------------------------------------------------

  async getCollection(id: string): Promise<Collection | undefined> {
    const row = await this.#db.selectFrom('collections').select('record').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.record) as Collection) : undefined;
  }

  async listCollections(): Promise<Collection[]> {
    const rows = await this.#db.selectFrom('collections').select('record').orderBy('title').execute();
    return rows.map((r) => JSON.parse(r.record) as Collection);
  }

  async putCollection(input: Collection, change: ChangeMeta): Promise<{ outcome: WriteOutcome; collection: Collection }> {
    const now = change.at ?? new Date().toISOString();
    const existing = await this.#db.selectFrom('collections').select(['hash', 'record']).where('id', '=', input.id).executeTakeFirst();
    const previous = existing ? (JSON.parse(existing.record) as Collection) : undefined;
    const collection: Collection = { ...input, createdAt: input.createdAt ?? previous?.createdAt ?? now, updatedAt: undefined };
    const hash = contentHash(collection);
    if (existing && previous && existing.hash === hash) return { outcome: 'unchanged', collection: previous };
    collection.updatedAt = input.updatedAt && input.updatedAt !== previous?.updatedAt ? input.updatedAt : now;
    const row = {
      parent: collection.parent ?? null,
      position: collection.position ?? null,
      title: collection.title,
      updated_at: collection.updatedAt,
      hash,
      record: JSON.stringify(collection),
    };
    if (existing) await this.#db.updateTable('collections').set(row).where('id', '=', collection.id).execute();
    else await this.#db.insertInto('collections').values({ id: collection.id, ...row }).execute();
    await this.#addRevision('collection', collection.id, hash, collection, change, now);
    return { outcome: existing ? 'updated' : 'created', collection };
  }

  async countCollectionDocuments(): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('document_collections as dc')
      .innerJoin('documents as d', 'd.id', 'dc.document_id')
      .where('d.status', '=', 'published')
      .select(['dc.collection_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('dc.collection_id')
      .execute();
    return new Map(rows.map((r) => [r.collection_id, Number(r.n)]));
  }

  // ---- authorities -----------------------------------------------------

  async getAuthority<K extends AuthorityKind>(kind: K, id: string): Promise<AuthorityOf<K> | undefined> {
    const row = await this.#db
      .selectFrom('authorities')
      .select('record')
      .where('kind', '=', kind)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? (JSON.parse(row.record) as AuthorityOf<K>) : undefined;
  }

  async getAuthorities(refs: readonly { kind: AuthorityKind; id: string }[]): Promise<Authority[]> {
    const out: Authority[] = [];
    const byKind = new Map<string, string[]>();
    for (const r of refs) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
    for (const [kind, ids] of byKind) {
      for (const chunk of chunks(unique(ids), 500)) {
        const rows = await this.#db
          .selectFrom('authorities')
          .select('record')
          .where('kind', '=', kind)
          .where('id', 'in', chunk)
          .execute();
        out.push(...rows.map((r) => JSON.parse(r.record) as Authority));
      }
    }
    return out;
  }

  async listAuthorities<K extends AuthorityKind>(
    kind: K,
    options: { limit?: number; offset?: number } = {},
  ): Promise<Page<AuthorityOf<K>>> {
    const total = await this.#db
      .selectFrom('authorities')
      .where('kind', '=', kind)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.#db
      .selectFrom('authorities')
      .select('record')
      .where('kind', '=', kind)
      .orderBy('name')
      .orderBy('id')
      .limit(options.limit ?? 1_000_000)
      .offset(options.offset ?? 0)
      .execute();
    return { total: Number(total.n), items: rows.map((r) => JSON.parse(r.record) as AuthorityOf<K>) };
  }

  async findAuthoritiesByName<K extends AuthorityKind>(kind: K, name: string): Promise<AuthorityOf<K>[]> {
    const folded = foldName(name);
    if (!folded) return [];
    const rows = await this.#db
      .selectFrom('authorities as a')
      .select('a.record')
      .where('a.kind', '=', kind)
      .where('a.id', 'in', (eb) =>
        eb.selectFrom('authority_names').select('id').where('kind', '=', kind).where('folded', '=', folded),
      )
      .orderBy('a.id')
      .execute();
    return rows.map((r) => JSON.parse(r.record) as AuthorityOf<K>);
  }

  async putAuthority(input: Authority, change: ChangeMeta): Promise<{ outcome: WriteOutcome; authority: Authority }> {
    const now = change.at ?? new Date().toISOString();
    const hash = contentHash(input);
    const existing = await this.#db
      .selectFrom('authorities')
      .select(['hash', 'record'])
      .where('kind', '=', input.kind)
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (existing?.hash === hash) return { outcome: 'unchanged', authority: JSON.parse(existing.record) as Authority };
    const row = { name: input.name, updated_at: now, hash, record: JSON.stringify(input) };
    if (existing) {
      await this.#db.updateTable('authorities').set(row).where('kind', '=', input.kind).where('id', '=', input.id).execute();
      await this.#db.deleteFrom('authority_names').where('kind', '=', input.kind).where('id', '=', input.id).execute();
    } else {
      await this.#db.insertInto('authorities').values({ kind: input.kind, id: input.id, ...row }).execute();
    }
    const names = unique(allNames(input));
    await this.#db
      .insertInto('authority_names')
      .values(names.map((name) => ({ kind: input.kind, id: input.id, name, folded: foldName(name) })))
      .execute();
    await this.#addRevision(input.kind, input.id, hash, input, change, now);
    return { outcome: existing ? 'updated' : 'created', authority: input };
  }

  async existingIds(kind: AuthorityKind | 'collection' | 'document', ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of chunks(unique(ids), 500)) {
      const rows =
        kind === 'collection' || kind === 'document'
          ? await this.#db.selectFrom(kind === 'collection' ? 'collections' : 'documents').select('id').where('id', 'in', chunk).execute()
          : await this.#db.selectFrom('authorities').select('id').where('kind', '=', kind).where('id', 'in', chunk).execute();
      for (const r of rows) found.add(r.id);
    }
    return found;
  }

  // ---- revisions, settings, stats -----------------------------------------

  async listRevisions(kind: string, id: string): Promise<RevisionInfo[]> {
    const rows = await this.#db
      .selectFrom('revisions')
      .select(['revision', 'changed_at', 'actor', 'note', 'record'])
      .where('record_kind', '=', kind)
      .where('record_id', '=', id)
      .orderBy('revision', 'desc')
      .execute();
    return rows.map((r) => ({
      revision: r.revision,
      changedAt: r.changed_at,
      actor: r.actor,
      note: r.note ?? undefined,
      deleted: r.record === null,
    }));
  }

  async getRevision(kind: string, id: string, revision: number): Promise<unknown | undefined> {
    const row = await this.#db
      .selectFrom('revisions')
      .select('record')
      .where('record_kind', '=', kind)
      .where('record_id', '=', id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return row?.record ? JSON.parse(row.record) : undefined;
  }

  async getSetting(key: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.#db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  async stats(): Promise<ArchiveStats> {
    const statuses = await this.#db
      .selectFrom('documents')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const byStatus = new Map(statuses.map((r) => [r.status, Number(r.n)]));
    const collections = await this.#db
      .selectFrom('collections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const kinds = await this.#db
      .selectFrom('authorities')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute();
    const authorities: ArchiveStats['authorities'] = {};
    for (const k of AUTHORITY_KINDS) authorities[k] = 0;
    for (const r of kinds) authorities[r.kind as AuthorityKind] = Number(r.n);
    const published = byStatus.get('published') ?? 0;
    const drafts = byStatus.get('draft') ?? 0;
    const withdrawn = byStatus.get('withdrawn') ?? 0;
    return { documents: published + drafts + withdrawn, published, drafts, withdrawn, collections: Number(collections.n), authorities };
  }

  // ---- internals -------------------------------------------------------

  async #uniqueSlug(base: string, id: string): Promise<string> {
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      const taken = await this.#db
        .selectFrom('documents')
        .select('id')
        .where('slug', '=', slug)
        .where('id', '!=', id)
        .executeTakeFirst();
      if (!taken) return slug;
    }
  }

  async #nextChange(): Promise<number> {
    const row = await this.#db
      .updateTable('sequences')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('name', '=', 'change')
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async #deleteDocumentLinks(id: string): Promise<void> {
    await this.#db.deleteFrom('document_collections').where('document_id', '=', id).execute();
    await this.#db.deleteFrom('document_refs').where('document_id', '=', id).execute();
    await this.#db.deleteFrom('document_relations').where('document_id', '=', id).execute();
  }

  async #insertDocumentLinks(doc: Document): Promise<void> {
    if (doc.collections.length > 0) {
      await this.#db
        .insertInto('document_collections')
        .values(doc.collections.map((c) => ({ document_id: doc.id, collection_id: c.id, position: c.position ?? null })))
        .execute();
    }
    const refs = documentRefRows(doc);
    if (refs.length > 0) await this.#db.insertInto('document_refs').values(refs).execute();
    if (doc.related.length > 0) {
      await this.#db
        .insertInto('document_relations')
        .values(doc.related.map((r) => ({ document_id: doc.id, related_id: r.id, relation: r.relation ?? null })))
        .execute();
    }
  }

  async #addRevision(kind: string, id: string, hash: string, record: unknown, change: ChangeMeta, at: string): Promise<void> {
    const last = await this.#db
      .selectFrom('revisions')
      .select((eb) => eb.fn.max('revision').as('n'))
      .where('record_kind', '=', kind)
      .where('record_id', '=', id)
      .executeTakeFirst();
    await this.#db
      .insertInto('revisions')
      .values({
        record_kind: kind,
        record_id: id,
        revision: Number(last?.n ?? 0) + 1,
        changed_at: at,
        actor: change.actor,
        note: change.note ?? null,
        hash,
        record: record === null ? null : JSON.stringify(record),
      })
      .execute();
  }
}

/** The authority references of a document as side-table rows (deduplicated: the same person may be creator and mentioned). */
function documentRefRows(doc: Document): Database['document_refs'][] {
  const rows = new Map<string, Database['document_refs']>();
  const add = (kind: string, ref_id: string, role: string) =>
    rows.set(`${kind}\u0000${ref_id}\u0000${role}`, { document_id: doc.id, kind, ref_id, role });
  for (const a of doc.agents) add('agent', a.id, a.role);
  for (const p of doc.places) add('place', p.id, p.role);
  for (const s of doc.subjects) add('subject', s, 'subject');
  for (const f of doc.funders) add('funder', f, 'funder');
  if (doc.rights) add('rights', doc.rights, 'rights');
  if (doc.type) add('type', doc.type, 'type');
  if (doc.source.repository) add('repository', doc.source.repository, 'repository');
  for (const l of doc.languages) add('language', l, 'original');
  for (const t of doc.translations) add('language', t.language, 'translation');
  return [...rows.values()];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function* chunks<T>(values: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}
