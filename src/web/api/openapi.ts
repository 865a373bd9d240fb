/**
 * The OpenAPI 3.1 description of the JSON API, generated from the zod
 * schemas the API validates with (schemas.ts, and the domain's own record
 * schemas) by zod's JSON Schema output, which speaks OpenAPI 3.1's dialect
 * (JSON Schema 2020-12). The endpoint table here is the one list of what the
 * API answers; routes and the reference page read it too, and the write side
 * adds its operations to the same table.
 * @module
 */
import { z } from 'zod';
import { authoritySchema } from '../../domain/authority.js';
import { collectionSchema } from '../../domain/collection.js';
import { documentSchema } from '../../domain/document.js';
import {
  apiIndexSchema, authorityKindSchema, authorityListSchema, authorityResourceSchema, changesQuerySchema, changesSchema, collectionListSchema,
  collectionResourceSchema, documentListSchema, documentQuerySchema, documentResourceSchema, documentSummarySchema, errorSchema, jsonLdSchema,
  listQuerySchema, pageInfoSchema, SEARCH_FACET_PARAMETERS, searchQuerySchema, searchResultSchema,
} from './schemas.js';

export interface PathParameter {
  name: string;
  description: string;
  schema: z.ZodType;
}

export interface Endpoint {
  /** OpenAPI path template under /api/v1. */
  path: string;
  summary: string;
  description: string;
  tag: 'Documents' | 'Collections' | 'Authorities' | 'Search' | 'Mirrors' | 'About';
  pathParameters?: PathParameter[];
  query?: z.ZodObject;
  /** Parameters the query schema cannot list by name (the search's `f.<facet>` filters). */
  extraQuery?: { name: string; description: string }[];
  /** Component name of the answer's schema, and its other representations. */
  response: string;
  alternatives?: { contentType: string; schema: string; description: string }[];
  errors: (400 | 404 | 410)[];
}

const idParameter = (what: string): PathParameter => ({
  name: 'id',
  description: `The ${what}'s record id. Ids may contain "/" (e.g. \`frus1969-76v17/d12\`), written as is.`,
  schema: z.string().min(1).max(200),
});

export const ENDPOINTS: Endpoint[] = [
  { path: '/', tag: 'About', summary: 'What this API offers', description: 'Links to every endpoint, the OpenAPI description and the reference page.', response: 'ApiIndex', errors: [] },
  { path: '/documents', tag: 'Documents', summary: 'Published documents', description: 'Every published document, oldest first, a page at a time. For the whole archive at once, use the bulk downloads at /data.', query: listQuerySchema, response: 'DocumentList', errors: [400] },
  {
    path: '/documents/{id}', tag: 'Documents', summary: 'One document, in full',
    description: 'The whole record (translations, transcripts, media, provenance) with every reference resolved: type, rights, repository, funders, people and organizations with their roles, places, subjects, collections and related documents. Drafts answer 404; withdrawn documents 410.',
    pathParameters: [idParameter('document')], query: documentQuerySchema, response: 'DocumentResource',
    alternatives: [{ contentType: 'application/ld+json', schema: 'JsonLd', description: 'With `format=jsonld`: schema.org JSON-LD (an ArchiveComponent).' }],
    errors: [400, 404, 410],
  },
  { path: '/collections', tag: 'Collections', summary: 'Every collection', description: 'All collections in their display order, with how many published documents each holds (subcollections included).', response: 'CollectionList', errors: [400] },
  {
    path: '/collections/{id}', tag: 'Collections', summary: 'A collection and its documents in order',
    description: "The collection's record, its place in the hierarchy, and its own documents in the collection's order (editor positions first, else by date), a page at a time.",
    pathParameters: [idParameter('collection')], query: listQuerySchema, response: 'CollectionResource', errors: [400, 404],
  },
  {
    path: '/authorities/{kind}', tag: 'Authorities', summary: 'Authority records of one kind',
    description: 'People, organizations, places, subjects, repositories, funders, rights statements, languages or document types, by name.',
    pathParameters: [{ name: 'kind', description: 'The kind of authority record.', schema: authorityKindSchema }], query: listQuerySchema, response: 'AuthorityList', errors: [400],
  },
  {
    path: '/authorities/{kind}/{id}', tag: 'Authorities', summary: 'One authority record with its name variants',
    description: 'A person, place or other authority with every name it answers to (other romanizations and scripts), and links to the same entity elsewhere (`sameAs`).',
    pathParameters: [{ name: 'kind', description: 'The kind of authority record.', schema: authorityKindSchema }, idParameter('authority record')],
    response: 'AuthorityResource', errors: [400, 404],
  },
  {
    path: '/search', tag: 'Search', summary: 'Search the published documents',
    description: 'The search page\'s query language, filters and facet counts. Names expand to their variants (Zhou Enlai finds Chou En-lai and 周恩来). Facet filters are `f.<facet>=<value>`, repeatable.',
    query: searchQuerySchema,
    extraQuery: SEARCH_FACET_PARAMETERS.map((name) => ({ name, description: `Only documents with this ${name.slice(2)} value (repeat for several).` })),
    response: 'SearchResult', errors: [400],
  },
  {
    path: '/changes', tag: 'Mirrors', summary: 'What changed since a point',
    description: 'Documents whose publication changed after a change sequence number, oldest first, each once at its latest change: `upsert` (fetch the record) or `delete` (withdrawn or unpublished: drop it). Drafts never appear. Start with `since=0` and keep the `next` value.',
    query: changesQuerySchema, response: 'Changes', errors: [400],
  },
];

const COMPONENTS: [string, z.ZodType][] = [
  ['DocumentRecord', documentSchema], ['Collection', collectionSchema], ['Authority', authoritySchema], ['PageInfo', pageInfoSchema],
  ['DocumentSummary', documentSummarySchema], ['DocumentResource', documentResourceSchema], ['DocumentList', documentListSchema],
  ['JsonLd', jsonLdSchema], ['CollectionResource', collectionResourceSchema], ['CollectionList', collectionListSchema],
  ['AuthorityResource', authorityResourceSchema], ['AuthorityList', authorityListSchema], ['SearchResult', searchResultSchema],
  ['Changes', changesSchema], ['Error', errorSchema], ['ApiIndex', apiIndexSchema],
];

const ERROR_TEXT = { 400: 'A parameter is not valid; `error.parameter` names it.', 404: 'No published record has this id.', 410: 'The document was withdrawn.' };

let cached: Record<string, unknown> | undefined;

/** The OpenAPI document (built once per process: it depends on code only). */
export function openApiDocument(): Record<string, unknown> {
  cached ??= build();
  return cached;
}

function build(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of COMPONENTS) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    override: fillTransformed,
  }) as { schemas: Record<string, Record<string, unknown>> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  const paths: Record<string, unknown> = {};
  for (const e of ENDPOINTS) paths[e.path === '/' ? '/' : e.path] = { get: operation(e) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dossier JSON API',
      version: '1',
      description: 'Read access to the published archive: documents, collections, authority records, search and a change feed for mirrors. Every answer is JSON; errors are `{ "error": { "message", "parameter" } }`. Reads allow any origin (CORS) and carry ETag and Last-Modified.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/api/v1' }],
    tags: [...new Set(ENDPOINTS.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: { schemas },
  };
}

function operation(e: Endpoint): Record<string, unknown> {
  const parameters = [
    ...(e.pathParameters ?? []).map((p) => ({ name: p.name, in: 'path', required: true, description: p.description, schema: inputSchema(p.schema) })),
    ...Object.entries(e.query?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      description: (schema as z.ZodType).description ?? name,
      schema: inputSchema(schema as z.ZodType),
    })),
    ...(e.extraQuery ?? []).map((p) => ({ name: p.name, in: 'query', required: false, description: p.description, schema: { type: 'array', items: { type: 'string', maxLength: 200 } }, style: 'form', explode: true })),
  ];
  const content: Record<string, unknown> = { 'application/json': { schema: { $ref: `#/components/schemas/${e.response}` } } };
  for (const alt of e.alternatives ?? []) content[alt.contentType] = { schema: { $ref: `#/components/schemas/${alt.schema}` } };
  const responses: Record<string, unknown> = {
    200: { description: [e.summary, ...(e.alternatives ?? []).map((a) => a.description)].join(' '), content },
    304: { description: 'Not modified: the ETag or date sent in If-None-Match / If-Modified-Since is current.' },
  };
  for (const status of e.errors) responses[status] = { description: ERROR_TEXT[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    operationId: operationId(e.path),
    tags: [e.tag],
    summary: e.summary,
    description: e.description,
    ...(parameters.length ? { parameters } : {}),
    responses,
  };
}

function operationId(path: string): string {
  const words = path.split('/').filter(Boolean).map((w) => w.replace(/[{}]/g, ''));
  return words.length === 0 ? 'apiIndex' : words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function inputSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/**
 * Fields whose schema transforms a string (rich text is sanitized, dates and
 * language tags normalized) have no output schema in JSON Schema; they are
 * strings on the way out as on the way in, so they are described as such.
 */
function fillTransformed(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  const def = (ctx.zodSchema as { _zod: { def: { type: string; in?: { _zod: { def: { type: string } } } } } })._zod.def;
  if (def.type === 'pipe' && Object.keys(ctx.jsonSchema).length === 0 && def.in?._zod.def.type === 'string') ctx.jsonSchema.type = 'string';
}
