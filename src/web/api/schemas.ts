/**
 * The JSON API's shapes, as zod schemas: what each endpoint accepts (query
 * parameters, validated once at the edge) and what it answers. The records
 * inside answers are the domain's own schemas, so the OpenAPI description
 * (openapi.ts) is generated from the very schemas that validate imports, and
 * cannot drift from them.
 * @module
 */
import { z } from 'zod';
import { AUTHORITY_KINDS, authoritySchema } from '../../domain/authority.js';
import { collectionSchema } from '../../domain/collection.js';
import { documentSchema, mediaSchema } from '../../domain/document.js';
import { FACET_IDS } from '../../search/facets.js';

/** Most items one page of any list may hold; more is a bulk download's job (/data). */
export const MAX_LIMIT = 100;

const limit = (fallback: number) =>
  z.coerce.number().int('must be a whole number').min(1, 'is at least 1').max(MAX_LIMIT, `is at most ${MAX_LIMIT}; the bulk downloads at /data hold the whole archive`).default(fallback)
    .describe(`Items per page (1–${MAX_LIMIT}).`);
const cursor = z.string().max(2000).optional().describe('Where the next page starts: the `page.nextCursor` of the previous answer, unchanged.');

// ---- query parameters ---------------------------------------------------

export const listQuerySchema = z.object({ limit: limit(50), cursor });

export const documentQuerySchema = z.object({
  format: z.enum(['json', 'jsonld']).default('json').describe('`jsonld` answers schema.org JSON-LD (`application/ld+json`) instead of the API record.'),
});

const dateBound = z.string().regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'a date bound is YYYY, YYYY-MM or YYYY-MM-DD');

/** Search parameters: the search page's, with `limit`/`cursor` in place of page numbers. Facet filters are `f.<facet>` (repeatable). */
export const searchQuerySchema = z.object({
  q: z.string().max(10_000).default('').describe('A query in the search page\'s language: words, "phrases", prefix*, OR, -exclusion, person:, type:, collection:, lang:.'),
  collection: z.string().max(200).optional().describe('Search within this collection and its subcollections.'),
  from: dateBound.optional().describe('Earliest document date (YYYY, YYYY-MM or YYYY-MM-DD).'),
  to: dateBound.optional().describe('Latest document date.'),
  approx: z.enum(['include', 'exclude']).optional().describe('`exclude` leaves out documents dated only approximately.'),
  sort: z.enum(['relevance', 'date', 'date-desc']).optional().describe('Order of the hits: best match first (the default with words), or by date (without).'),
  facets: z.enum(['all', 'none']).default('all').describe('`none` leaves out the facet counts (`facets` is empty).'),
  total: z
    .string()
    .regex(/^(?:exact|[1-9]\d{0,5}|1000000)$/, 'is `exact` or a whole number from 1 to 1000000')
    .default('exact')
    .describe(
      'Count the matches exactly (`exact`, the default), or only up to this many: past it `total` is a lower bound and `totalRelation` is `gte`. ' +
        'With `facets=none` and words sorted by relevance, a bound spares the reading of what cannot enter the page; facet counts need every match, so with them the total is exact.',
    ),
  limit: limit(20),
  cursor,
});
export const SEARCH_FACET_PARAMETERS = FACET_IDS.map((id) => `f.${id}`);

export const changesQuerySchema = z.object({
  since: z.coerce.number().int('must be a whole number').min(0, 'is 0 or the `next` of an earlier answer').max(Number.MAX_SAFE_INTEGER).default(0)
    .describe('Change sequence number: answers changes after it. Start at 0; then pass the `next` of the previous answer.'),
  limit: limit(100),
});

export const authorityKindSchema = z.enum(AUTHORITY_KINDS);

// ---- answers -------------------------------------------------------------

export const pageInfoSchema = z.object({
  limit: z.number().int(),
  total: z.number().int().describe('Items in the whole list.'),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  next: z.string().nullable().describe('URL of the next page; null on the last page.'),
});

export const documentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string().optional().describe('EDTF date (1955, 1984-03-25, 1955~, 1956/1957).'),
  summary: z.string().optional(),
  type: z.string().optional(),
  sample: z.boolean().describe('Fictional sample content.'),
  uploadedAt: z.string().optional(),
  url: z.string().describe('The document page.'),
  api: z.string().describe('This API\'s record of the document.'),
});

const linkedCollectionSchema = z.object({ id: z.string(), title: z.string(), position: z.number().int().optional(), url: z.string(), api: z.string() });

export const documentResourceSchema = z.object({
  document: documentSchema.describe('The record as stored (status is always `published` here).'),
  url: z.string(),
  links: z.object({ self: z.string(), html: z.string(), jsonld: z.string(), bibtex: z.string(), ris: z.string(), cslJson: z.string() }),
  type: authoritySchema.nullable(),
  rights: authoritySchema.nullable(),
  repository: authoritySchema.nullable(),
  funders: z.array(authoritySchema),
  agents: z.array(z.object({ role: z.string(), authority: authoritySchema })).describe('People and organizations, with their role in the document.'),
  places: z.array(authoritySchema),
  subjects: z.array(authoritySchema),
  collections: z.array(linkedCollectionSchema),
  media: z.array(mediaSchema.extend({ href: z.string().describe('Absolute URL of the file.') })),
  related: z.array(documentSummarySchema.extend({ relation: z.string().optional() })),
  translationVersions: z
    .array(
      z.object({
        revision: z.number().int(),
        at: z.string().describe('When this version was published.'),
        note: z.string().optional().describe("The editor's note on the change."),
        url: z.string().describe('The page of the document as it read in this version (citable).'),
        translations: documentSchema.shape.translations,
      }),
    )
    .describe('Every published version of the translations, oldest first; the last is the current text.'),
});

/** schema.org JSON-LD; its terms are documented at https://schema.org. */
export const jsonLdSchema = z.looseObject({ '@context': z.unknown(), '@type': z.string(), '@id': z.string() });

export const documentListSchema = z.object({ items: z.array(documentSummarySchema), page: pageInfoSchema });

export const collectionResourceSchema = z.object({
  collection: collectionSchema,
  url: z.string(),
  links: z.object({ self: z.string(), html: z.string() }),
  count: z.number().int().describe('Published documents in it and its subcollections.'),
  ancestors: z.array(linkedCollectionSchema.omit({ position: true })),
  children: z.array(linkedCollectionSchema.omit({ position: true }).extend({ count: z.number().int() })),
  documents: z.array(documentSummarySchema).describe('The collection\'s own documents in its order (editor positions, else by date).'),
  page: pageInfoSchema,
});

export const collectionListSchema = z.object({
  items: z.array(z.object({ collection: collectionSchema, count: z.number().int(), url: z.string(), api: z.string() })),
});

export const authorityResourceSchema = z.object({ authority: authoritySchema, url: z.string().nullable().describe('Its browse page, for kinds that have one.'), api: z.string() });
export const authorityListSchema = z.object({ items: z.array(authorityResourceSchema), page: pageInfoSchema });

const facetSchema = z.object({
  id: z.enum(FACET_IDS),
  label: z.string(),
  more: z.boolean(),
  values: z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int(), selected: z.boolean() })),
});

export const searchResultSchema = z.object({
  query: z.string(),
  sort: z.enum(['relevance', 'date', 'date-desc']),
  total: z.number().int().describe('Matching documents: exactly, or at least this many when `totalRelation` is `gte`.'),
  totalRelation: z.enum(['eq', 'gte']).describe('`eq`: `total` is exact; `gte`: a lower bound (only with a `total` bound, when more matched).'),
  hits: z.array(
    documentSummarySchema.extend({
      score: z.number(),
      snippets: z.array(z.object({ html: z.string().describe('A passage with <mark> around the matches.'), lang: z.string().optional() })),
      matched: z.array(z.object({ query: z.string(), variant: z.string(), how: z.enum(['text', 'linked']), authority: z.object({ kind: z.string(), id: z.string(), name: z.string() }) })),
    }),
  ),
  facets: z.array(facetSchema),
  variants: z.array(z.object({ query: z.string(), names: z.array(z.string()), authority: z.object({ kind: z.string(), id: z.string(), name: z.string() }) })),
  notices: z.array(z.string()),
  page: pageInfoSchema,
});

export const changeSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  action: z.enum(['upsert', 'delete']).describe('`delete`: the document was withdrawn or unpublished; drop it.'),
  updatedAt: z.string(),
  url: z.string(),
  api: z.string().nullable().describe('The record to fetch for an upsert.'),
});

export const changesSchema = z.object({
  changes: z.array(changeSchema),
  since: z.number().int(),
  next: z.number().int().describe('Pass as `since` to continue; equal to `since` when nothing changed.'),
  more: z.boolean().describe('True when more changes wait beyond this page.'),
  nextUrl: z.string(),
});

export const errorSchema = z.object({
  error: z.object({
    status: z.number().int(),
    message: z.string(),
    parameter: z.string().optional().describe('The query parameter (or path part) that was wrong, when one was.'),
    issues: z.array(z.object({ parameter: z.string(), message: z.string() })).optional(),
    reference: z.string().optional().describe('Quote it when reporting a fault on our side.'),
  }),
});

export const apiIndexSchema = z.object({ name: z.string(), version: z.literal('v1'), openapi: z.string(), documentation: z.string(), endpoints: z.record(z.string(), z.string()) });
