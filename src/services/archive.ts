/**
 * The Archive: the one internal API that the public site, the JSON API, the
 * CLI and the importers call. It reads through the Store and SearchIndex and
 * writes through records.ts, and it is where the public/draft line is drawn:
 * nothing here returns an unpublished document to a public caller.
 * @module
 */
import { dirname } from 'node:path';
import type { Backend } from '../backends/backend.js';
import type { ArchiveRecord } from '../domain/archive-record.js';
import type { Authority, AuthorityKind, AuthorityOf, DocumentType, Funder, Place, Repository, RightsStatement, Subject } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import type { AgentRole, Document } from '../domain/document.js';
import { GoneError, NotFoundError } from '../domain/errors.js';
import type { ArchiveStats, ChangeMarker, ChangeMeta, CollectionNeighbours, DocumentSummary, Page, WriteOutcome } from '../backends/store.js';
import { indexEntry, saveRecord } from './records.js';
import { SIMILAR_CANDIDATES } from './similar-documents.js';
import { runQueuedMerges } from './jobs/merge-index-job.js';

export interface SiteInfo {
  name: string;
  tagline: string;
}

export interface DocumentDetails {
  document: Document;
  type?: DocumentType;
  rights?: RightsStatement;
  repository?: Repository;
  funders: Funder[];
  agents: { authority: Authority; role: AgentRole }[];
  places: Place[];
  subjects: Subject[];
  collections: Collection[];
  /** The first collection and its ancestors, the top-level one first (a FRUS volume › chapter): the breadcrumb. */
  trail: Collection[];
  /** Published documents this one lists as related, and those that list it. */
  related: (DocumentSummary & { relation?: string })[];
  /** For each collection the document is in: where it stands, and the documents before and after it. */
  neighbours: (CollectionNeighbours & { collection: Collection })[];
  /** Other published documents sharing at least two people, places or subjects with this one (not already related). */
  similar: (DocumentSummary & { shared: number })[];
  /** The record's change number as read with it (`DocumentPageRead.change`): a new one with every write of the record. */
  change?: string;
}

/** What a caller may already hold for a document page (the site keeps them per version of the archive). */
export interface DetailsSources {
  collections?: () => Promise<readonly Collection[]>;
  neighbours?: (collection: Collection, documentId: string) => Promise<CollectionNeighbours | undefined>;
  /** The Store's `similarDocuments(id, SIMILAR_CANDIDATES)`, as kept per version (similar-documents.ts). */
  similar?: (documentId: string) => Promise<{ id: string; shared: number }[]>;
  /** `similar`'s answer when it is already held in memory (no read, no count), else undefined. */
  heldSimilar?: (documentId: string) => Promise<{ id: string; shared: number }[] | undefined>;
}

/** What {@link Archive.details} would otherwise read itself: the document page's one read (`Store.documentPage`). */
interface PageRead {
  authorities: Authority[];
  relatedTo: string[];
  summaries: ReadonlyMap<string, DocumentSummary>;
  /** The ids `summaries` answers for (those missing from it do not exist). */
  summarized: ReadonlySet<string>;
}

export interface CollectionPage {
  collection: Collection;
  /** From the top-level collection down to this one's parent. */
  ancestors: Collection[];
  children: (Collection & { count: number })[];
  documents: Page<DocumentSummary>;
  /** Published documents in it and in its sections (each once): the figure the home page and lists give. */
  total: number;
  page: number;
  perPage: number;
}

export interface HomePage {
  collections: (Collection & { count: number })[];
  recent: DocumentSummary[];
  stats: ArchiveStats;
}

export class Archive {
  constructor(
    readonly backend: Backend,
    private readonly defaults: SiteInfo = { name: 'Dossier', tagline: 'An archive of historical documents' },
  ) {}

  // ---- writes ----------------------------------------------------------

  /** Saves one validated record in its own transaction. */
  save(record: ArchiveRecord, change: ChangeMeta): Promise<WriteOutcome> {
    return this.backend.transaction((tx) => saveRecord(tx, record, change));
  }

  /**
   * Rebuilds the search index from the store; returns how many documents it indexed. One
   * transaction: a rebuild killed halfway leaves the previous index whole (readers see it until the
   * commit), never an empty or partial one marked current. The index gathers its writes into segments
   * written out as they grow, so memory stays bounded however large the archive.
   */
  async reindex(onProgress?: (done: number) => void): Promise<number> {
    const done = await this.backend.transaction(async (tx) => {
      await tx.search.clear();
      let done = 0;
      let batch: Document[] = [];
      const flush = async () => {
        const entries = await Promise.all(batch.map((d) => indexEntry(tx.store, d)));
        await tx.search.index(entries);
        done += batch.length;
        batch = [];
        onProgress?.(done);
      };
      for await (const doc of tx.store.scanDocuments({ status: 'published' })) {
        batch.push(doc);
        if (batch.length >= 500) await flush();
      }
      if (batch.length > 0) await flush();
      // Name lookup keys are derived data too, folded by the same rules as the analyzer (letter-folds.ts).
      await tx.store.refoldAuthorityNames();
      await tx.store.putSetting('search.version', tx.search.version);
      return done;
    });
    // The merges the rebuild's segments made due were queued; a rebuild is a command of its own, so it runs them.
    await runQueuedMerges(this);
    return done;
  }

  /** True when the index was built by another version of the analyzer and needs `reindex`. */
  async searchIndexIsStale(): Promise<boolean> {
    return (await this.backend.store.getSetting('search.version')) !== this.backend.search.version;
  }

  // ---- reads -----------------------------------------------------------

  async siteInfo(): Promise<SiteInfo> {
    const { store } = this.backend;
    return {
      name: (await store.getSetting('site.name')) ?? this.defaults.name,
      tagline: (await store.getSetting('site.tagline')) ?? this.defaults.tagline,
    };
  }

  async home(): Promise<HomePage> {
    const { store } = this.backend;
    const [collections, totals, recent, stats] = await Promise.all([
      store.listCollections(),
      store.countCollectionDocuments({ withSubcollections: true }),
      store.listDocuments({ order: 'uploaded-desc', limit: 8 }),
      store.stats(),
    ]);
    return {
      collections: sortCollections(collections.filter((c) => !c.parent)).map((c) => ({ ...c, count: totals.get(c.id) ?? 0 })),
      recent: recent.items,
      stats,
    };
  }

  /** A published document with everything its page shows. Throws NotFoundError, or GoneError when withdrawn. */
  /**
   * `collections`, when given, supplies the collection records (a web process keeps them per version of
   * the archive), so the page's collections and breadcrumb cost no reads; `neighbours`, when given, answers as
   * `Store.collectionNeighbours` does (from collection orders kept per version: collection-orders.ts).
   */
  async document(id: string, options: DetailsSources = {}): Promise<DocumentDetails> {
    const { store } = this.backend;
    // The record, its authorities, its relations and the summaries it lists in one statement; the similar
    // documents' summaries with them when their list is already held (a page seen before).
    const similar = (await options.heldSimilar?.(id)) ?? [];
    const also = similar.map((s) => s.id);
    const read = await store.documentPage(id, also);
    const document = read?.document;
    // Drafts and documents in review do not exist for the public: the same 404 as an unknown id.
    if (!document || (document.status !== 'published' && document.status !== 'withdrawn')) throw new NotFoundError('Document', id);
    if (document.status === 'withdrawn') throw new GoneError(id, document.withdrawnReason);
    const summarized = new Set([...document.related.map((r) => r.id), ...read.relatedTo, ...also]);
    return { ...(await this.details(document, options, { ...read, summarized })), change: read.change };
  }

  /** A published document alone, without what its page shows around it (IIIF image requests). Throws like {@link document}. */
  async publicDocument(id: string): Promise<Document> {
    const document = await this.backend.store.getDocument(id);
    if (!document || document.status === 'draft') throw new NotFoundError('Document', id);
    if (document.status === 'withdrawn') throw new GoneError(id, document.withdrawnReason);
    return document;
  }

  /** A collection's published documents that have scans (media), in the collection's order (IIIF Collections). */
  async scannedDocuments(collectionId: string): Promise<Document[]> {
    const { store } = this.backend;
    const collection = await store.getCollection(collectionId);
    if (!collection) throw new NotFoundError('Collection', collectionId);
    const found: Document[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await store.listDocuments({ collection: collectionId, order: collection.order === 'manual' ? 'collection' : 'date', limit: 500, offset });
      found.push(...(await this.publishedDocuments(page.items.map((d) => d.id))).filter((d) => d.media.length > 0));
      if (page.items.length < 500) return found;
    }
  }

  /** Every published document that has scans (media), for building their IIIF derivatives ahead of visitors. */
  async *scannedDocumentsAll(): AsyncIterable<Document> {
    for await (const doc of this.backend.store.scanDocuments({ status: 'published' })) if (doc.media.length > 0) yield doc;
  }

  /**
   * Everything a document's page shows, whatever the document's status: for the editors' preview.
   * Not for public callers: the editorial service checks the role before it calls this.
   */
  detailsOf(document: Document): Promise<DocumentDetails> {
    return this.details(document);
  }

  /** The record id for a slug, so that `/d/<slug>` links keep working. */
  async idForSlug(slug: string): Promise<string> {
    const id = await this.backend.store.findDocumentIdBySlug(slug);
    // A redirect would tell the public that an unpublished document exists, and its id.
    const status = id ? (await this.backend.store.getDocument(id))?.status : undefined;
    if (!id || (status !== 'published' && status !== 'withdrawn')) throw new NotFoundError('Document', slug);
    return id;
  }

  async collection(id: string, page = 1, perPage = 50): Promise<CollectionPage> {
    const { store } = this.backend;
    const collection = await store.getCollection(id);
    if (!collection) throw new NotFoundError('Collection', id);
    const all = await store.listCollections();
    const counts = await store.countCollectionDocuments({ withSubcollections: true });
    const byId = new Map(all.map((c) => [c.id, c]));
    const ancestors: Collection[] = [];
    for (let p = collection.parent; p && byId.has(p) && ancestors.length < 20; p = byId.get(p)!.parent) {
      ancestors.unshift(byId.get(p)!);
    }
    const documents = await store.listDocuments({
      collection: id,
      order: collection.order === 'manual' ? 'collection' : 'date',
      limit: perPage,
      offset: (page - 1) * perPage,
    });
    const children = sortCollections(all.filter((c) => c.parent === id)).map((c) => ({ ...c, count: counts.get(c.id) ?? 0 }));
    return { collection, ancestors, children, documents, total: counts.get(id) ?? 0, page, perPage };
  }

  async collections(): Promise<(Collection & { count: number })[]> {
    const { store } = this.backend;
    const all = await store.listCollections();
    const counts = await store.countCollectionDocuments({ withSubcollections: true });
    return sortCollections(all).map((c) => ({ ...c, count: counts.get(c.id) ?? 0 }));
  }

  /** A collection and every collection nested inside it, for "search in this collection". */
  async collectionSubtree(id: string): Promise<string[]> {
    return (await this.collectionSubtrees([id]))[0]!;
  }

  /** {@link collectionSubtree} of several collections, reading the collections once. */
  async collectionSubtrees(roots: readonly string[]): Promise<string[][]> {
    const children = new Map<string, string[]>();
    for (const c of await this.backend.store.listCollections()) if (c.parent) children.set(c.parent, [...(children.get(c.parent) ?? []), c.id]);
    return roots.map((root) => {
      const ids = [root];
      const seen = new Set(ids);
      for (let i = 0; i < ids.length; i++) for (const child of children.get(ids[i]!) ?? []) if (!seen.has(child)) seen.add(child), ids.push(child);
      return ids;
    });
  }

  async authority<K extends AuthorityKind>(kind: K, id: string): Promise<AuthorityOf<K>> {
    const found = await this.backend.store.getAuthority(kind, id);
    if (!found) throw new NotFoundError(kind, id);
    return found;
  }

  /** Published documents by id, in the order asked for; unpublished or missing ids are left out. */
  async publishedDocuments(ids: readonly string[]): Promise<Document[]> {
    const docs = await this.backend.store.getDocuments(ids);
    return ids.map((id) => docs.get(id)).filter((d): d is Document => d?.status === 'published');
  }

  stats(): Promise<ArchiveStats> {
    return this.backend.store.stats();
  }

  /** Where the archive lives (a file path, or a database URL without its password). */
  get location(): string {
    return this.backend.location;
  }

  /**
   * The folder the archive's file is in, where its scans and derivatives are kept unless told otherwise;
   * undefined for an archive in memory or in a database server (whose location is a URL, not a path).
   */
  get folder(): string | undefined {
    return this.backend.kind === 'sqlite' && this.location !== ':memory:' ? dirname(this.location) : undefined;
  }

  #onClose: (() => void)[] = [];

  /** Closes the database; nothing can be read or written afterwards. What was registered with {@link onClose} runs after. */
  async close(): Promise<void> {
    try {
      await this.backend.close();
    } finally {
      for (const fn of this.#onClose.splice(0)) fn();
    }
  }

  /** Runs `fn` once the archive is closed (a temporary folder made for it is removed). */
  onClose(fn: () => void): void {
    this.#onClose.push(fn);
  }

  /** Whether the demonstration records were loaded into this archive. */
  async demoLoaded(): Promise<boolean> {
    return (await this.backend.store.getSetting('demo.loaded')) !== undefined;
  }

  /** Sets the archive's name and tagline (shown on every page); a value left out stays as it was. */
  async setSiteInfo(info: Partial<SiteInfo>): Promise<void> {
    if (info.name) await this.backend.store.putSetting('site.name', info.name);
    if (info.tagline) await this.backend.store.putSetting('site.tagline', info.tagline);
  }

  /** Every collection record (public metadata, whatever its documents' status). */
  collectionRecords(): Promise<Collection[]> {
    return this.backend.store.listCollections();
  }

  /** Changes whenever anything in the archive does; what page caches key on. */
  changeMarker(): Promise<ChangeMarker> {
    return this.backend.store.changeMarker();
  }

  /** Calls `listener` soon after any process changes the archive, where the database announces it; else never (poll the marker). */
  watchChanges(listener: () => void): () => void {
    return this.backend.watchChanges?.(listener) ?? (() => {});
  }

  /** Runs `fn` reading the primary database, never a replica: an editor sees their own saves whichever process answers. */
  onPrimary<T>(fn: () => Promise<T>): Promise<T> {
    return this.backend.onPrimary ? this.backend.onPrimary(fn) : fn();
  }

  private async details(document: Document, sources: DetailsSources = {}, read?: PageRead): Promise<DocumentDetails> {
    const { store } = this.backend;
    const byId = sources.collections ? collectionsById(await sources.collections()) : undefined;
    const getCollection = async (id: string) => (byId ? byId.get(id) : await store.getCollection(id));
    const agentIds = document.agents.map((a) => a.id);
    const authorities = read?.authorities ?? await store.getAuthorities([
      ...(document.type ? [{ kind: 'type' as const, id: document.type }] : []),
      ...(document.rights ? [{ kind: 'rights' as const, id: document.rights }] : []),
      ...(document.source.repository ? [{ kind: 'repository' as const, id: document.source.repository }] : []),
      ...document.funders.map((id) => ({ kind: 'funder' as const, id })),
      ...agentIds.flatMap((id) => [{ kind: 'person' as const, id }, { kind: 'organization' as const, id }]),
      ...document.places.map((p) => ({ kind: 'place' as const, id: p.id })),
      ...document.subjects.map((id) => ({ kind: 'subject' as const, id })),
    ]);
    const find = <K extends AuthorityKind>(kind: K, id: string | undefined) =>
      authorities.find((a): a is AuthorityOf<K> => a.kind === kind && a.id === id);
    // A person before an organization of the same id, whatever order the authorities came in.
    const agent = (id: string) => find('person', id) ?? find('organization', id);

    const relatedIds = document.related.map((r) => r.id);
    const reverse = (read?.relatedTo ?? (await store.listRelatedTo(document.id))).filter((id) => !relatedIds.includes(id));
    const related = new Set([...relatedIds, ...reverse]);
    const similarIds = (await (sources.similar ? sources.similar(document.id) : store.similarDocuments(document.id, SIMILAR_CANDIDATES))).filter((s) => s.shared >= 2 && !related.has(s.id)).slice(0, 6);
    // Related and similar documents in one read, of the listed fields only: their records (whole texts) are not needed.
    const aroundIds = [...related, ...similarIds.map((s) => s.id)];
    const unread = read ? aroundIds.filter((id) => !read.summarized.has(id)) : aroundIds;
    const summaries = read ? new Map(read.summaries) : new Map<string, DocumentSummary>();
    if (unread.length) for (const [id, summary] of await store.getDocumentSummaries(unread)) summaries.set(id, summary);
    const around = aroundIds.map((id) => summaries.get(id)).filter((d): d is DocumentSummary => d?.status === 'published');
    const relatedDocs = around.filter((d) => related.has(d.id));
    const similarDocs = around.filter((d) => !related.has(d.id));
    const collections = (await Promise.all(document.collections.map((c) => getCollection(c.id)))).filter(isDefined);
    const neighbours = await Promise.all(
      collections.map(async (collection) => {
        const n = sources.neighbours
          ? await sources.neighbours(collection, document.id)
          : await store.collectionNeighbours(collection.id, document.id, collection.order === 'manual' ? 'collection' : 'date');
        return n ? [{ ...n, collection }] : [];
      }),
    );
    const trail = collections[0] ? [collections[0]] : [];
    for (let p = trail[0]?.parent; p && trail.length < 20; ) {
      const parent = await getCollection(p);
      if (!parent || trail.includes(parent)) break;
      trail.unshift(parent);
      p = parent.parent;
    }

    return {
      document,
      type: find('type', document.type),
      rights: find('rights', document.rights),
      repository: find('repository', document.source.repository),
      funders: document.funders.map((id) => find('funder', id)).filter(isDefined),
      agents: document.agents.flatMap((a) => {
        const authority = agent(a.id);
        return authority ? [{ authority, role: a.role }] : [];
      }),
      places: document.places.map((p) => find('place', p.id)).filter(isDefined),
      subjects: document.subjects.map((id) => find('subject', id)).filter(isDefined),
      collections,
      trail,
      related: relatedDocs.map((d) => ({
        ...d,
        relation: document.related.find((r) => r.id === d.id)?.relation,
      })),
      neighbours: neighbours.flat(),
      similar: similarDocs.map((d) => ({ ...d, shared: similarIds.find((s) => s.id === d.id)!.shared })),
    };
  }
}

export function summarize(d: Document): DocumentSummary {
  return {
    id: d.id,
    slug: d.slug ?? d.id,
    title: d.title,
    date: d.date,
    summary: d.summary,
    type: d.type,
    status: d.status,
    sample: d.sample,
    uploadedAt: d.uploadedAt,
  };
}

function sortCollections<T extends Collection>(list: T[]): T[] {
  return [...list].sort(
    (a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) || a.title.localeCompare(b.title),
  );
}

/**
 * The collections by id, made once per list: the site passes the same list to every page until the archive
 * changes (archive-version.ts), and FRUS has hundreds of collections, so a Map built per page was a tenth of a
 * document page's own work. A list is never changed after it is read (the type says so), so its index stays true.
 */
const collectionIndexes = new WeakMap<readonly Collection[], ReadonlyMap<string, Collection>>();
function collectionsById(list: readonly Collection[]): ReadonlyMap<string, Collection> {
  let byId = collectionIndexes.get(list);
  if (!byId) collectionIndexes.set(list, (byId = new Map(list.map((c) => [c.id, c]))));
  return byId;
}

function isDefined<T>(v: T | undefined): v is T {
  return v !== undefined;
}
