/**
 * The document form's fields ↔ a document in the import format. Field names
 * are the document's own paths (`cable.sent.dateTime`, `translations.0.html`),
 * so every issue the schema reports lands beside the field it is about.
 * Lists are typed one per line; repeated groups (people, translations…) are
 * numbered rows, and the form always offers one blank row more.
 * @module
 */
import { parseDateText } from '../../domain/date-text.js';
import type { Document } from '../../domain/document.js';
import { parsePartialDate } from '../../domain/partial-date.js';

export type FormValues = Record<string, string>;

/** Fields typed one value per line. */
export const LINE_FIELDS = new Set(['classification', 'languages', 'funders', 'subjects', 'cable.to', 'cable.handling', 'source.obtainedBy', 'source.translatedBy']);
const ROW_LINE_FIELDS = new Set(['translators']);
/** Repeated groups, and the field whose emptiness means "no row here". */
export const GROUPS: Record<string, string[]> = {
  agents: ['id'],
  places: ['id'],
  collections: ['id'],
  related: ['id'],
  identifiers: ['scheme', 'value'],
  media: ['url'],
  translations: ['html', 'title', 'note', 'translators'],
  transcripts: ['html', 'title', 'note'],
};
const NUMBER_LEAVES = new Set(['position', 'width', 'height', 'pages', 'pageCount', 'row']);

/** The fields the form shows; any other value a document has travels in hidden inputs, so a save loses nothing. */
const SHOWN =
  /^(?:id|slug|title|date|dateText|type|placeWritten|summary|languages|classification|sample|notes|rights|funders|subjects|cable\.(?:number|primaryOffice|from|precedence|to|handling|(?:sent|received)\.(?:dateTime|timeZone|text))|source\.(?:citation|repository|fileNumber|releasedUnder|url|obtainedBy|translatedBy)|(?:agents|places)\.\d+\.(?:id|role)|collections\.\d+\.(?:id|position)|related\.\d+\.(?:id|relation)|identifiers\.\d+\.(?:scheme|value)|(?:translations|transcripts)\.\d+\.(?:language|title|translators|html|note)|media\.\d+\.(?:kind|url|label)|status|withdrawnReason|uploadedAt|publishedAt|updatedAt|note|revision|createMissing)$/;

export function hiddenValues(values: FormValues): [string, string][] {
  return Object.entries(values).filter(([k]) => !SHOWN.test(k));
}

/** Not part of the document: the form's own controls. */
const CONTROL = new Set(['revision', 'note', 'createMissing']);

export function formToInput(fields: Record<string, unknown>): Record<string, any> {
  const doc: Record<string, any> = {};
  for (const [name, raw] of Object.entries(fields)) {
    if (typeof raw !== 'string' || name.startsWith('_') || CONTROL.has(name) || !/^[A-Za-z]+(?:\.(?:\d{1,4}|[A-Za-z]+))*$/.test(name)) continue;
    const value = raw.replace(/\r\n/g, '\n');
    const leaf = name.split('.').pop()!;
    if (LINE_FIELDS.has(name) || ROW_LINE_FIELDS.has(leaf)) setPath(doc, name, lines(value));
    else if (name === 'sample') setPath(doc, name, value === 'on' || value === 'true');
    else if (NUMBER_LEAVES.has(leaf) && /^\s*\d+\s*$/.test(value)) setPath(doc, name, Number(value));
    else if (leaf === 'html') setPath(doc, name, value.trim() === '' ? '' : value);
    else if (value.trim() !== '') setPath(doc, name, value.trim());
  }
  if (!('sample' in fields)) doc.sample = false;
  // Numbered paths build objects keyed 0, 1…; every such object is a list (hidden values such as releases' pages too).
  for (const key of Object.keys(doc)) doc[key] = toLists(doc[key]);
  for (const [group, keys] of Object.entries(GROUPS)) {
    if (!doc[group]) continue;
    doc[group] = (Array.isArray(doc[group]) ? doc[group] : Object.values(doc[group]) as Record<string, unknown>[]).filter((row) => keys.some((k) => !isEmpty(row[k])));
  }
  for (const part of ['sent', 'received'] as const) if (doc.cable?.[part] && isEmpty(doc.cable[part].dateTime) && isEmpty(doc.cable[part].text)) delete doc.cable[part];
  if (doc.cable && Object.values(doc.cable).every(isEmpty)) delete doc.cable;
  if (typeof doc.date === 'string') doc.date = readDate(doc.date);
  return doc;
}

/** EDTF as is; otherwise a date as people write it ("June 1948", "c. 1955") read into EDTF. Unreadable text stays, for the schema to report. */
function readDate(typed: string): string {
  if (parsePartialDate(typed).ok) return typed;
  const read = parseDateText(typed);
  return read.ok ? read.value : typed;
}

export function documentToForm(doc: Partial<Document>): FormValues {
  const out: FormValues = {};
  const walk = (value: unknown, path: string) => {
    if (value === undefined || value === null) return;
    const leaf = path.split('.').pop()!;
    if (Array.isArray(value) && (LINE_FIELDS.has(path) || ROW_LINE_FIELDS.has(leaf))) out[path] = value.join('\n');
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}.${i}`));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else out[path] = typeof value === 'boolean' ? (value ? 'on' : '') : String(value);
  };
  walk(doc, '');
  return out;
}

/** How many rows a group has in the values (the form adds one blank). */
export function rowCount(values: FormValues, group: string): number {
  let n = 0;
  for (const key of Object.keys(values)) {
    const m = new RegExp(`^${group}\\.(\\d+)\\.`).exec(key);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

export interface DatePreview {
  ok: boolean;
  text: string;
}

/** What a typed date will show as, and the range it covers, or why it cannot be read. */
export function previewDate(typed: string | undefined): DatePreview | undefined {
  if (!typed?.trim()) return undefined;
  const edtf = readDate(typed.trim());
  const parsed = parsePartialDate(edtf);
  if (!parsed.ok) {
    const read = parseDateText(typed.trim());
    return { ok: false, text: read.ok ? parsed.error : read.error };
  }
  const { display, range } = parsed.value;
  return { ok: true, text: `Shows as “${display}” (EDTF ${edtf}); covers ${range.start} to ${range.end}` };
}

function setPath(target: Record<string, any>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i]!;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
    node[key] ??= /^\d+$/.test(parts[i + 1]!) ? {} : {};
    node = node[key];
  }
  const last = parts[parts.length - 1]!;
  if (last === '__proto__' || last === 'constructor' || last === 'prototype') return;
  node[last] = value;
}

function toLists(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  for (const [k, v] of entries) (value as Record<string, unknown>)[k] = toLists(v);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  return value;
}

function lines(value: string): string[] {
  return value.split('\n').map((l) => l.trim()).filter(Boolean);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isEmpty));
}
