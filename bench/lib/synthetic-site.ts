/**
 * A whole archive a server can open, made of bench:search's synthetic
 * documents: their records in the catalog (validated by the domain schema,
 * written by the Store's own batched path, revisions and all), the
 * collections and authority records they refer to, and the search index
 * bench:search already built for the same documents copied in table by table
 * (ix_* rows are the engine's own output for exactly these documents, so
 * copying them is what reindexing would write, in minutes instead of the
 * half hour a million documents take to analyze again).
 *
 * Used by bench:cold-start (`--synthetic N`) to time a server's first pages on
 * a million-document archive. Built once under `<dir>/site-N/` and reused.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { authoritySchema } from '../../src/domain/authority.js';
import { collectionSchema } from '../../src/domain/collection.js';
import { languageTagSchema } from '../../src/domain/language.js';
import { RECORD_ID_PATTERN } from '../../src/domain/ids.js';
import { documentReferences, documentSchema, type Document } from '../../src/domain/document.js';
import { ARCHIVE_FILE, openArchive } from '../../src/open-archive.js';
import { loadCorpora } from './corpus.js';
import { SyntheticArchive } from './synthetic.js';

/** The index tables bench:search writes (sqlite-index-storage.ts), in the order they are copied. */
const INDEX_TABLES = ['ix_facet_values', 'ix_docs', 'ix_segments', 'ix_postings', 'ix_pending'];

const BATCH = 5000;

/** A valid record id standing for a synthetic collection name: the name's id-safe characters, else a hash of it. */
function collectionId(name: string): string {
  if (RECORD_ID_PATTERN.test(name)) return name;
  const safe = name.replace(/[^A-Za-z0-9._~-]+/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '');
  return `${safe || 'group'}-${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
}

/** A synthetic document as the catalog takes it: validated by the domain schema, its collection ids and language tags made valid. */
export function catalogDocument(doc: Document): Document {
  // A corpus whose only group is named after it (roc) lists one collection twice, and some groups are folder
  // names no record id may be (spaces, Chinese): the catalog refuses both, so they are made valid here.
  const collections = [...new Set(doc.collections.map((c) => collectionId(c.id)))].map((id) => ({ id }));
  // UDHR's file names carry tags such as de-1996 (an orthography variant) that Dossier's language tags do not take.
  const lang = (tag: string) => (languageTagSchema.safeParse(tag).success ? tag : tag.split('-')[0]!);
  const parsed = documentSchema.safeParse({
    ...doc, collections, languages: doc.languages.map(lang),
    transcripts: doc.transcripts.map((t) => ({ ...t, language: t.language && lang(t.language) })),
  });
  if (!parsed.success) throw new Error(`synthetic document ${doc.id}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * The folder of a servable archive of the first `docs` synthetic documents,
 * building it if it is not there yet from `<benchDir>/ours-<docs>.sqlite`.
 */
export async function syntheticSite(benchDir: string, docs: number, log: (line: string) => void = console.log): Promise<string> {
  const dir = join(benchDir, `site-${docs}`);
  const done = join(dir, 'built');
  if (existsSync(done)) return dir;
  const indexFile = join(benchDir, `ours-${docs}.sqlite`);
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: run npm run bench:search -- --docs ${docs} --dir ${benchDir} first`);
  const built = new BetterSqlite3(indexFile, { readonly: true });
  const indexed = Number((built.prepare("SELECT value FROM bench_meta WHERE key = 'done'").pluck().get() as string | undefined) ?? 0);
  built.close();
  if (indexed < docs) throw new Error(`${indexFile} holds ${indexed} of ${docs} documents: let bench:search finish its build`);

  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const synthetic = new SyntheticArchive(loadCorpora(benchDir));
  // A page cache for the catalog's indexes, which the ids (b0, b1 … b999999) reach in no key order.
  const archive = await openArchive({ dataDir: dir, cacheMb: 1024 });
  const change = { actor: 'bench:synthetic-site' };
  const refs = new Map<string, Set<string>>();
  for (let from = 0; from < docs; from += BATCH) {
    const batch: Document[] = [];
    for (let i = from; i < Math.min(docs, from + BATCH); i++) {
      const doc = catalogDocument(synthetic.doc(i).entry.document);
      batch.push(doc);
      for (const r of documentReferences(doc)) {
        let ids = refs.get(r.kind);
        if (!ids) refs.set(r.kind, (ids = new Set()));
        ids.add(r.id);
      }
    }
    await archive.backend.transaction((tx) => tx.store.putDocuments(batch, change));
    if ((from / BATCH) % 10 === 0) log(`  catalog: ${(from + batch.length).toLocaleString()} documents, ${((from + batch.length) / ((performance.now() - t0) / 1000)).toFixed(0)} docs/s`);
  }
  await archive.backend.transaction(async (tx) => {
    for (const id of refs.get('collection') ?? []) {
      await tx.store.putCollection(collectionSchema.parse({ kind: 'collection', id, title: `Collection ${id}` }), change);
    }
    for (const [kind, ids] of refs) {
      if (kind === 'collection') continue;
      for (const id of ids) await tx.store.putAuthority(authoritySchema.parse({ kind: kind === 'agent' ? 'person' : kind, id, name: id }), change);
    }
  });
  const version = await archive.backend.store.getSetting('search.version');
  await archive.backend.close();
  if (version === undefined) throw new Error(`${dir}: the new archive has no search version`);

  // The index rows, replacing the empty index the new archive was given; the archive keeps its own ix_meta (layout, epoch).
  log(`  copying the search index from ${indexFile}…`);
  const db = new BetterSqlite3(join(dir, ARCHIVE_FILE));
  db.pragma('journal_mode = WAL');
  db.prepare('ATTACH DATABASE ? AS built').run(indexFile);
  db.transaction(() => {
    for (const table of INDEX_TABLES) {
      db.exec(`DELETE FROM main.${table}`);
      db.exec(`INSERT INTO main.${table} SELECT * FROM built.${table}`);
    }
  })();
  db.exec('DETACH DATABASE built');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  await storeColumnSnapshot(dir);
  writeFileSync(done, `${docs}\n`);
  log(`  archive of ${docs.toLocaleString()} documents built in ${dir} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return dir;
}

/** What the compact-index job does on a live archive: among it, the doc columns stored as one blob when they are due. */
export async function storeColumnSnapshot(dir: string): Promise<void> {
  const archive = await openArchive({ dataDir: dir });
  await archive.backend.transaction((tx) => tx.search.compact());
  await archive.backend.close();
}

/** Deletes the stored doc columns, to time a start without them. */
export function dropColumnSnapshot(dir: string): void {
  const db = new BetterSqlite3(join(dir, ARCHIVE_FILE));
  db.exec('DELETE FROM ix_columns');
  db.close();
}
