/**
 * The bulk downloads: the whole public archive as files, for text mining and
 * for mirrors that start from scratch. `archive.jsonl.gz` is Dossier's own
 * export format (export-service.ts) limited to the public archive, so
 * importing it into an empty Dossier reproduces every published record;
 * `documents.csv.gz` is one row per published document with names resolved,
 * for spreadsheets and data frames. A manifest lists each file with its
 * record count, size and SHA-256. Each build writes a new generation folder
 * and switches `manifest.json` to it last, in one rename, so a reader never
 * sees half a build.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { AUTHORITY_KINDS, type Authority } from '../domain/authority.js';
import type { Document } from '../domain/document.js';
import { htmlToText } from '../domain/rich-text.js';
import type { Store } from '../backends/store.js';
import type { Archive } from '../services/archive.js';
import { exportRecords } from './export-service.js';

export interface BulkFile {
  name: string;
  mediaType: string;
  description: string;
  /** Records in the file (JSON Lines: lines; CSV: rows after the header). */
  records: number;
  bytes: number;
  sha256: string;
}

/** Changes whenever what the files hold or the manifest says changes, so files made by an older Dossier are made again. */
export const BULK_FORMAT = 1;

export interface BulkManifest {
  format: number;
  generatedAt: string;
  /** The archive's change marker the files were made from. */
  marker: string;
  /** Folder of this generation, under the bulk folder. */
  generation: string;
  counts: { documents: number; collections: number; authorities: number };
  files: BulkFile[];
}

export const MANIFEST_FILE = 'manifest.json';

const CSV_COLUMNS = [
  'id', 'url', 'title', 'date', 'date_text', 'type', 'summary', 'languages', 'classification', 'collections', 'creators', 'recipients',
  'people_mentioned', 'places', 'subjects', 'repository', 'file_number', 'source_citation', 'rights', 'funders', 'translators',
  'translation_languages', 'media', 'uploaded_at', 'updated_at', 'published_at', 'text',
] as const;

/** Builds a new generation of the files in `dir` and makes it current; returns its manifest. */
export async function writeBulkFiles(archive: Archive, dir: string, options: { marker: string; origin: string }): Promise<BulkManifest> {
  const { store } = archive.backend;
  const generatedAt = new Date().toISOString();
  const generation = `${generatedAt.replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const folder = join(dir, generation);
  await mkdir(folder, { recursive: true });
  const counts = { documents: 0, collections: 0, authorities: 0 };

  const jsonl = await writeGzip(join(folder, 'archive.jsonl.gz'), async function* () {
    for await (const record of exportRecords(archive, { publicOnly: true })) {
      if (record.kind === 'document') counts.documents++;
      else if (record.kind === 'collection') counts.collections++;
      else counts.authorities++;
      yield `${JSON.stringify(record)}\n`;
    }
  });

  const names = await authorityNames(store);
  const collections = new Map((await store.listCollections()).map((c) => [c.id, c.title]));
  const csv = await writeGzip(join(folder, 'documents.csv.gz'), async function* () {
    yield stringify([[...CSV_COLUMNS]]);
    for await (const doc of store.scanDocuments({ status: 'published' })) yield stringify([csvRow(doc, names, collections, options.origin)]);
  });

  const manifest: BulkManifest = {
    format: BULK_FORMAT,
    generatedAt,
    marker: options.marker,
    generation,
    counts,
    files: [
      { name: 'archive.jsonl.gz', mediaType: 'application/gzip', description: "Every public record (authority records, collections, published documents) in Dossier's import format, one JSON object a line, ready for dossier import.", records: jsonl.lines, bytes: jsonl.bytes, sha256: jsonl.sha256 },
      { name: 'documents.csv.gz', mediaType: 'application/gzip', description: 'One row per published document, names resolved, with its plain text (UTF-8, RFC 4180).', records: csv.lines - 1, bytes: csv.bytes, sha256: csv.sha256 },
    ],
  };
  const tmp = join(dir, `.${MANIFEST_FILE}.${generation}`);
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(tmp, join(dir, MANIFEST_FILE));
  await removeOldGenerations(dir, generation);
  return manifest;
}

/** The current manifest in `dir`, if a build has finished there. */
export async function readBulkManifest(dir: string): Promise<BulkManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as BulkManifest;
  } catch {
    return undefined;
  }
}

/** Writes one gzip file from chunks of whole records (a JSON line, a CSV row); counts them and hashes the compressed bytes. */
async function writeGzip(path: string, chunks: () => AsyncIterable<string>): Promise<{ lines: number; bytes: number; sha256: string }> {
  const out = createWriteStream(path);
  const gzip = createGzip({ level: 6 });
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  gzip.on('data', (b: Buffer) => {
    hash.update(b);
    bytes += b.length;
  });
  gzip.pipe(out);
  for await (const chunk of chunks()) {
    lines++;
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  }
  gzip.end();
  await once(out, 'close');
  return { lines, bytes, sha256: hash.digest('hex') };
}

async function authorityNames(store: Store): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const kind of AUTHORITY_KINDS) {
    for (const a of (await store.listAuthorities(kind)).items as Authority[]) names.set(`${a.kind}:${a.id}`, a.name);
  }
  return names;
}

function csvRow(doc: Document, names: Map<string, string>, collections: Map<string, string>, origin: string): string[] {
  const name = (kind: string, id: string) => names.get(`${kind}:${id}`) ?? id;
  const agent = (id: string) => names.get(`person:${id}`) ?? names.get(`organization:${id}`) ?? id;
  const agents = (role: string) => doc.agents.filter((a) => a.role === role).map((a) => agent(a.id));
  const list = (values: string[]) => values.join('; ');
  return [
    doc.id,
    `${origin}/documents/${doc.id.split('/').map(encodeURIComponent).join('/')}`,
    doc.title,
    doc.date ?? '',
    doc.dateText ?? '',
    doc.type ? name('type', doc.type) : '',
    doc.summary ?? '',
    list(doc.languages),
    list(doc.classification),
    list(doc.collections.map((c) => collections.get(c.id) ?? c.id)),
    list(agents('creator')),
    list(agents('recipient')),
    list([...agents('mentioned'), ...agents('participant'), ...agents('signer')]),
    list(doc.places.map((p) => name('place', p.id))),
    list(doc.subjects.map((s) => name('subject', s))),
    doc.source.repository ? name('repository', doc.source.repository) : '',
    doc.source.fileNumber ?? '',
    doc.source.citation ?? '',
    doc.rights ? name('rights', doc.rights) : '',
    list(doc.funders.map((f) => name('funder', f))),
    list([...new Set([...doc.translations.flatMap((t) => t.translators), ...doc.source.translatedBy])]),
    list(doc.translations.map((t) => t.language)),
    list(doc.media.map((m) => (/^https?:/i.test(m.url) ? m.url : `${origin}/${m.url}`))),
    doc.uploadedAt ?? '',
    doc.updatedAt ?? '',
    doc.publishedAt ?? '',
    // The text as read: translations first, then the originals.
    [...doc.translations, ...doc.transcripts].map((t) => htmlToText(t.html)).join('\n\n'),
  ];
}

/** Keeps the new generation and the one before it (a download of it may still be running). */
async function removeOldGenerations(dir: string, current: string): Promise<void> {
  const folders = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const keep = new Set([current, folders.filter((f) => f < current).at(-1)]);
  for (const f of folders) if (!keep.has(f)) await rm(join(dir, f), { recursive: true, force: true });
}
