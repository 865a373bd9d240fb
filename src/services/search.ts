/**
 * The search use case: a validated search state in, a page of hits with
 * snippets, facet counts and a date histogram out. The HTML page,
 * `dossier search` and (later) the JSON API all run this one function. It
 * is a short chain of steps, each its own function: parse the query, resolve
 * `type:`/`collection:`/`lang:` values, expand name variants, scope, ask the
 * index (hits, total, facets), then load the documents, cut snippets, say
 * which variant matched, and label the facet values.
 * @module
 */
import type { Authority, AuthorityKind } from '../domain/authority.js';
import type { Collection } from '../domain/collection.js';
import { ValidationError } from '../domain/errors.js';
import type { Document } from '../domain/document.js';
import { languageName } from '../domain/language.js';
import { foldName } from '../domain/names.js';
import { heldDocuments } from './held-documents.js';
import { plainText } from './plain-text-memo.js';
import { mainTerms, TermSequences } from '../search/term-sequences.js';
import { FACETS, LANGUAGE_FACETS, primaryLanguage, type FacetDeclaration, type FacetId } from '../search/facets.js';
import { parseQuery, queryText } from '../search/query-parser.js';
import type { ParsedQuery, QueryNode } from '../search/query.js';
import type { FacetCount, SearchFilters, SearchRequest, SearchSort } from '../backends/search-index.js';
import { searchParamsSchema, type SearchParams } from '../search/search-state.js';
import { leadSnippet, makeSnippets, matchTerms, warmSnippets } from '../search/snippet.js';
import { expandVariants, type NamedAuthority, type VariantGroup } from '../search/variants.js';
import type { DocumentSummary } from '../backends/store.js';
import { summarize, type Archive } from './archive.js';
import { newTextYears, searchNewText } from './new-text.js';

export { searchParamsSchema, type SearchParams };

export interface Snippet {
  /** A passage around the matches, as HTML with `<mark>`. */
  html: string;
  /** Language of the text it came from, for the `lang` attribute. */
  lang?: string;
}

/** Which name of an authority a hit matched, when the query named one. */
export interface MatchedVariant {
  /** The words of the query. */
  query: string;
  /** The name found in the document (or the authority's name, when the document is only linked to it). */
  variant: string;
  authority: { kind: NamedAuthority['kind']; id: string; name: string };
  /** `text`: the name occurs in the document; `linked`: the document is catalogued with the authority. */
  how: 'text' | 'linked';
}

export interface SearchHitView extends DocumentSummary {
  score: number;
  snippets: Snippet[];
  matched: MatchedVariant[];
}

export interface FacetValueView {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface FacetView {
  id: FacetId;
  label: string;
  values: FacetValueView[];
  /** Values beyond the declared limit were left out. */
  more: boolean;
}

export interface HistogramBar {
  label: string;
  from: string;
  to: string;
  count: number;
}

export interface DateHistogram {
  unit: 'year' | 'decade';
  bars: HistogramBar[];
}

export interface SearchPage {
  params: SearchParams;
  parsed: ParsedQuery;
  sort: SearchSort;
  /** Exact, or at least this many when `totalRelation` is `gte` (only when the caller asked for a total counted up to a bound). */
  total: number;
  totalRelation: 'eq' | 'gte';
  hits: SearchHitView[];
  facets: FacetView[];
  histogram?: DateHistogram;
  /** The names the query was expanded to. */
  variants: VariantGroup[];
  /** The collection searched in, when the search was scoped. */
  scope?: Collection;
  notices: string[];
}

const SNIPPETS_PER_HIT = 3;
/** Most bars the histogram draws; a wider span is drawn by decade. */
const MAX_YEAR_BARS = 40;
const NAME_KINDS = ['person', 'organization', 'place'] as const;

/** What a search state asks the index, once the query is parsed, resolved, expanded and scoped. */
export interface PreparedSearch {
  parsed: ParsedQuery;
  /** What the index is asked (`new:` turned into its release filter). */
  query: QueryNode | undefined;
  /** The query as written, for snippets and highlighting. */
  matchQuery: QueryNode | undefined;
  /** Years of `new:`, whose newly released text each candidate must match. */
  newYears: string[];
  filters: SearchFilters;
  sort: SearchSort;
  groups: VariantGroup[];
  scope?: Collection;
  collections: Collection[];
  notices: string[];
}

/** What a caller may already hold: the archive's collections (the site keeps them per version of the archive). */
export interface SearchContext {
  collections?: () => Promise<Collection[]>;
  /** False: no facet counts (the page's facets and histogram are empty), so that a search by relevance may take the pruned top k. */
  facets?: boolean;
  /** The total counted exactly only up to this many (SearchRequest.totalUpTo): past it, the page's total is "at least". */
  totalUpTo?: number;
}

/** The steps before the index: shared by the search page and anything else that searches as it does (the search feed). */
export async function prepareSearch(archive: Archive, params: SearchParams, context: SearchContext = {}): Promise<PreparedSearch> {
  const parsed = parseQuery(params.q);
  if (parsed.errors.length) throw new ValidationError(parsed.errors.map((message) => ({ path: 'q', message })));
  const notices = [...parsed.notices];
  const collections = await (context.collections?.() ?? archive.backend.store.listCollections());
  const resolved = await resolveValues(archive, parsed.root, collections, notices);
  const { query, groups } = await expandVariants(resolved, (names) => lookupNames(archive, names));
  const scope = params.collection ? collections.find((c) => c.id === params.collection) : undefined;
  if (params.collection && !scope) notices.push(`There is no collection "${params.collection}"; the whole archive was searched.`);
  let { from, to } = params;
  if (from && to && from > to && !to.startsWith(from)) {
    [from, to] = [to, from];
    notices.push('The date range was given backwards; it was turned around.');
  }
  const sort = params.sort ?? (parsed.root ? 'relevance' : 'date');
  // `new:2025` is a `release:2025` filter for the index, then (in runSearch) a check of each candidate's newly released text.
  const fresh = newTextYears(query);
  const filters: SearchFilters = {
    collections: scope ? subtree(collections, scope.id) : undefined,
    dateFrom: from,
    dateTo: to,
    qualifiers: params.approx ?? 'include',
    facets: facetFilters(params.facets),
  };
  return { parsed, query: fresh.query, matchQuery: query, newYears: fresh.years, filters, sort, groups, scope, collections, notices };
}

export async function runSearch(archive: Archive, params: SearchParams, context: SearchContext = {}): Promise<SearchPage> {
  const { parsed, query: indexQuery, matchQuery: query, newYears, filters, sort, groups, scope, collections, notices } = await prepareSearch(archive, params, context);
  const request: SearchRequest = {
    query: indexQuery,
    filters,
    sort,
    limit: params.perPage,
    offset: (params.page - 1) * params.perPage,
    ...(context.facets === false ? {} : { facets: FACETS.map((f) => ({ id: f.id, limit: f.id === 'year' || f.id === 'decade' ? 0 : f.limit + 1 })) }),
  };
  // A `new:` search filters its candidates after the index has answered: its total is always counted.
  const result = newYears.length
    ? await searchNewText(archive, request, newYears)
    : { ...(await archive.backend.search.search({ ...request, ...(context.totalUpTo === undefined ? {} : { totalUpTo: context.totalUpTo }) })), texts: undefined };
  notices.push(...(result.notices ?? []));
  // Kept parsed by content hash (held-documents.ts): a hit seen in an earlier search is not read and parsed again.
  const docs = await heldDocuments.published(archive.backend.store, result.hits.map((h) => h.id));
  const match = matchTerms(query);
  const hits = docs.map((doc) => ({
    ...summarize(doc),
    score: result.hits.find((h) => h.id === doc.id)!.score,
    snippets: result.texts?.has(doc.id) ? makeSnippets(result.texts.get(doc.id)!, match, { max: SNIPPETS_PER_HIT }).map((html) => ({ html, lang: doc.languages[0] })) : parsed.root ? snippetsOf(doc, match) : leadOf(doc),
    matched: matchedVariants(doc, groups),
  }));
  // Links built from these parameters (facets, pages, the form) carry the query as searched, cut to its limit.
  const used = { ...params, q: queryText(params.q), facets: facetFilters(params.facets) };
  const facets = context.facets === false ? [] : await labelFacets(archive, used, result.facets ?? {}, collections);
  return {
    params: used,
    parsed,
    sort,
    total: result.total,
    totalRelation: result.totalRelation ?? 'eq',
    hits,
    facets,
    histogram: histogram(result.facets?.year ?? [], result.facets?.decade ?? []),
    variants: groups,
    scope,
    notices: [...new Set(notices)],
  };
}

async function lookupNames(archive: Archive, names: string[]): Promise<NamedAuthority[]> {
  const found = await archive.backend.store.findAuthoritiesByNames(NAME_KINDS, names);
  return found.flatMap((a) =>
    a.kind === 'person' || a.kind === 'organization' || a.kind === 'place' ? [{ kind: a.kind, id: a.id, name: a.name, variants: a.variants.map((v) => v.name) }] : [],
  );
}

/** `type:`, `collection:` and `lang:` name records or codes; each value becomes the ids it can mean. */
async function resolveValues(archive: Archive, node: QueryNode | undefined, collections: Collection[], notices: string[]): Promise<QueryNode | undefined> {
  if (!node) return node;
  switch (node.type) {
    case 'value': {
      const key = foldName(node.text);
      let ids: string[] = [];
      if (node.field === 'collection') {
        const hit = collections.filter((c) => c.id === node.text || foldName(c.title) === key);
        ids = hit.flatMap((c) => subtree(collections, c.id));
      } else if (node.field === 'type') {
        const byName = await archive.backend.store.findAuthoritiesByName('type', node.text);
        ids = [...new Set([node.text, ...byName.map((t) => t.id)])];
      } else if (node.field === 'release' || node.field === 'new') {
        ids = /^\d{4}$/.test(node.text) ? [node.text] : [];
        if (ids.length === 0) notices.push(`"${node.field}:" takes a year, e.g. ${node.field}:2025; "${node.text}" matches nothing.`);
      } else {
        ids = languageTags(node.text, key);
      }
      if (node.field === 'collection' && ids.length === 0) notices.push(`There is no collection called "${node.text}".`);
      return { ...node, ids };
    }
    case 'not': {
      const child = await resolveValues(archive, node.child, collections, notices);
      return child ? { type: 'not', child } : undefined;
    }
    case 'and':
    case 'or':
      return { type: node.type, children: (await Promise.all(node.children.map((c) => resolveValues(archive, c, collections, notices)))).filter((c): c is QueryNode => c !== undefined) };
    default:
      return node;
  }
}

const KNOWN_TAGS = ['en', 'fr', 'de', 'es', 'it', 'pt', 'ru', 'uk', 'be', 'bg', 'pl', 'cs', 'ja', 'ko', 'zh', 'zh-Hans', 'zh-Hant', 'ar', 'he', 'hi', 'th', 'fi', 'vi', 'ka', 'mn'];

/** `ja`, `Japanese`, `zh` (both scripts) → language tags as stored. */
function languageTags(text: string, key: string): string[] {
  const tags = new Set<string>([text]);
  for (const tag of KNOWN_TAGS) {
    if (tag.toLowerCase() === text.toLowerCase() || foldName(languageName(tag)) === key || tag.toLowerCase().startsWith(`${text.toLowerCase()}-`)) tags.add(tag);
  }
  if (text.toLowerCase() === 'zh' || key === 'chinese') ['zh', 'zh-Hans', 'zh-Hant'].forEach((t) => tags.add(t));
  return [...tags];
}

function subtree(all: Collection[], id: string): string[] {
  const ids = [id];
  for (let i = 0; i < ids.length && i < 10_000; i++) ids.push(...all.filter((c) => c.parent === ids[i] && !ids.includes(c.id)).map((c) => c.id));
  return ids;
}

/** Passages from one text at a time (a translation, then an original), never straddling two. */
export function snippetsOf(doc: Document, match: ReturnType<typeof matchTerms>): Snippet[] {
  const snippets: Snippet[] = [];
  for (const t of [...doc.translations, ...doc.transcripts]) {
    if (snippets.length >= SNIPPETS_PER_HIT) break;
    const found = makeSnippets(textOf(t), match, { max: SNIPPETS_PER_HIT - snippets.length });
    snippets.push(...found.map((html) => ({ html, lang: t.language })));
  }
  if (snippets.length === 0 && doc.summary) snippets.push(...makeSnippets(doc.summary, match, { max: 1 }).map((html) => ({ html })));
  if (snippets.length === 0 && !doc.summary) return leadOf(doc);
  return snippets;
}

function leadOf(doc: Document): Snippet[] {
  if (doc.summary) return [];
  const first = doc.translations[0] ?? doc.transcripts[0];
  return first ? [{ html: leadSnippet(textOf(first)), lang: first.language }] : [];
}

/** Positions of the terms of long texts, kept (term-sequences.ts): a name is looked up, not scanned for. */
const sequences = new TermSequences();

/** For each name the query expanded, the variant the document uses (or that it is catalogued with the authority). */
function matchedVariants(doc: Document, groups: VariantGroup[]): MatchedVariant[] {
  if (groups.length === 0) return [];
  const holds = sequences.of(variantText(doc));
  const out: MatchedVariant[] = [];
  for (const g of groups) {
    const authority = { kind: g.authority.kind, id: g.authority.id, name: g.authority.name };
    // The name as typed first, when the document uses it; then the authority's names in order.
    const variant = [g.query, ...g.names].find((n) => holds(mainTerms(n)));
    if (variant) out.push({ query: g.query, variant, authority, how: 'text' });
    else if (doc.agents.some((a) => a.id === g.authority.id) || doc.places.some((p) => p.id === g.authority.id)) {
      out.push({ query: g.query, variant: g.authority.name, authority, how: 'linked' });
    }
  }
  return out;
}

/**
 * A translation's or transcript's plain text, kept with the text as read: a held document (held-documents.ts)
 * keeps its plain texts as long as it is held, where the plain-text memo, most of which FRUS's long texts
 * fill, soon lets a short one go and its HTML is parsed again by the next search it matches.
 */
const plainTexts = new WeakMap<{ html: string }, string>();

function textOf(t: { html: string }): string {
  let text = plainTexts.get(t);
  if (text === undefined) {
    text = plainText(t.html);
    plainTexts.set(t, text);
  }
  return text;
}

/**
 * The text in which a hit's name variants are looked for, made once per document read: a held document
 * (held-documents.ts) comes back as the same object, and the same string is then found in the term positions'
 * memo without being joined again and hashed whole (for a long text, millions of characters on every search).
 */
const variantTexts = new WeakMap<Document, string>();

function variantText(doc: Document): string {
  let text = variantTexts.get(doc);
  if (text === undefined) {
    text = [doc.title, doc.summary ?? '', ...doc.translations.map(textOf), ...doc.transcripts.map(textOf)].join('\n');
    variantTexts.set(doc, text);
  }
  return text;
}

/**
 * Works out ahead of a search what a search meeting this document keeps
 * about its long texts: their plain text, each text's chunk index for the
 * snippets, the positions of its terms for the name variants. The same
 * entries a search would make, so its page is the same. `pause` is awaited
 * between chunks of work. Returns the characters of the texts that got a
 * chunk index (0 when none is long).
 */
export async function warmSearchTexts(doc: Document, pause: () => Promise<void> | void): Promise<number> {
  let chars = 0;
  for (const t of [...doc.translations, ...doc.transcripts]) {
    const text = textOf(t);
    await pause();
    if (await warmSnippets(text, pause)) chars += text.length;
  }
  if (chars > 0) {
    await pause();
    sequences.warm(variantText(doc));
  }
  return chars;
}

const INCLUDES: Record<string, string> = { scan: 'Scan', 'original-text': 'Original text', translation: 'Translation' };

/** Facet counts with labels for their values, in the registry's order; selected values always shown. */
async function labelFacets(archive: Archive, params: SearchParams, counts: Partial<Record<FacetId, FacetCount[]>>, collections: Collection[]): Promise<FacetView[]> {
  const refs: { kind: AuthorityKind; id: string }[] = [];
  const kindOf = (f: FacetDeclaration): AuthorityKind | undefined =>
    f.valueKind === 'type' || f.valueKind === 'repository' || f.valueKind === 'funder' || f.valueKind === 'subject' || f.valueKind === 'place' ? f.valueKind : f.valueKind === 'person' ? 'person' : undefined;
  const shown = new Map<FacetId, FacetCount[]>();
  for (const f of FACETS) {
    const list = counts[f.id] ?? [];
    // Years are shown most frequent first (the histogram shows them in order); the rest as the index ordered them.
    let values = f.id === 'year' ? [...list].sort((a, b) => b.count - a.count || Number(a.value) - Number(b.value)).slice(0, f.limit) : f.id === 'decade' ? list : list.slice(0, f.limit);
    for (const v of params.facets[f.id] ?? []) if (!values.some((x) => x.value === v)) values = [...values, { value: v, count: list.find((x) => x.value === v)?.count ?? 0 }];
    shown.set(f.id, values);
    const kind = kindOf(f);
    if (kind) for (const v of values) refs.push({ kind, id: v.value }, ...(kind === 'person' ? [{ kind: 'organization' as const, id: v.value }] : []));
  }
  const authorities = refs.length ? await archive.backend.store.getAuthorities(refs) : [];
  const nameOf = (kinds: AuthorityKind[], id: string) => authorities.find((a: Authority) => kinds.includes(a.kind) && a.id === id)?.name;
  return FACETS.map((f) => {
    const list = counts[f.id] ?? [];
    const values = shown.get(f.id)!;
    const selected = new Set(params.facets[f.id] ?? []);
    return {
      id: f.id,
      label: f.label,
      more: f.order === 'count' && list.length > f.limit,
      values: values.map((v) => ({
        value: v.value,
        count: v.count,
        selected: selected.has(v.value),
        label: valueLabel(f, v.value, collections, nameOf),
      })),
    };
  });
}

function valueLabel(f: FacetDeclaration, value: string, collections: Collection[], nameOf: (kinds: AuthorityKind[], id: string) => string | undefined): string {
  switch (f.valueKind) {
    case 'collection':
      return collections.find((c) => c.id === value)?.title ?? value;
    case 'language':
      return languageName(value);
    case 'decade':
      return `${value}s`;
    case 'includes':
      return INCLUDES[value] ?? value;
    case 'person':
      return nameOf(['person', 'organization'], value) ?? value;
    case 'type':
    case 'repository':
    case 'funder':
    case 'subject':
    case 'place':
      return nameOf([f.valueKind], value) ?? value;
    default:
      return value;
  }
}

/** Bars by year when the results span at most MAX_YEAR_BARS years, else by decade. */
export function histogram(years: FacetCount[], decades: FacetCount[]): DateHistogram | undefined {
  const ys = years.map((y) => ({ year: Number(y.value), count: y.count })).filter((y) => Number.isFinite(y.year));
  if (ys.length > 0) {
    const min = Math.min(...ys.map((y) => y.year));
    const max = Math.max(...ys.map((y) => y.year));
    if (max - min < MAX_YEAR_BARS) {
      const bars: HistogramBar[] = [];
      for (let y = min; y <= max; y++) bars.push({ label: String(y), from: String(y), to: String(y), count: ys.find((x) => x.year === y)?.count ?? 0 });
      return { unit: 'year', bars };
    }
  }
  const ds = decades.map((d) => ({ decade: Number(d.value), count: d.count })).filter((d) => Number.isFinite(d.decade));
  if (ds.length === 0) return undefined;
  const min = Math.min(...ds.map((d) => d.decade));
  const max = Math.max(...ds.map((d) => d.decade));
  const bars: HistogramBar[] = [];
  for (let d = min; d <= max && bars.length < 200; d += 10) {
    bars.push({ label: `${d}s`, from: String(d), to: String(d + 9), count: ds.find((x) => x.decade === d)?.count ?? 0 });
  }
  return { unit: 'decade', bars };
}

/** Filters as the index holds their values: a language by its primary subtag (an older link's `zh-Hans` means Chinese). */
function facetFilters(facets: SearchParams['facets']): SearchParams['facets'] {
  const out: SearchParams['facets'] = { ...facets };
  for (const id of LANGUAGE_FACETS) {
    const values = out[id];
    if (values) out[id] = [...new Set(values.map(primaryLanguage))];
  }
  return out;
}
