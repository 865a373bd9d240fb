/**
 * Corpus maps: the small declarative part of importing a text corpus. A map
 * names the layout that reads one file into a flat row (values plus texts),
 * which files belong to the corpus, how record ids are formed, the language
 * of the texts, and how row values become document fields — with each date
 * read in its source's own convention. Maps live in maps/<name>.json; the
 * format is documented in docs/importers.md.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MAPS_DIR } from '../../package-paths.js';
import { zodIssues } from '../../domain/archive-record.js';
import { ValidationError } from '../../domain/errors.js';

export const LAYOUTS = ['key-value-text', 'dated-markdown', 'moj-json', 'egov-html', 'udhr-html', 'wcda-api-json', 'nara-ocr'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const CONVERSIONS = [
  'text', 'year', 'date-text', 'mdy-date', 'chinese-date', 'minguo-date', 'japanese-era-date', 'compact-date', 'excel-date',
  'russian-date',
] as const;
export type Conversion = (typeof CONVERSIONS)[number];

const fieldSpec = z.union([
  z.string(),
  z.strictObject({
    /** Row value to read. */
    from: z.string().optional(),
    /** A constant instead. */
    value: z.unknown().optional(),
    as: z.enum(CONVERSIONS).optional(),
    /** A regular expression; its first group (or whole match) is kept. */
    pattern: z.string().optional(),
    /** Text put before the value (for notes: "Genre: "). */
    prefix: z.string().optional(),
    /** `date` only: a second value that may date the record more precisely (Stalin's titles give the day of a year). */
    refine: z.strictObject({ from: z.string(), as: z.enum(CONVERSIONS).optional() }).optional(),
    /** `date` only: the years a record of this source can be from; a date outside is reported and not stored. */
    plausible: z.tuple([z.number().int(), z.number().int()]).optional(),
  }),
]);
export type FieldSpec = z.infer<typeof fieldSpec>;

export const TARGETS = [
  'title', 'date', 'summary', 'notes', 'placeWritten', 'source.citation', 'source.fileNumber', 'source.url', 'source.releasedUnder', 'source.publishedAt',
  'classification', 'identifiers',
] as const;

export const corpusMapSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal('dossier-corpus-map/1'),
  name: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string().optional(),
  layout: z.enum(LAYOUTS),
  /** Text encoding of the files (WHATWG label: utf-8, shift_jis…). */
  encoding: z.string().default('utf-8'),
  /** Which files are records: a regular expression matched against the end of each path (with "/"). Its groups feed `id`. */
  files: z.string(),
  /** Record id template: `{1}`… are the groups of `files`, `{hash}` a stable hash of the matched path, `{value:Key}` a row value. */
  id: z.string(),
  /** BCP 47 language of the texts, unless the layout reads it from the file. */
  language: z.string().optional(),
  /** The collection every record goes into, created before the first record. */
  collection: z.record(z.string(), z.unknown()),
  /** Sub-collections from a group of `files` (e.g. the category folder). */
  sections: z.strictObject({ group: z.number().int().positive(), id: z.string() }).optional(),
  /** Other records to create first (rights statements…). */
  records: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Fields every document gets. */
  defaults: z.record(z.string(), z.unknown()).default({}),
  /** Document field ← row value. `identifiers.<scheme>` adds an identifier. */
  fields: z.record(z.string(), fieldSpec),
  /** When a row value says the text is a translation (Stalin: `Translation: 1`), the language of the lost original. */
  translatedFrom: z.strictObject({ field: z.string(), equals: z.string(), language: z.string() }).optional(),
  /** Layout options (see each layout). */
  options: z.record(z.string(), z.unknown()).default({}),
});
export type CorpusMap = z.infer<typeof corpusMapSchema>;

const cache = new Map<string, CorpusMap>();

/** Loads and validates maps/<name>.json (once per process). */
export function loadCorpusMap(name: string, dir = MAPS_DIR): CorpusMap {
  const path = join(dir, `${name}.json`);
  const cached = cache.get(path);
  if (cached) return cached;
  const parsed = corpusMapSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), `${path}: not a valid corpus map`);
  for (const pattern of [parsed.data.files, ...Object.values(parsed.data.fields).map((f) => (typeof f === 'object' ? f.pattern : undefined))]) {
    if (pattern) new RegExp(pattern, 'u');
  }
  cache.set(path, parsed.data);
  return parsed.data;
}
