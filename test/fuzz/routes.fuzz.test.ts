/**
 * Every GET route of the public site, read from the app's own route table,
 * with random path parameters and random values for every query parameter
 * the site reads (and unknown ones): never a 500. New routes are covered as
 * soon as they are registered.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoSite } from '../http/demo-site.js';
import { fuzz, hostileText } from './budget.js';

let app: Awaited<ReturnType<typeof demoSite>>['app'];
beforeAll(async () => {
  ({ app } = await demoSite());
});

const RAW_VALUES = ['%FF', '%ED%A0%80', '%', '%zz', '%2F', '%00', '%C0%AE%C0%AE', 'a%2Fb%2F..%2F..'];

const QUERY_KEYS = [
  'q', 'page', 'sort', 'from', 'to', 'view', 'v', 'per', 'format', 'lang', 'f.person', 'f.subject', 'f.place', 'f.type', 'f.collection', 'f.lang',
  'collection', 'group', 'scope', 'verb', 'metadataPrefix', 'set', 'identifier', 'resumptionToken', 'until', 'style', 'date', 'year', 'month', 'letter',
];

const value = fc.oneof(hostileText, fc.constantFrom(...RAW_VALUES, '', '0', '-1', '1e9', '99999999999999999999', 'NaN', 'demo-0029', 'oai_dc', 'Identify', 'ListRecords', '1949', '1949-13-45', '../../etc/passwd', '%2e%2e%2f'));

/** Raw percent-escapes a browser never sends but anyone can: invalid UTF-8, a lone surrogate, a bare %, an encoded slash or NUL. */
const RAW = RAW_VALUES;

/** Lone surrogates become U+FFFD, as a browser's URL encoder does (encodeURIComponent throws on them). */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function segment(value: string): string {
  if (RAW.includes(value)) return value;
  // A lone surrogate cannot be percent-encoded; its escape is covered by RAW.
  return encodeURIComponent(wellFormed(value)) || 'x';
}

describe('fuzz: public routes', () => {
  it('no route answers 500 to any parameters', async () => {
    const routes = [...new Set(app.routes.filter((r) => r.method === 'GET' && !r.path.includes('*')).map((r) => r.path))];
    expect(routes.length).toBeGreaterThan(10);
    const request = fc.record({
      route: fc.constantFrom(...routes),
      params: fc.array(value, { minLength: 4, maxLength: 4 }),
      query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 6 })), value), { maxLength: 6 }),
    });
    const tried = new Set<string>();
    await fuzz('public routes', request, async ({ route, params, query }) => {
      let i = 0;
      const path = route.replace(/:(\w+)(\{[^}]*\})?/g, () => segment(params[i++ % params.length]!));
      const search = query.map(([k, v]) => `${encodeURIComponent(wellFormed(k))}=${RAW.includes(v) ? v : encodeURIComponent(wellFormed(v))}`).join('&');
      const url = `${path}${search ? `?${search}` : ''}`;
      tried.add(route);
      const res = await app.request(url);
      if (res.status >= 500) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }, 10);
    console.log(`fuzz public routes: ${tried.size} of ${routes.length} routes reached`);
  }, 300_000);
});
