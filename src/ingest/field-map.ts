/**
 * Field maps: a small declarative description of how a flat row (a CSV line,
 * a spreadsheet row, a header of key/value pairs) becomes a Dossier document,
 * so a third party's spreadsheet imports without being edited. Each rule
 * reads one column, optionally extracts part of it with a pattern, splits it
 * into a list, converts each value and writes it to one field. Names in
 * people/place/subject/funder columns become authority records, linked to
 * existing ones that share a name. See docs/field-maps.md.
 * @module
 */
import { z } from 'zod';
import { parseDateText } from '../domain/date-text.js';
import { slugify } from '../domain/ids.js';
import { languageFromName } from '../domain/language.js';
import { contentHash } from '../domain/canonical-json.js';
import { linesToHtml, sanitizeRichText, textToHtml } from '../domain/rich-text.js';
import type { DerivedAuthority } from './source-item.js';

const TARGETS = [
  'id', 'title', 'date', 'dateText', 'summary', 'type', 'classification', 'languages', 'text', 'notes', 'placeWritten',
  'source.citation', 'source.repository', 'source.fileNumber', 'source.releasedUnder', 'source.obtainedBy',
  'source.translatedBy', 'source.url', 'source.publishedAt', 'rights', 'funders', 'subjects', 'agents', 'places', 'collections', 'uploadedAt',
  'identifiers', 'status',
] as const;
type Target = (typeof TARGETS)[number];

const ruleSchema = z.strictObject({
  to: z.enum(TARGETS),
  /** Column name; or use `value` for a constant. */
  from: z.string().optional(),
  value: z.unknown().optional(),
  /** A regular expression; its first capture group (or whole match) is kept. No match: the rule yields nothing. */
  pattern: z.string().optional(),
  /** How a cell holds several values: a JSON array, one per line, or a separator (a regular expression). */
  list: z.union([z.enum(['json', 'lines']), z.strictObject({ split: z.string() })]).optional(),
  /** Keep only the first value of a list. */
  first: z.boolean().optional(),
  /** Conversion of each value. */
  as: z.enum(['text', 'date-text', 'language-name', 'text-html', 'lines-html', 'html', 'iso-date']).optional(),
  prefix: z.string().optional(),
  /** `text`: the language of the text; it becomes a transcript when the document's original languages include it, else a translation. */
  language: z.string().optional(),
  /** Authority kind for name columns; `agent` picks person or organization by `organizationPattern`. */
  authority: z.enum(['agent', 'person', 'organization', 'place', 'subject', 'funder', 'repository', 'rights', 'type']).optional(),
  role: z.string().optional(),
  /** Identifier scheme, for `identifiers`. */
  scheme: z.string().optional(),
  /** For `rights`: the statement's display name. */
  name: z.string().optional(),
  /** Numeric dates in a column: month/day/year or day/month/year. */
  numeric: z.enum(['mdy', 'dmy']).optional(),
});
export type FieldRule = z.infer<typeof ruleSchema>;

export const fieldMapSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal('dossier-field-map/1'),
  name: z.string(),
  description: z.string().optional(),
  /** Records created (or updated) before the rows: the collection the rows go into, types, rights. */
  records: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Fields every document gets unless a rule sets them. */
  defaults: z.record(z.string(), z.unknown()).default({}),
  rules: z.array(ruleSchema).min(1),
  /** Names matching this (case-insensitive) are organizations, the rest people. */
  organizationPattern: z.string().optional(),
  /** Move an unquoted trailing "(…)" of a name into its variants: "Chiang, Ching-kuo (Jiang Jingguo)". */
  parenthesizedVariants: z.boolean().default(false),
  /** Prefix for the ids of authorities this map creates. */
  authorityIdPrefix: z.string().default(''),
});
export type FieldMap = z.infer<typeof fieldMapSchema>;

export interface MappedRow {
  raw: Record<string, unknown>;
  derived: DerivedAuthority[];
  warnings: string[];
  /** Values that are malformed, not merely unreadable (a list column that is not a list): the row fails. */
  issues: { path: string; message: string }[];
}

/** Applies a field map to one row. Never throws: values it cannot read become warnings, and validation judges the rest. */
export function applyFieldMap(map: FieldMap, row: Record<string, string | undefined>): MappedRow {
  const doc: Record<string, unknown> = { ...structuredClone(map.defaults) };
  const derived = new Map<string, DerivedAuthority>();
  const warnings: string[] = [];
  const texts: { language: string; html: string }[] = [];
  const issues: { path: string; message: string }[] = [];

  for (const rule of map.rules) {
    let values: unknown[];
    try {
      values = ruleValues(rule, row);
    } catch (error) {
      issues.push({ path: rule.from ?? rule.to, message: (error as Error).message });
      continue;
    }
    for (const value of values) {
      const converted = convert(rule, value, warnings);
      if (converted === undefined) {
        // A date that cannot be read is kept as the source wrote it, never guessed.
        if (rule.to === 'date' && typeof value === 'string') assign(doc, 'dateText', value, rule);
        continue;
      }
      if (rule.to === 'text') {
        texts.push({ language: rule.language ?? 'en', html: String(converted) });
      } else if (rule.authority) {
        const ref = authorityRef(map, rule, String(converted), derived);
        if (ref) assign(doc, rule.to, ref, rule);
      } else if (rule.to === 'identifiers') {
        assign(doc, rule.to, { scheme: rule.scheme ?? rule.from ?? 'id', value: String(converted) }, rule);
      } else if (rule.to === 'collections') {
        assign(doc, rule.to, { id: String(converted) }, rule);
      } else {
        assign(doc, rule.to, rule.prefix && rule.to === 'id' ? rule.prefix + String(converted) : converted, rule);
      }
    }
  }
  placeTexts(doc, texts);
  return { raw: doc, derived: [...derived.values()], warnings, issues };
}

function ruleValues(rule: FieldRule, row: Record<string, string | undefined>): unknown[] {
  if (rule.value !== undefined) return Array.isArray(rule.value) ? rule.value : [rule.value];
  let cell = rule.from !== undefined ? (row[rule.from] ?? '').trim() : '';
  if (!cell) return [];
  if (rule.pattern) {
    const m = new RegExp(rule.pattern, 'iu').exec(cell);
    if (!m) return [];
    cell = (m[1] ?? m[0]).trim();
  }
  let values: unknown[] = [cell];
  if (rule.list === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(cell);
    } catch (error) {
      // Read as one value, "[not json" would become a name, a subject or a language: data made of an error.
      throw new Error(`column "${rule.from}" should hold a JSON list but holds ${JSON.stringify(cell.slice(0, 60))} (${(error as Error).message})`);
    }
    values = Array.isArray(parsed) ? parsed : [parsed];
  } else if (rule.list === 'lines') values = cell.split(/\r?\n/);
  else if (rule.list) values = cell.split(new RegExp(rule.list.split, 'u'));
  values = values.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '' && v !== null && v !== undefined);
  return rule.first ? values.slice(0, 1) : values;
}

function convert(rule: FieldRule, value: unknown, warnings: string[]): unknown {
  if (typeof value !== 'string') return value;
  switch (rule.as) {
    case 'date-text': {
      const parsed = parseDateText(value, rule.numeric ? { numeric: rule.numeric } : {});
      if (parsed.ok) return parsed.value;
      warnings.push(`date "${value}" could not be read (${parsed.error}); kept as text`);
      return undefined;
    }
    case 'iso-date':
      return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : (warnings.push(`"${value}" is not an ISO date`), undefined);
    case 'language-name':
      // An unknown name is passed on as is, so validation fails the record naming the field and the value.
      return languageFromName(value) ?? value;
    case 'text-html':
      return textToHtml(value);
    case 'lines-html':
      return linesToHtml(value);
    case 'html':
      return sanitizeRichText(value);
    default:
      return value;
  }
}

function authorityRef(map: FieldMap, rule: FieldRule, value: string, derived: Map<string, DerivedAuthority>): unknown {
  if (rule.authority === 'rights') {
    const id = `${map.authorityIdPrefix}rights-${contentHash(value).slice(0, 10).toLowerCase()}`;
    const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(value)?.[0];
    derived.set(`rights:${id}`, {
      record: { kind: 'rights', id, name: rule.name ?? value.split(/(?<=\.)\s/)[0]!.slice(0, 200), statement: value, ...(email ? { contact: { email } } : {}) },
    });
    return id;
  }
  let name = value.replace(/\s+/g, ' ');
  const kind =
    rule.authority === 'agent'
      ? map.organizationPattern && new RegExp(map.organizationPattern, 'iu').test(name) ? 'organization' : 'person'
      : rule.authority!;
  const variants: { name: string }[] = [];
  // Only kinds with name variants can take the parenthesized form as one; a repository keeps "(NMML)" in its name.
  const paren = map.parenthesizedVariants && KINDS_WITH_VARIANTS.has(kind) ? /^(.*\S)\s*\(([^()"“”]+)\)$/.exec(name) : null;
  if (paren) {
    name = paren[1]!;
    variants.push({ name: paren[2]!.trim() });
  }
  const id = `${map.authorityIdPrefix}${slugify(name, `${kind}-${contentHash(name).slice(0, 8).toLowerCase()}`)}`;
  const key = `${kind}:${id}`;
  if (!derived.has(key)) derived.set(key, { record: { kind, id, name, ...(variants.length ? { variants } : {}) } });
  if (rule.to === 'agents') return { id, role: rule.role ?? 'mentioned' };
  if (rule.to === 'places') return { id, role: rule.role ?? 'mentioned' };
  return id;
}

const KINDS_WITH_VARIANTS = new Set(['person', 'organization', 'place', 'subject']);

const LIST_TARGETS = new Set<Target>([
  'classification', 'languages', 'funders', 'subjects', 'agents', 'places', 'collections', 'identifiers',
  'source.obtainedBy', 'source.translatedBy',
]);

function assign(doc: Record<string, unknown>, target: Target, value: unknown, rule: FieldRule): void {
  const [head, tail] = target.split('.') as [string, string | undefined];
  const parent = tail ? ((doc[head] ??= {}) as Record<string, unknown>) : doc;
  const key = tail ?? head;
  if (LIST_TARGETS.has(target)) {
    const list = ((parent[key] as unknown[] | undefined) ??= []);
    if (!list.some((v) => JSON.stringify(v) === JSON.stringify(value))) list.push(value);
  } else if (parent[key] === undefined || rule.value === undefined) {
    parent[key] = value;
  }
}

/** Text in one of the document's original languages is a transcript; in any other language, a translation. */
function placeTexts(doc: Record<string, unknown>, texts: { language: string; html: string }[]): void {
  const originals = new Set((doc.languages as string[] | undefined) ?? []);
  for (const t of texts) {
    const target = originals.has(t.language) ? 'transcripts' : 'translations';
    ((doc[target] as unknown[] | undefined) ??= []).push({ language: t.language, html: t.html });
  }
}
