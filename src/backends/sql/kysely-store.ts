/**
 * The Store, written once in Kysely for every SQL dialect. Records are kept
 * whole as JSON; side tables (collection membership, authority references,
 * relations, names) are rewritten with each record so queries can use them.
 * @module
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Authority, AuthorityKind, AuthorityOf } from '../../domain/authority.js';
import { AUTHORITY_KINDS } from '../../domain/authority.js';
import type { Collection } from '../../domain/collection.js';
import type { Document, DocumentStatus } from '../../domain/document.js';
import { contentHash } from '../../domain/canonical-json.js';
import { foldName } from '../../domain/names.js';
import { personNameKeys } from '../../domain/person-name.js';
import { lockWriters, writeAuthorities } from './authority-writes.js';
import { writeCollections } from './collection-writes.js';
import { addRevisions, deleteDocumentLinks, writeDocuments, type BulkInsert } from './document-writes.js';
import { countChanges, earliestChange, listChanges, listChangeStamps } from './change-log.js';
import { QueryTemplates } from './query-templates.js';
import type { Database } from './schema.js';
import type {
  ArchiveStats, ChangedDocument, ChangeMarker, ChangeMeta, ChangeQuery, ChangeStamp, CollectionNeighbours, DateHistogram, DateHistogramQuery, DocumentChange, DocumentListQuery,
  DocumentPageRead, DocumentSummary, HashedDocument, Page, RevisionInfo, Store, WriteOutcome,
} from '../store.js';

type Db = Kysely<Database> | Transaction<Database>;

export class KyselyStore implements Store {
  readonly #db: Db;
  readonly #templates: QueryTemplates;
  readonly #bulk: BulkInsert | undefined;

  /**
   * `templates` is shared by the stores of one database, so each query shape is compiled once per process.
   * `bulk`: the database's own way of writing many rows (COPY on PostgreSQL), for a store inside a transaction.
   */
  constructor(db: Db, templates = new QueryTemplates(), bulk?: BulkInsert) {
    this.#db = db;
    this.#templates = templates;
    this.#bulk = bulk;
  }

  // ---- documents -------------------------------------------------------

  async getDocument(id: string): Promise<Document | undefined> {
    const row = await this.#db.selectFrom('documents').select('record').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.record) as Document) : undefined;
  }

  async documentPage(id: string, also: readonly string[]): Promise<DocumentPageRead | undefined> {
    // One statement, one row per thing read: the record ('d'), each authority it points to ('a', through the
    // document_refs rows written with the record; agents are people or organizations), each document listing
    // it as related ('r'), and the summaries ('s') of its related documents either way and of `also`.
    // The columns are the union of the parts'; a part leaves the others null.
    const none = sql`null as slug, null as title, null as date_edtf, null as summary, null as type, null as status, cast(null as integer) as sample, null as uploaded_at, cast(null as bigint) as change_seq`;
    // The ids asked for beside them within the one IN: an OR beside it would keep the database from its primary key.
    const wanted = also.length ? sql` union select id from documents where id in (${sql.join(unique(also))})` : sql``;
    const { rows } = await sql<{ part: string; id: string; kind: string | null; record: string | null; change_seq: number | string | null } & Omit<SummaryRow, 'id'>>`
      select 'd' as part, d.id as id, null as kind, d.record as record, null as slug, null as title, null as date_edtf, null as summary, null as type, null as status, cast(null as integer) as sample, null as uploaded_at, d.change_seq as change_seq from documents d where d.id = ${id}
      union all
      select 'a', a.id, a.kind, a.record, ${none} from document_refs r
        join authorities a on a.id = r.ref_id and (a.kind = r.kind or (r.kind = 'agent' and a.kind in ('person', 'organization')))
        where r.document_id = ${id} and r.kind <> 'language'
      union all
      select 'r', rel.document_id, null, null, ${none} from document_relations rel where rel.related_id = ${id}
      union all
      select 's', s.id, null, null, s.slug, s.title, s.date_edtf, s.summary, s.type, s.status, s.sample, s.uploaded_at, null from documents s
        where s.id in (select related_id from document_relations where document_id = ${id} union select document_id from document_relations where related_id = ${id}${wanted})
      order by 1, 2
    `.execute(this.#db);
    let document: Document | undefined;
    let change = '';
    const authorities = new Map<string, Authority>();
    const relatedTo: string[] = [];
    const summaries = new Map<string, DocumentSummary>();
    for (const row of rows) {
      if (row.part === 'd') {
        document = JSON.parse(row.record!) as Document;
        change = String(row.change_seq);
      }
      else if (row.part === 'a') {
        const key = `${row.kind}\u0000${row.id}`;
        // An agent named in two roles is joined twice.
        if (!authorities.has(key)) authorities.set(key, JSON.parse(row.record!) as Authority);
      } else if (row.part === 'r') relatedTo.push(row.id);
      else summaries.set(row.id, summaryOf(row as SummaryRow));
    }
    if (!document) return undefined;
    return { document, change, authorities: [...authorities.values()], relatedTo, summaries };
  }

  async getDocuments(ids: readonly string[]): Promise<Map<string, Document>> {
    const out = new Map<string, Document>();
    for (const chunk of chunks(unique(ids), 500)) {
      const rows = await this.#db.selectFrom('documents').select(['id', 'record']).where('id', 'in', chunk).execute();
      for (const row of rows) out.set(row.id, JSON.parse(row.record) as Document);
    }
    return out;
  }

  async documentHashes(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const chunk of chunks(unique(ids), 500)) {
      for (const row of await this.#db.selectFrom('documents').select(['id', 'hash']).where('id', 'in', chunk).execute()) out.set(row.id, row.hash);
    }
    return out;
  }

  async getHashedDocuments(ids: readonly string[]): Promise<Map<string, HashedDocument>> {
    const out = new Map<string, HashedDocument>();
    for (const chunk of chunks(unique(ids), 500)) {
      const rows = await this.#db.selectFrom('documents').select(['id', 'hash', 'record']).where('id', 'in', chunk).execute();
      for (const row of rows) out.set(row.id, { document: JSON.parse(row.record) as Document, hash: row.hash, size: row.record.length });
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
    return (await writeDocuments(this.#db, this.#templates, [input], change, this.#bulk))[0]!;
  }

  putDocuments(inputs: readonly Document[], change: ChangeMeta): Promise<{ outcome: WriteOutcome; document: Document }[]> {
    return writeDocuments(this.#db, this.#templates, inputs, change, this.#bulk);
  }

  async deleteDocument(id: string, change: ChangeMeta): Promise<boolean> {
    await this.#lockWriters();
    const deleted = await this.#db.deleteFrom('documents').where('id', '=', id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await deleteDocumentLinks(this.#db, [id]);
    await this.#addRevision('document', id, 'deleted', null, change, change.at ?? new Date().toISOString());
    return true;
  }

  async listDocuments(query: DocumentListQuery): Promise<Page<DocumentSummary>> {
    const status = query.status ?? 'published';
    let base = this.#db.selectFrom('documents as d');
    if (query.collection) {
      // From the collection's rows, each document looked up by id (CROSS JOIN fixes that order in SQLite; elsewhere it
      // is the same inner join): joined the other way, SQLite walked every published document to count a collection's
      // (3 ms a FRUS chapter, and the whole archive at any size).
      base = this.#db
        .selectFrom('document_collections as dc')
        .crossJoin('documents as d')
        .whereRef('d.id', '=', 'dc.document_id')
        .where('dc.collection_id', '=', query.collection) as unknown as typeof base;
    }
    if (query.ref) {
      const ref = query.ref;
      // People and organizations are both "agents" in document_refs.
      const kind = ref.kind === 'person' || ref.kind === 'organization' ? 'agent' : ref.kind;
      base = base.where('d.id', 'in', (eb) => {
        const ids = typeof ref.id === 'string' ? [ref.id] : [...ref.id];
        const refs = eb
          .selectFrom('document_refs')
          .select('document_id')
          .where('kind', '=', kind)
          // An empty id list would render as invalid SQL (`in ()`); no id matches nothing.
          .where((eb) => (ids.length ? eb('ref_id', 'in', ids) : sql<boolean>`false`));
        return ref.role ? refs.where('role', '=', ref.role) : refs;
      });
    }
    if (query.collections) {
      // An empty id list would render as invalid SQL (`in ()`); it simply matches nothing.
      if (query.collections.length === 0) return { items: [], total: 0 };
      const ids = [...query.collections];
      base = base.where('d.id', 'in', (eb) =>
        eb.selectFrom('document_collections').select('document_id').where('collection_id', 'in', ids),
      );
    }
    if (query.dated) base = base.where('d.date_start', '>=', query.dated.from).where('d.date_end', '<=', query.dated.to);
    if (query.undated) base = base.where('d.date_start', 'is', null);
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
      // Never-published documents (no upload date) last on every database: SQLite and PostgreSQL disagree on where nulls sort.
      rows = rows.orderBy('d.uploaded_at', (ob) => ob.desc().nullsLast()).orderBy('d.id', 'desc');
    } else {
      rows = rows.orderBy('d.date_sort').orderBy('d.id');
    }
    const items = await rows.limit(query.limit).offset(query.offset ?? 0).execute();
    return { total: Number(totalRow.n), items: items.map(summaryOf) };
  }

  async #summaries(ids: string[]): Promise<Map<string, DocumentSummary>> {
    const rows = await this.#db
      .selectFrom('documents as d')
      .select(['d.id', 'd.slug', 'd.title', 'd.date_edtf', 'd.summary', 'd.type', 'd.status', 'd.sample', 'd.uploaded_at'])
      .where('d.id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, summaryOf(r)]));
  }

  async getDocumentSummaries(ids: readonly string[]): Promise<Map<string, DocumentSummary>> {
    const out = new Map<string, DocumentSummary>();
    for (const chunk of chunks(unique(ids), 500)) for (const [id, summary] of await this.#summaries(chunk)) out.set(id, summary);
    return out;
  }

  async dateHistogram(query: DateHistogramQuery): Promise<DateHistogram> {
    // A decade, year or month is a prefix of the ISO date: a range lies in one bucket when both ends share it.
    const width = query.unit === 'decade' ? 3 : query.unit === 'year' ? 4 : 7;
    const startKey = sql<string>`substr(d.date_start, 1, ${sql.lit(width)})`;
    const endKey = sql<string>`substr(d.date_end, 1, ${sql.lit(width)})`;
    if (query.collections?.length === 0) return { buckets: [], coarser: 0, undated: 0 };
    let base = this.#db.selectFrom('documents as d').where('d.status', '=', 'published');
    if (query.collections) {
      const ids = [...query.collections];
      base = base.where('d.id', 'in', (eb) => eb.selectFrom('document_collections').select('document_id').where('collection_id', 'in', ids));
    }
    let dated = base.where('d.date_start', 'is not', null);
    if (query.from) dated = dated.where('d.date_start', '>=', query.from);
    if (query.to) dated = dated.where('d.date_end', '<=', query.to);
    const rows = await dated
      .where(startKey, '=', endKey)
      .select([startKey.as('k'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(startKey)
      .orderBy(startKey)
      .execute();
    const coarser = await dated
      .where(startKey, '!=', endKey)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const undated = query.from || query.to
      ? { n: 0 }
      : await base.where('d.date_start', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return {
      buckets: rows.map((r) => ({ key: query.unit === 'decade' ? `${r.k}0` : r.k, count: Number(r.n) })),
      coarser: Number(coarser.n),
      undated: Number(undated.n),
    };
  }

  async countDocumentsByRef(kind: AuthorityKind | 'agent', role?: string): Promise<Map<string, number>> {
    const refKind = kind === 'person' || kind === 'organization' ? 'agent' : kind;
    let q = this.#db
      .selectFrom('document_refs as r')
      .innerJoin('documents as d', 'd.id', 'r.document_id')
      .where('d.status', '=', 'published')
      .where('r.kind', '=', refKind);
    if (role) q = q.where('r.role', '=', role);
    // One document may name the same person in several roles; it counts once.
    const rows = await q
      .select(['r.ref_id', (eb) => eb.fn.count<number>('r.document_id').distinct().as('n')])
      .groupBy('r.ref_id')
      .execute();
    return new Map(rows.map((r) => [r.ref_id, Number(r.n)]));
  }

  async collectionNeighbours(collectionId: string, documentId: string, order: 'date' | 'collection'): Promise<CollectionNeighbours | undefined> {
    // Numbered by a window function, so only the document and its two neighbours leave the database.
    // CROSS JOIN makes SQLite start from the collection's rows rather than walk every published
    // document in date order (4 ms a page on FRUS); elsewhere it is the same inner join.
    const orderBy =
      order === 'collection'
        ? sql`case when dc.position is null then 1 else 0 end, dc.position, d.date_sort, d.id`
        : sql`d.date_sort, d.id`;
    const { rows } = await sql<{ id: string; n: number; total: number }>`
      with ordered as (
        select d.id as id, row_number() over (order by ${orderBy}) as n, count(*) over () as total
        from document_collections dc cross join documents d
        where d.id = dc.document_id and dc.collection_id = ${collectionId} and d.status = 'published'
      )
      select o.id, o.n, o.total from ordered o, (select n from ordered where id = ${documentId}) me
      where o.n between me.n - 1 and me.n + 1
      order by o.n`.execute(this.#db);
    const me = rows.find((r) => r.id === documentId);
    if (!me) return undefined;
    const n = Number(me.n);
    const before = rows.find((r) => Number(r.n) === n - 1)?.id;
    const after = rows.find((r) => Number(r.n) === n + 1)?.id;
    const around = [before, after].filter((id): id is string => id !== undefined);
    const summaries = around.length ? await this.#summaries(around) : new Map<string, DocumentSummary>();
    return {
      position: n,
      total: Number(me.total),
      previous: before ? summaries.get(before) : undefined,
      next: after ? summaries.get(after) : undefined,
    };
  }

  async findLargeDocuments(minBytes: number, page: { after?: string; limit: number }): Promise<{ found: { id: string; bytes: number }[]; last?: string }> {
    // octet_length takes the size from the row (SQLite's record header, PostgreSQL's TOAST pointer), not the value;
    // a page at a time, since SQLite's driver blocks the event loop for the whole statement. The status is checked
    // here, not in SQL: with it in the WHERE clause SQLite chose the status index and sorted every page anew.
    const rows = await this.#db
      .selectFrom('documents')
      .select(['id', 'status', sql<number>`octet_length(record)`.as('bytes')])
      .where('id', '>', page.after ?? '')
      .orderBy('id')
      .limit(page.limit)
      .execute();
    const found = rows.filter((r) => r.status === 'published' && Number(r.bytes) >= minBytes).map((r) => ({ id: r.id, bytes: Number(r.bytes) }));
    return { found, last: rows.length < page.limit ? undefined : rows[rows.length - 1]!.id };
  }

  async similarDocuments(id: string, limit: number): Promise<{ id: string; shared: number }[]> {
    // Counted and ranked in one statement, so only the top `limit` leave the database: counted in memory, the
    // matches came out one row per document and shared reference (~400 rows a FRUS page, where one person appears
    // in hundreds of documents), and making those rows was most of the first visit's reads. The distinct
    // (document, kind, ref) rows count a reference named in several roles once. CROSS JOIN makes SQLite look up
    // only the counted documents' status, rather than walk every published document first; elsewhere it is the
    // same inner join. Ties go by date, then id, in byte order (PostgreSQL's columns are collated "C").
    const { rows } = await sql<{ id: string; shared: number | string }>`
      with mine as (
        select distinct kind, ref_id from document_refs
        where document_id = ${id} and kind in ('agent', 'place', 'subject')
      ),
      matches as (
        select distinct r.document_id, r.kind, r.ref_id
        from mine m join document_refs r on r.kind = m.kind and r.ref_id = m.ref_id
        where r.document_id <> ${id}
      ),
      counted as (select document_id, count(*) as shared from matches group by document_id)
      select c.document_id as id, c.shared from counted c cross join documents d
      where d.id = c.document_id and d.status = 'published'
      order by c.shared desc, d.date_sort, c.document_id
      limit ${limit}`.execute(this.#db);
    return rows.map((r) => ({ id: r.id, shared: Number(r.shared) }));
  }

  async changeMarker(): Promise<ChangeMarker> {
    // Every write adds a revision (documents, collections, authorities, deletions); settings have none, so they are hashed.
    // Counters and the end of an index, never a count of rows (a full scan on PostgreSQL).
    const counters = await this.#db.selectFrom('sequences').select(['name', 'value']).where('name', 'in', ['revision', 'change']).execute();
    const count = (name: string) => Number(counters.find((c) => c.name === name)?.value ?? 0);
    const row = await this.#db.selectFrom('revisions').select((eb) => eb.fn.max('changed_at').as('at')).executeTakeFirstOrThrow();
    const settings = await this.#db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();
    const digest = createHash('sha1').update(JSON.stringify(settings)).digest('hex').slice(0, 12);
    return { marker: `${count('revision')}.${count('change')}.${digest}`, changedAt: row.at ?? undefined };
  }

  async listDocumentChanges(after: number, limit: number): Promise<DocumentChange[]> {
    const rows = await this.#db
      .selectFrom('documents')
      .select(['id', 'change_seq', 'status', 'published_at', 'updated_at'])
      .where('change_seq', '>', after)
      // A document that never was public (a draft, whatever the editors' workflow calls it) is nobody's business outside the archive.
      .where((eb) => eb.or([eb('status', 'in', ['published', 'withdrawn']), eb('published_at', 'is not', null)]))
      .orderBy('change_seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      seq: Number(r.change_seq),
      status: r.status as DocumentStatus,
      publishedAt: r.published_at ?? undefined,
      updatedAt: r.updated_at,
    }));
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

  listChanges(query: ChangeQuery & { limit: number }): Promise<ChangedDocument[]> {
    return listChanges(this.#db, query);
  }

  countChanges(query: ChangeQuery): Promise<number> {
    return countChanges(this.#db, query);
  }

  listChangeStamps(query: ChangeQuery & { limit: number; offset?: number }): Promise<ChangeStamp[]> {
    return listChangeStamps(this.#db, query);
  }

  earliestChange(statuses: ChangeQuery['statuses']): Promise<string | undefined> {
    return earliestChange(this.#db, statuses);
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
    // Titles repeat (two volumes' chapters of one name): the id settles ties the same way on every database.
    const rows = await this.#db.selectFrom('collections').select('record').orderBy('title').orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.record) as Collection);
  }

  async putCollection(input: Collection, change: ChangeMeta): Promise<{ outcome: WriteOutcome; collection: Collection }> {
    return (await writeCollections(this.#db, this.#templates, [input], change, this.#bulk))[0]!;
  }

  putCollections(inputs: readonly Collection[], change: ChangeMeta): Promise<{ outcome: WriteOutcome; collection: Collection }[]> {
    return writeCollections(this.#db, this.#templates, inputs, change, this.#bulk);
  }

  async countCollectionDocuments(options: { withSubcollections?: boolean } = {}): Promise<Map<string, number>> {
    if (options.withSubcollections) {
      // Every collection paired with itself and each collection nested in it (parent loops are refused
      // on write; the depth bound is a second guard), then distinct published documents per ancestor.
      const { rows } = await sql<{ collection_id: string; n: number }>`
        with recursive tree(ancestor, id, depth) as (
          select id, id, 0 from collections
          union all
          select t.ancestor, c.id, t.depth + 1 from tree t inner join collections c on c.parent = t.id where t.depth < 50
        )
        select t.ancestor as collection_id, count(distinct dc.document_id) as n
        from tree t
        inner join document_collections dc on dc.collection_id = t.id
        inner join documents d on d.id = dc.document_id
        where d.status = 'published'
        group by t.ancestor`.execute(this.#db);
      return new Map(rows.map((r) => [r.collection_id, Number(r.n)]));
    }
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
    // Every kind in one statement: a document's people, organizations and places are one round trip, not three.
    for (const chunk of chunks(unique(refs.map((r) => `${r.kind}\u0000${r.id}`)), 500)) {
      const byKind = new Map<string, string[]>();
      for (const key of chunk) {
        const [kind, id] = key.split('\u0000') as [string, string];
        byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
      }
      const rows = await this.#db
        .selectFrom('authorities')
        .select('record')
        .where((eb) => eb.or([...byKind].map(([kind, ids]) => eb.and([eb('kind', '=', kind), eb('id', 'in', ids)]))))
        .execute();
      out.push(...rows.map((r) => JSON.parse(r.record) as Authority));
    }
    // In the order asked for, whatever order the database returned them in.
    const order = new Map(refs.map((r, i) => [`${r.kind}\u0000${r.id}`, i] as const).reverse());
    return out.sort((a, b) => order.get(`${a.kind}\u0000${a.id}`)! - order.get(`${b.kind}\u0000${b.id}`)!);
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
    // A person answers to either order of their name ("Nehru, Jawaharlal" = "Jawaharlal Nehru").
    const folded = kind === 'person' ? personNameKeys(name) : [foldName(name)].filter(Boolean);
    if (folded.length === 0) return [];
    const rows = await this.#db
      .selectFrom('authorities as a')
      .select('a.record')
      .where('a.kind', '=', kind)
      .where('a.id', 'in', (eb) =>
        eb.selectFrom('authority_names').select('id').where('kind', '=', kind).where('folded', 'in', folded),
      )
      .orderBy('a.id')
      .execute();
    return rows.map((r) => JSON.parse(r.record) as AuthorityOf<K>);
  }

  async suggestAuthorities(kinds: readonly AuthorityKind[], prefix: string, limit: number): Promise<{ kind: AuthorityKind; id: string; name: string; matched: string }[]> {
    const folded = foldName(prefix);
    if (!folded || kinds.length === 0) return [];
    // A range on the folded-name index rather than LIKE, which SQLite would not index with its default collation.
    const rows = await this.#db
      .selectFrom('authority_names as n')
      .innerJoin('authorities as a', (join) => join.onRef('a.kind', '=', 'n.kind').onRef('a.id', '=', 'n.id'))
      .select(['a.kind', 'a.id', 'a.name', 'n.name as matched'])
      .where('n.kind', 'in', [...kinds])
      .where('n.folded', '>=', folded)
      .where('n.folded', '<', `${folded}\uffff`)
      .orderBy('n.folded')
      .orderBy('a.kind')
      .orderBy('a.id')
      .limit(limit * 3)
      .execute();
    const seen = new Set<string>();
    return rows
      .filter((r) => !seen.has(`${r.kind}:${r.id}`) && seen.add(`${r.kind}:${r.id}`))
      .slice(0, limit)
      .map((r) => ({ kind: r.kind as AuthorityKind, id: r.id, name: r.name, matched: r.matched }));
  }

  async findAuthoritiesByNames(kinds: readonly AuthorityKind[], names: readonly string[]): Promise<Authority[]> {
    const folded = unique(names.map(foldName).filter(Boolean));
    if (folded.length === 0 || kinds.length === 0) return [];
    const out = new Map<string, Authority>();
    // People also answer to the other order of their names; other kinds only to their names as written.
    const personKeys = kinds.includes('person') ? unique(names.flatMap(personNameKeys)).filter((k) => !folded.includes(k)) : [];
    const lookups: [readonly AuthorityKind[], string[]][] = [[kinds, folded], [['person'], personKeys]];
    for (const [inKinds, keys] of lookups) {
      for (const chunk of chunks(keys, 500)) {
        const rows = await this.#db
          .selectFrom('authority_names as n')
          .innerJoin('authorities as a', (join) => join.onRef('a.kind', '=', 'n.kind').onRef('a.id', '=', 'n.id'))
          .select(['a.kind', 'a.id', 'a.record'])
          .where('n.kind', 'in', [...inKinds])
          .where('n.folded', 'in', chunk)
          .orderBy('a.kind')
          .orderBy('a.id')
          .execute();
        for (const r of rows) out.set(`${r.kind}\u0000${r.id}`, JSON.parse(r.record) as Authority);
      }
    }
    return [...out.values()];
  }

  async refoldAuthorityNames(): Promise<number> {
    await this.#lockWriters();
    const rows = await this.#db.selectFrom('authority_names').select(['kind', 'id', 'name', 'folded']).execute();
    let changed = 0;
    for (const r of rows) {
      const folded = foldName(r.name);
      if (folded === r.folded) continue;
      await this.#db.updateTable('authority_names').set({ folded }).where('kind', '=', r.kind).where('id', '=', r.id).where('name', '=', r.name).execute();
      changed++;
    }
    return changed;
  }

  async deleteAuthority(kind: AuthorityKind, id: string, change: ChangeMeta): Promise<boolean> {
    await this.#lockWriters();
    const deleted = await this.#db.deleteFrom('authorities').where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await this.#db.deleteFrom('authority_names').where('kind', '=', kind).where('id', '=', id).execute();
    await this.#addRevision(kind, id, 'deleted', null, change, change.at ?? new Date().toISOString());
    return true;
  }

  async putAuthority(input: Authority, change: ChangeMeta): Promise<{ outcome: WriteOutcome; authority: Authority }> {
    return (await writeAuthorities(this.#db, this.#templates, [input], change, this.#bulk))[0]!;
  }

  putAuthorities(inputs: readonly Authority[], change: ChangeMeta): Promise<{ outcome: WriteOutcome; authority: Authority }[]> {
    return writeAuthorities(this.#db, this.#templates, inputs, change, this.#bulk);
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
      // Whether a revision is a deletion, without reading every revision's record.
      .select(['revision', 'changed_at', 'actor', 'note', sql<number | boolean>`record is null`.as('deleted')])
      .where('record_kind', '=', kind)
      .where('record_id', '=', id)
      .orderBy('revision', 'desc')
      .execute();
    return rows.map((r) => ({
      revision: r.revision,
      changedAt: r.changed_at,
      actor: r.actor,
      note: r.note ?? undefined,
      deleted: Boolean(r.deleted),
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
    await this.#lockWriters();
    await this.#db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  async getPagePart(documentId: string, part: string, key: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('page_parts')
      .select('value')
      .where('document_id', '=', documentId)
      .where('part', '=', part)
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  async putPagePart(documentId: string, part: string, key: string, value: string): Promise<void> {
    // No writers' lock and no change: a page part is derived, and two processes writing the same one write the same value.
    await this.#db
      .insertInto('page_parts')
      .values({ document_id: documentId, part, key, value })
      .onConflict((oc) => oc.columns(['document_id', 'part']).doUpdateSet({ key, value }))
      .execute();
  }

  async documentsWithoutPagePart(part: string, page: { after?: string; limit: number }): Promise<string[]> {
    // The published ids come from the (status, date_sort, id) index, so no record is read.
    const rows = await this.#db
      .selectFrom('documents')
      .select('id')
      .where('status', '=', 'published')
      .where('id', '>', page.after ?? '')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('page_parts').select('page_parts.document_id').whereRef('page_parts.document_id', '=', 'documents.id').where('page_parts.part', '=', part))),
      )
      .orderBy('id')
      .limit(page.limit)
      .execute();
    return rows.map((r) => r.id);
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
    const drafts = (byStatus.get('draft') ?? 0) + (byStatus.get('review') ?? 0); // unpublished work, in review or not
    const withdrawn = byStatus.get('withdrawn') ?? 0;
    return { documents: published + drafts + withdrawn, published, drafts, withdrawn, collections: Number(collections.n), authorities };
  }

  // ---- internals -------------------------------------------------------

  /**
   * Takes the writers' lock: the change counter's row, which a document write takes anyway (its change number). On
   * PostgreSQL every catalog write then waits for the one before it to commit, all in one order, so two
   * transactions writing one authority and some documents in opposite orders cannot deadlock. On SQLite, where
   * one writer holds the whole file, it changes nothing.
   */
  lockForWrite(): Promise<void> {
    return this.#lockWriters();
  }

  #lockWriters(): Promise<void> {
    return lockWriters(this.#db, this.#templates);
  }

  async #addRevision(kind: string, id: string, hash: string, record: unknown, change: ChangeMeta, at: string): Promise<void> {
    const json = record === null ? null : typeof record === 'string' ? record : JSON.stringify(record);
    await addRevisions(this.#db, this.#templates, [{ kind, id, hash, record: json }], change, at);
  }
}

type SummaryRow = Pick<Database['documents'], 'id' | 'slug' | 'title' | 'date_edtf' | 'summary' | 'type' | 'status' | 'sample' | 'uploaded_at'>;

function summaryOf(r: SummaryRow): DocumentSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    date: r.date_edtf ?? undefined,
    summary: r.summary ?? undefined,
    type: r.type ?? undefined,
    status: r.status as DocumentStatus,
    sample: Boolean(r.sample),
    uploadedAt: r.uploaded_at ?? undefined,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function* chunks<T>(values: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}
