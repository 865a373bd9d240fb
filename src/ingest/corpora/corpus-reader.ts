/**
 * The general text-corpus importer: for each file a layout reads a row, and
 * the corpus map turns it into a document (plus, once per run, the corpus
 * collection and the records the map declares). Registered as one import
 * format per map (`--format stalin-works`, `--format roc-laws`…).
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseDateText } from '../../domain/date-text.js';
import {
  excelSerialToDate, readChineseDate, readCompactDate, readJapaneseEraDate, readMinguoDate,
} from '../../domain/era-dates.js';
import type { ParseResult } from '../../domain/partial-date.js';
import { htmlToText } from '../../domain/rich-text.js';
import { isFileNameTitle, suppliedTitle } from '../../domain/supplied-title.js';
import type { ReadProgress, SourceItem } from '../source-item.js';
import { loadCorpusMap, type Conversion, type CorpusMap, type FieldSpec } from './corpus-map.js';
import { LAYOUT_READERS, type Row } from './layouts.js';
import { readNaraOcr } from './nara-ocr.js';
import { corpusDate } from './corpus-date.js';
import { readRussianDate } from '../../domain/russian-dates.js';

export interface CorpusFile {
  path: string;
  display: string;
}

/** Records already announced in this run (the corpus collection, its sections), per progress object. */
const announced = new WeakMap<object, Set<string>>();

export function corpusFileMatches(name: string, path: string): boolean {
  return new RegExp(`${loadCorpusMap(name).files}$`, 'u').test(path.replaceAll('\\', '/'));
}

export async function* readCorpusFile(name: string, file: CorpusFile, progress: ReadProgress = { bytesRead: 0 }): AsyncGenerator<SourceItem> {
  const map = loadCorpusMap(name);
  const path = file.path.replaceAll('\\', '/');
  const match = new RegExp(`${map.files}$`, 'u').exec(path);
  if (!match) return; // not a record of this corpus (an index, a translation read with its original)
  const done = announced.get(progress) ?? new Set<string>();
  announced.set(progress, done);
  const locator = { file: file.display };
  for (const record of [{ kind: 'collection', ...map.collection }, ...map.records]) {
    const key = `${String(record.kind)}:${String(record.id)}`;
    if (done.has(key)) continue;
    done.add(key);
    yield { locator: { file: `maps/${map.name}.json` }, raw: record };
  }
  if (map.layout === 'nara-ocr') {
    yield* readNaraOcr(map, file, done);
    return;
  }
  const bytes = await readFile(file.path);
  // Shift_JIS and other legacy encodings are decoded here; a file that does not decode is an error, not mojibake.
  let text: string;
  try {
    text = new TextDecoder(map.encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    yield { locator, issues: [{ path: '', message: `not valid ${map.encoding}: ${(error as Error).message}` }] };
    return;
  }
  let row: Row | undefined;
  try {
    row = LAYOUT_READERS[map.layout](text, path, map);
  } catch (error) {
    yield { locator, issues: [{ path: '', message: `cannot be read as ${map.layout}: ${(error as Error).message}` }] };
    return;
  }
  if (!row) return;
  if (row.record) {
    yield { locator, raw: row.record, warnings: row.warnings };
    return;
  }
  const section = map.sections ? fillTemplate(map.sections.id, match, path, row) : undefined;
  if (section && !done.has(`collection:${section}`)) {
    done.add(`collection:${section}`);
    const title = match[map.sections!.group] ?? section;
    yield { locator, raw: { kind: 'collection', id: section, title, parent: map.collection.id } };
  }
  const { raw, warnings } = documentFromRow(map, row, fillTemplate(map.id, match, path, row), section);
  yield { locator, raw, warnings: [...row.warnings, ...warnings] };
}

/** `{1}` → regex group, `{hash}` → stable hash of the matched path, `{hash:1}` → of a group, `{value:Key}` → row value. */
export function fillTemplate(template: string, match: RegExpExecArray, path: string, row?: Row): string {
  return template.replace(/\{(\d+|hash|hash:\d+|value:[^}]+)\}/g, (_, key: string) => {
    if (key === 'hash') return createHash('sha256').update(match[0]).digest('hex').slice(0, 16);
    if (key.startsWith('hash:')) return createHash('sha256').update(match[Number(key.slice(5))] ?? '').digest('hex').slice(0, 12);
    if (key.startsWith('value:')) return row?.values[key.slice(6)] ?? '';
    return (match[Number(key)] ?? '').replace(/[^A-Za-z0-9._~-]/g, '-');
  });
}

/** Applies the map's fields to a row. Values that cannot be read become warnings; validation judges the rest. */
export function documentFromRow(map: CorpusMap, row: Row, id: string, section?: string): { raw: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const doc: Record<string, unknown> = { kind: 'document', ...structuredClone(map.defaults), id };
  const identifiers: { scheme: string; value: string }[] = [...((doc.identifiers as never[] | undefined) ?? [])];
  for (const [target, spec] of Object.entries(map.fields)) {
    const value = fieldValue(spec, row);
    if (value === undefined || value === '') continue;
    const as = typeof spec === 'object' ? spec.as : undefined;
    if (target === 'date') {
      const read = corpusDate(spec, value, row, convertDate);
      if (read.date) doc.date = read.date;
      if (read.dateText) doc.dateText = read.dateText;
      warnings.push(...read.warnings);
      continue;
    }
    if (target.startsWith('identifiers.')) {
      identifiers.push({ scheme: target.slice('identifiers.'.length), value: value.slice(0, 500) });
      continue;
    }
    if (target === 'classification') {
      doc.classification = [...((doc.classification as string[] | undefined) ?? []), value];
      continue;
    }
    if (target.startsWith('source.')) {
      doc.source = { ...((doc.source as object | undefined) ?? {}), [target.slice(7)]: value };
      continue;
    }
    doc[target] = target === 'notes' && typeof doc.notes === 'string' ? `${doc.notes}\n${value}` : value;
  }
  if (identifiers.length) doc.identifiers = identifiers;
  if (typeof doc.title === 'string') doc.title = doc.title.slice(0, 2000);
  if (typeof doc.title === 'string' && isFileNameTitle(doc.title)) {
    // "Transcript TranscriptFile_110404.html" tells a reader nothing: a title is supplied from the text instead.
    const supplied = suppliedTitle(row.texts.map((t) => htmlToText(t.html)).join(' ').replace(/\s+/g, ' '));
    if (supplied) {
      warnings.push(`title "${doc.title}" is a file name: supplied from the text as ${supplied}`);
      doc.title = supplied;
    } else {
      warnings.push(`title "${doc.title}" is a file name and the record has no text to supply one from: titled by its record id`);
      doc.title = undefined;
    }
  }
  if (!doc.title) {
    doc.title = `${String(map.collection.title ?? map.name)}: ${id.split('/').pop()}`;
    warnings.push('no title: titled by its record id');
  }
  placeTexts(map, row, doc);
  doc.collections = [{ id: section ?? map.collection.id }];
  return { raw: doc, warnings };
}

function fieldValue(spec: FieldSpec, row: Row): string | undefined {
  if (typeof spec === 'string') return row.values[spec]?.trim() || undefined;
  // A constant, given only when its `from` value is present (e.g. "Abolished" when the abolished mark is set).
  if (spec.value !== undefined) return !spec.from || row.values[spec.from]?.trim() ? String(spec.value) : undefined;
  let value = spec.from ? row.values[spec.from]?.trim() : undefined;
  if (!value) return undefined;
  if (spec.pattern) {
    const m = new RegExp(spec.pattern, 'u').exec(value);
    if (!m) return undefined;
    value = (m[1] ?? m[0]).trim();
  }
  return spec.prefix ? `${spec.prefix}${value}` : value;
}

/** Each date convention the corpora use, read by the pure functions of domain/. */
function convertDate(as: Conversion | undefined, value: string): ParseResult<string> | undefined {
  switch (as) {
    case 'year':
      return /^\d{4}$/.test(value) ? { ok: true, value } : { ok: false, error: 'not a four-digit year' };
    case 'mdy-date':
      return parseDateText(value, { numeric: 'mdy' });
    case 'chinese-date':
      return readChineseDate(value);
    case 'minguo-date':
      return readMinguoDate(value);
    case 'japanese-era-date':
      return readJapaneseEraDate(value);
    case 'compact-date':
      return readCompactDate(value);
    case 'excel-date':
      return /^\d+$/.test(value) ? excelSerialToDate(Number(value)) : parseDateText(value, { numeric: 'mdy' });
    case 'russian-date':
      return readRussianDate(value);
    default:
      return parseDateText(value);
  }
}

/**
 * The original-language text is a transcript, any other a translation. A row the map marks as translated
 * (Stalin's `Translation: 1`, from Georgian) has the lost original's language and only a translation.
 */
function placeTexts(map: CorpusMap, row: Row, doc: Record<string, unknown>): void {
  const translated = map.translatedFrom && row.values[map.translatedFrom.field]?.trim() === map.translatedFrom.equals;
  const originals = row.texts.filter((t) => !t.translation && !translated);
  const languages = translated ? [map.translatedFrom!.language] : [...new Set(originals.map((t) => t.language))];
  doc.languages = languages.filter((l) => l !== 'und');
  doc.transcripts = originals.map((t) => ({ language: t.language, html: t.html, ...(t.title ? { title: t.title } : {}), ...(t.note ? { note: t.note } : {}) }));
  doc.translations = row.texts
    .filter((t) => t.translation || translated)
    .map((t) => ({ language: t.language, html: t.html, ...(t.title ? { title: t.title.slice(0, 1000) } : {}), ...(t.note ? { note: t.note } : {}) }));
}
