/**
 * The archive's own consistency check (`dossier check`): what a crash, a
 * full disk or a bug could leave behind that the database's integrity check
 * cannot see. Every document is a whole, valid record; its latest revision
 * is exactly the stored record; the collections it names exist; and the
 * search index holds exactly the published documents, built by this
 * version, with nothing left of an interrupted rebuild. Reads only through
 * the Store and SearchIndex ports, so every backend is checked the same way.
 * @module
 */
import { documentSchema } from '../domain/document.js';
import type { Repositories } from '../backends/backend.js';
import type { Archive } from './archive.js';

export interface ConsistencyReport {
  documents: number;
  published: number;
  /** Live entries of the search index. */
  indexed: number;
  revisionsChecked: number;
  /** What is wrong, one line each (at most `maxProblems`, then a count of the rest). */
  problems: string[];
}

const PAGE = 5_000;

/** Runs in one read transaction, so a site or an import writing meanwhile is seen at one instant. */
export function checkConsistency(archive: Archive, maxProblems = 50): Promise<ConsistencyReport> {
  return archive.backend.transaction((tx) => check(tx, maxProblems), { readOnly: true });
}

async function check({ store, search }: Repositories, maxProblems: number): Promise<ConsistencyReport> {
  const problems: string[] = [];
  let more = 0;
  const problem = (text: string) => (problems.length < maxProblems ? problems.push(text) : more++);

  const published = new Set<string>();
  const collectionRefs = new Set<string>();
  let documents = 0;
  let revisionsChecked = 0;
  for await (const doc of store.scanDocuments({ status: 'any', batchSize: 1000 })) {
    documents++;
    if (doc.status === 'published') published.add(doc.id);
    const parsed = documentSchema.safeParse(doc);
    if (!parsed.success) problem(`document ${doc.id}: the stored record is not a valid document (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
    for (const c of doc.collections ?? []) collectionRefs.add(c.id);
    const latest = (await store.listRevisions('document', doc.id))[0];
    if (!latest) problem(`document ${doc.id}: no revision records it`);
    else {
      revisionsChecked++;
      const recorded = await store.getRevision('document', doc.id, latest.revision);
      if (latest.deleted || JSON.stringify(recorded) !== JSON.stringify(doc)) {
        problem(`document ${doc.id}: its latest revision (${latest.revision}) is not the stored record`);
      }
    }
  }
  const existing = await store.existingIds('collection', [...collectionRefs]);
  for (const id of collectionRefs) if (!existing.has(id)) problem(`collection ${id}: named by documents but not in the catalog`);

  const indexed = await search.count();
  const inIndex = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await search.search({ filters: {}, sort: 'date', limit: PAGE, offset });
    for (const hit of page.hits) inIndex.add(hit.id);
    if (page.hits.length < PAGE) break;
  }
  if (indexed !== published.size) problem(`search index: ${indexed} entries for ${published.size} published documents`);
  for (const id of published) if (!inIndex.has(id)) problem(`search index: published document ${id} is missing`);
  for (const id of inIndex) if (!published.has(id)) problem(`search index: ${id} is indexed but not a published document`);
  if ((await store.getSetting('search.version')) !== search.version) problem('search index: not marked complete for this version (an interrupted rebuild); run dossier reindex');

  if (more > 0) problems.push(`… and ${more} more`);
  return { documents, published: published.size, indexed, revisionsChecked, problems };
}
