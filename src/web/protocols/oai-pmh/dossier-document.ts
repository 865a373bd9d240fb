/**
 * The `dossier` metadata format: Dossier's own XML, carrying every field of
 * a document (translations and transcripts with their HTML, the cable
 * header, provenance, every reference with its id and resolved name), so a
 * harvester loses nothing that oai_dc cannot say. Its schema,
 * dossier-document.xsd beside this file, is served at /oai/dossier-document.xsd.
 * `FIELDS` is typed over every key of Document: a field added to the model
 * does not compile until this format carries it.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayDate } from '../../../domain/display.js';
import type { Document } from '../../../domain/document.js';
import { PACKAGE_ROOT } from '../../../package-paths.js';
import type { ResolvedDocument } from '../../../services/harvest.js';
import { attrs, element } from '../xml.js';

export const DOSSIER_FORMAT = {
  prefix: 'dossier',
  namespace: 'urn:x-dossier:document:1',
  /** Path on this site; the OAI layer prefixes the origin. */
  schemaPath: '/oai/dossier-document.xsd',
} as const;

type Render<K extends keyof Document> = (value: Document[K], r: ResolvedDocument, setSpec: (id: string) => string) => string;

const many = <T>(values: readonly T[], one: (v: T) => string) => values.map(one).join('');
const wrap = (name: string, inner: string, attributes?: Parameters<typeof attrs>[0]) => (inner || attrs(attributes) ? `<${name}${attrs(attributes)}>${inner}</${name}>` : '');

const moment = (name: string, m: { dateTime: string; timeZone?: string; text?: string } | undefined) =>
  m ? element(name, m.text ?? '', { dateTime: m.dateTime, timeZone: m.timeZone }) : '';

const FIELDS: { [K in keyof Document]-?: Render<K> } = {
  id: (v) => element('id', v),
  slug: (v) => element('slug', v),
  title: (v) => element('title', v),
  date: (v) => element('date', v, v ? { display: displayDate(v) } : undefined),
  dateText: (v) => element('dateText', v),
  summary: (v) => element('summary', v),
  type: (v, r) => (v ? element('type', r.type?.name ?? '', { id: v }) : ''),
  classification: (v) => many(v, (c) => element('classification', c)),
  languages: (v) => many(v, (l) => element('language', l)),
  translations: (v) =>
    many(v, (t) =>
      wrap('translation', element('title', t.title) + element('html', t.html) + many(t.translators, (x) => element('translator', x)) + element('note', t.note), { language: t.language }),
    ),
  transcripts: (v) => many(v, (t) => wrap('transcript', element('title', t.title) + element('html', t.html) + element('note', t.note), { language: t.language, release: t.release })),
  media: (v) => many(v, (m) => element('media', m.label, { kind: m.kind, url: m.url, mimeType: m.mimeType, width: m.width, height: m.height, pages: m.pages })),
  cable: (v) =>
    v
      ? wrap(
          'cable',
          element('number', v.number) + element('primaryOffice', v.primaryOffice) + moment('sent', v.sent) + moment('received', v.received) +
            element('from', v.from) + many(v.to, (x) => element('to', x)) + element('precedence', v.precedence) + many(v.handling, (x) => element('handling', x)),
        )
      : '',
  placeWritten: (v) => element('placeWritten', v),
  source: (v, r) =>
    wrap(
      'source',
      element('citation', v.citation) +
        (v.repository ? element('repository', r.repository?.name ?? '', { id: v.repository }) : '') +
        element('fileNumber', v.fileNumber) + element('releasedUnder', v.releasedUnder) +
        many(v.obtainedBy, (x) => element('obtainedBy', x)) + many(v.translatedBy, (x) => element('translatedBy', x)) + element('url', v.url) + element('publishedAt', v.publishedAt),
    ),
  publishedIn: (v) =>
    v
      ? wrap(
          'publishedIn',
          element('title', v.title) + element('series', v.series) + element('year', v.year) + element('subseries', v.subseries) +
            element('volume', v.volume) + element('document', v.document) + element('pages', v.pages) +
            many(v.editors, (x) => element('editor', x)) + element('publisher', v.publisher) + element('place', v.place) + element('issued', v.issued),
        )
      : '',
  rights: (v, r) => (v ? element('rights', r.rights?.name ?? '', { id: v, uri: r.rights?.uri }) : ''),
  funders: (v, r) => many(v, (id) => element('funder', r.funders.find((f) => f.id === id)?.name ?? '', { id })),
  subjects: (v, r) => many(v, (id) => element('subject', r.subjects.find((s) => s.id === id)?.name ?? '', { id })),
  agents: (v, r) => many(v, (a) => element('agent', r.agents.find((x) => x.authority.id === a.id)?.authority.name ?? '', { id: a.id, role: a.role })),
  places: (v, r) => many(v, (p) => element('place', r.places.find((x) => x.authority.id === p.id)?.authority.name ?? '', { id: p.id, role: p.role })),
  collections: (v, r, setSpec) =>
    many(v, (c) => element('collection', r.collections.find((x) => x.id === c.id)?.title ?? '', { id: c.id, position: c.position, setSpec: setSpec(c.id) })),
  related: (v) => many(v, (x) => element('related', '', { id: x.id, relation: x.relation })),
  identifiers: (v) => many(v, (i) => element('identifier', i.value, { scheme: i.scheme })),
  releases: (v) =>
    many(v, (r) =>
      wrap(
        'release',
        element('name', r.name) + many(r.pages ?? [], (p) => element('page', p) || '<page/>') + element('text', r.text) +
          many(r.classification, (x) => element('classification', x)) + many(r.restrictions, (x) => element('restriction', x)) +
          many(r.sources, (x) => element('source', x.file, { sheet: x.sheet, row: x.row })) + element('notes', r.notes),
        { id: r.id, date: r.date, pageCount: r.pageCount, language: r.language },
      ),
    ),
  notes: (v) => element('notes', v),
  status: (v) => element('status', v),
  withdrawnReason: (v) => element('withdrawnReason', v),
  sample: (v) => element('sample', String(v)),
  uploadedAt: (v) => element('uploadedAt', v),
  updatedAt: (v) => element('updatedAt', v),
  publishedAt: (v) => element('publishedAt', v),
};

export function dossierDocument(r: ResolvedDocument, origin: string, setSpec: (id: string) => string): string {
  const d = r.document;
  let inner = '';
  for (const key of Object.keys(FIELDS) as (keyof Document)[]) inner += (FIELDS[key] as Render<typeof key>)(d[key], r, setSpec);
  return (
    `<document xmlns="${DOSSIER_FORMAT.namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
    `xsi:schemaLocation="${DOSSIER_FORMAT.namespace} ${origin}${DOSSIER_FORMAT.schemaPath}">${inner}</document>`
  );
}

/** The schema file, kept beside this module in the package (the bundle reads it from there, as it does web assets). */
export const DOSSIER_SCHEMA_FILE = join(PACKAGE_ROOT, 'src', 'web', 'protocols', 'oai-pmh', 'dossier-document.xsd');

let schemaText: string | undefined;
export function dossierSchema(): string {
  schemaText ??= readFileSync(DOSSIER_SCHEMA_FILE, 'utf8');
  return schemaText;
}
