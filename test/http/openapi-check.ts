/**
 * A JSON API client for tests that checks every answer against the API's
 * own OpenAPI description: the operation is found from the request path, and
 * the body is validated (Ajv, JSON Schema 2020-12) against the schema the
 * description gives for its status and content type. An answer the
 * description does not foresee fails the test.
 * @module
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { BASE } from './demo-site.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ROOT = 'https://dossier.test/openapi.json';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
}

export interface ApiClient {
  description: Record<string, unknown>;
  /** GETs a path (from the site root) and validates the answer; returns it with its parsed body. */
  get(path: string, headers?: Record<string, string>): Promise<{ res: Response; body: any }>;
  /** How many answers were checked against the description. */
  checked: number;
}

export async function apiClient(app: Hono<any>): Promise<ApiClient> {
  const description = (await (await app.request(`${BASE}/api/v1/openapi.json`)).json()) as Record<string, any>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...description, $id: ROOT });
  const templates = Object.keys(description.paths as object).map((t) => ({
    template: t,
    // Path parameters: ids may hold "/", other parameters are one segment; literal paths win over templates.
    pattern: new RegExp(`^/api/v1${t === '/' ? '/?' : t.replace(/\{id\}/g, '.+').replace(/\{[a-z]+\}/g, '[^/]+')}$`),
    literal: !t.includes('{'),
  }));
  const client: ApiClient = {
    description,
    checked: 0,
    async get(path, headers = {}) {
      const res = await app.request(`${BASE}${path}`, { headers });
      const url = new URL(`${BASE}${path}`);
      const matches = templates.filter((t) => t.pattern.test(url.pathname)).sort((a, b) => Number(b.literal) - Number(a.literal) || b.template.length - a.template.length);
      const text = await res.text();
      const body = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
      if (matches.length === 0) {
        // Paths outside the description answer the error shape.
        expect(validate(ajv, 'Error', body), `${path}: an unknown path answers a JSON error`).toEqual([]);
      } else {
        const op = (description.paths[matches[0]!.template] as { get: Operation }).get;
        const response = op.responses[String(res.status)];
        expect(response, `${path}: status ${res.status} is not in the description of ${matches[0]!.template}`).toBeDefined();
        if (res.status !== 304) {
          const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
          const media = response!.content?.[type];
          expect(media, `${path}: ${type} is not described for ${res.status}`).toBeDefined();
          expect(validate(ajv, media!.schema.$ref.split('/').at(-1)!, body), `${path} does not match its description`).toEqual([]);
        }
      }
      client.checked++;
      return { res, body };
    },
  };
  return client;
}

function validate(ajv: Ajv2020, component: string, body: unknown): string[] {
  const check = ajv.getSchema(`${ROOT}#/components/schemas/${component}`);
  if (!check) throw new Error(`no component ${component}`);
  return check(body) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
