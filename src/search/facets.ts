/**
 * The facet registry: every facet declared once (id, label, where its values
 * come from, how many to show, in which order), read by the index (which
 * values to count), the query builder (which filters a URL may set), the
 * search page and `dossier search --json`. Adding a facet is adding a line
 * here (Blacklight's `add_facet_field`).
 * @module
 */
import { parsePartialDate } from '../domain/partial-date.js';
import { releaseYear } from '../domain/release.js';
import type { IndexEntry } from '../backends/search-index.js';

export const FACET_IDS = [
  'collection', 'decade', 'year', 'type', 'language', 'translation', 'includes',
  'repository', 'funder', 'subject', 'person', 'place', 'classification', 'release',
] as const;
export type FacetId = (typeof FACET_IDS)[number];

/** What a facet's values are, so the page can label them (an authority's name, a language's name…). */
export type FacetValueKind =
  | 'collection' | 'type' | 'repository' | 'funder' | 'subject' | 'person' | 'place' | 'language' | 'decade' | 'year' | 'includes' | 'text';

export interface FacetDeclaration {
  id: FacetId;
  label: string;
  /** Values shown before "more"; the JSON output returns as many. */
  limit: number;
  /** `count`: most documents first; `value`: alphabetical or numeric; `chronological`: oldest first. */
  order: 'count' | 'value' | 'chronological';
  /** How several selected values combine: `or` (any of them, the usual) or `and` (all of them). */
  join: 'or' | 'and';
  valueKind: FacetValueKind;
  /** Values most documents have at most; the index reserves that many inline slots per document (more spill over). */
  slots: number;
  /** The values of one document (the facet's "field"). */
  values: (entry: IndexEntry) => string[];
}

/** Largest span of a date range still counted in each of its years (or decades); wider ranges are too vague to place. */
const MAX_YEARS = 5;
const MAX_DECADES = 2;

function dateYears(entry: IndexEntry): { years: number[]; decades: number[] } {
  const raw = entry.document.date;
  const parsed = raw ? parsePartialDate(raw) : undefined;
  if (!parsed?.ok) return { years: [], decades: [] };
  const first = Number(parsed.value.range.start.slice(0, 4));
  const last = Number(parsed.value.range.end.slice(0, 4));
  const years = last - first < MAX_YEARS ? range(first, last) : [];
  const decades = Math.floor(last / 10) - Math.floor(first / 10) < MAX_DECADES ? range(Math.floor(first / 10), Math.floor(last / 10)).map((d) => d * 10) : [];
  return { years, decades };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

const authorities = (entry: IndexEntry, kind: 'person' | 'place') => {
  if (kind === 'place') return entry.document.places.map((p) => p.id);
  // Without the authorities' kinds, every agent counts as a person.
  return entry.authorities ? entry.authorities.filter((a) => a.kind === 'person').map((a) => a.id) : entry.document.agents.map((a) => a.id);
};

/** "SECRET", "Secret " and "secret" are one mark. */
export function classificationValue(mark: string): string {
  const t = mark.trim().replace(/\s+/g, ' ').toLowerCase();
  return t.replace(/(^|[\s-])\p{L}/gu, (m) => m.toUpperCase());
}

/**
 * Changes whenever a document yields other facet values than before; part of
 * the search index's version, so an archive indexed before is rebuilt.
 * 2: languages by their primary subtag.
 */
export const FACETS_VERSION = 2;

/**
 * A language facet counts languages, not their scripts or regions: zh-Hans
 * and zh-Hant are both Chinese, sr-Latn is Serbian. (A document keeps its
 * full tag; the page and `lang` attributes use it.)
 */
export function primaryLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}

/** Facets whose values are language tags, compared by {@link primaryLanguage}. */
export const LANGUAGE_FACETS: readonly FacetId[] = ['language', 'translation'];

export const FACETS: readonly FacetDeclaration[] = [
  { id: 'collection', label: 'Collection', limit: 10, order: 'count', join: 'or', valueKind: 'collection', slots: 2, values: (e) => e.document.collections.map((c) => c.id) },
  { id: 'decade', label: 'Decade', limit: 20, order: 'chronological', join: 'or', valueKind: 'decade', slots: 1, values: (e) => dateYears(e).decades.map(String) },
  { id: 'year', label: 'Year', limit: 12, order: 'count', join: 'or', valueKind: 'year', slots: 1, values: (e) => dateYears(e).years.map(String) },
  { id: 'type', label: 'Type', limit: 10, order: 'count', join: 'or', valueKind: 'type', slots: 1, values: (e) => (e.document.type ? [e.document.type] : []) },
  { id: 'language', label: 'Original language', limit: 10, order: 'count', join: 'or', valueKind: 'language', slots: 1, values: (e) => e.document.languages.map(primaryLanguage) },
  { id: 'translation', label: 'Translated into', limit: 10, order: 'count', join: 'or', valueKind: 'language', slots: 1, values: (e) => e.document.translations.map((t) => primaryLanguage(t.language)) },
  {
    id: 'includes', label: 'Includes', limit: 5, order: 'value', join: 'and', valueKind: 'includes', slots: 3,
    values: (e) => [
      ...(e.document.media.length > 0 ? ['scan'] : []),
      ...(e.document.transcripts.length > 0 ? ['original-text'] : []),
      ...(e.document.translations.length > 0 ? ['translation'] : []),
    ],
  },
  { id: 'repository', label: 'Repository', limit: 10, order: 'count', join: 'or', valueKind: 'repository', slots: 1, values: (e) => (e.document.source.repository ? [e.document.source.repository] : []) },
  { id: 'funder', label: 'Funder', limit: 10, order: 'count', join: 'or', valueKind: 'funder', slots: 1, values: (e) => e.document.funders },
  { id: 'subject', label: 'Subject', limit: 10, order: 'count', join: 'or', valueKind: 'subject', slots: 3, values: (e) => e.document.subjects },
  { id: 'person', label: 'Person', limit: 10, order: 'count', join: 'or', valueKind: 'person', slots: 3, values: (e) => authorities(e, 'person') },
  { id: 'place', label: 'Place', limit: 10, order: 'count', join: 'or', valueKind: 'place', slots: 2, values: (e) => authorities(e, 'place') },
  // The years a document was released in (release.ts): `release:2025`, and the page of each year's release.
  { id: 'release', label: 'Released', limit: 10, order: 'chronological', join: 'or', valueKind: 'year', slots: 1, values: (e) => e.document.releases.map(releaseYear) },
  { id: 'classification', label: 'Classification', limit: 10, order: 'count', join: 'or', valueKind: 'text', slots: 1, values: (e) => e.document.classification.map(classificationValue) },
];

const BY_ID = new Map(FACETS.map((f) => [f.id, f]));

export function facetDeclaration(id: FacetId): FacetDeclaration {
  return BY_ID.get(id)!;
}

export function isFacetId(id: string): id is FacetId {
  return BY_ID.has(id as FacetId);
}

/** Every facet value of one document, deduplicated, per facet. */
export function facetValues(entry: IndexEntry): Map<FacetId, string[]> {
  const out = new Map<FacetId, string[]>();
  for (const f of FACETS) {
    const values = [...new Set(f.values(entry).filter((v) => v !== ''))];
    if (values.length > 0) out.set(f.id, values);
  }
  return out;
}
