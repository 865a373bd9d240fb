/**
 * The search state: what a search page's URL (or the command line) asks
 * for, validated once at the edge, and the links that change it. Facet
 * selections are repeated parameters, one per value (`f.person=zhou-enlai&
 * f.decade=1950`); unknown parameters and unknown facets are dropped;
 * malformed ones are a clear 400. `withFacet`/`withoutFacet` return a new
 * state, so every facet and "remove filter" link is built the same way
 * (Blacklight's SearchState).
 * @module
 */
import { z } from 'zod';
import { zodIssues } from '../domain/archive-record.js';
import { ValidationError } from '../domain/errors.js';
import { checkDateBound, quoteInput } from '../domain/partial-date.js';
import { FACETS, isFacetId, type FacetId } from './facets.js';

const dateBound = z
  .string()
  .trim()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'a date bound is YYYY, YYYY-MM or YYYY-MM-DD')
  .superRefine((v, ctx) => {
    // The shape is right; the date must also exist (no 1955-02-30, no year 0000).
    const checked = checkDateBound(v);
    if (!checked.ok && /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(v)) ctx.addIssue({ code: 'custom', message: `${quoteInput(v)} is not a real date: ${checked.error}` });
  });

/** Most values one facet may select; more is not a person clicking. */
export const MAX_FACET_VALUES = 20;

const facetValuesSchema = z
  .array(z.string().trim().min(1, 'a facet value cannot be empty').max(200, 'a facet value has at most 200 characters'))
  .max(MAX_FACET_VALUES, `at most ${MAX_FACET_VALUES} values per facet`);

/** Search parameters as they arrive from a URL or the command line (single values). Unknown keys are dropped. */
export const searchParamsSchema = z.object({
  q: z.string().max(10_000).default(''),
  collection: z.string().max(200).optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
  /** `exclude` leaves out documents dated only approximately (1955~) or uncertainly (1955?). */
  approx: z.enum(['include', 'exclude']).optional(),
  sort: z.enum(['relevance', 'date', 'date-desc']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
  facets: z.partialRecord(z.enum(FACETS.map((f) => f.id) as [FacetId, ...FacetId[]]), facetValuesSchema).default({}),
});
export type SearchParams = z.infer<typeof searchParamsSchema>;
export type SearchParamsInput = z.input<typeof searchParamsSchema>;

const SINGLE = ['q', 'collection', 'from', 'to', 'approx', 'sort', 'page', 'perPage'] as const;

/**
 * Reads a URL's parameters (each key with all its values, as Hono's
 * `c.req.queries()` gives them) into the shape {@link searchParamsSchema}
 * validates: single parameters take their first value, `f.<facet>` keys
 * collect their values, anything else is dropped.
 */
export function searchParamsFromQuery(query: Record<string, string[] | undefined>): SearchParamsInput {
  const out: Record<string, unknown> = {};
  const facets: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(query)) {
    if (!values || values.length === 0) continue;
    if ((SINGLE as readonly string[]).includes(key)) {
      if (values[0] !== '') out[key] = values[0];
    } else if (key.startsWith('f.')) {
      const id = key.slice(2);
      if (isFacetId(id)) facets[id] = [...(facets[id] ?? []), ...values.filter((v) => v !== '')];
    }
  }
  out.facets = facets;
  return out as SearchParamsInput;
}

/** Validates a URL's parameters into a search state; throws ValidationError naming every bad parameter (a 400 on the web). */
export function parseSearchParams(query: Record<string, string[] | undefined>): SearchParams {
  const parsed = searchParamsSchema.safeParse(searchParamsFromQuery(query));
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  return parsed.data;
}

/** The URL of a search state (page 1 unless given; defaults left out so links stay short). */
export function searchUrl(state: SearchParams, path = '/search'): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.collection) params.set('collection', state.collection);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.approx === 'exclude') params.set('approx', 'exclude');
  if (state.sort) params.set('sort', state.sort);
  for (const f of FACETS) for (const v of state.facets[f.id] ?? []) params.append(`f.${f.id}`, v);
  if (state.perPage !== 20) params.set('perPage', String(state.perPage));
  if (state.page > 1) params.set('page', String(state.page));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function withFacet(state: SearchParams, id: FacetId, value: string): SearchParams {
  const current = state.facets[id] ?? [];
  if (current.includes(value)) return { ...state, page: 1 };
  return { ...state, page: 1, facets: { ...state.facets, [id]: [...current, value] } };
}

export function withoutFacet(state: SearchParams, id: FacetId, value?: string): SearchParams {
  const rest = value === undefined ? [] : (state.facets[id] ?? []).filter((v) => v !== value);
  const facets = { ...state.facets };
  if (rest.length > 0) facets[id] = rest;
  else delete facets[id];
  return { ...state, page: 1, facets };
}

export function withDates(state: SearchParams, from: string | undefined, to: string | undefined): SearchParams {
  return { ...state, page: 1, from, to };
}
