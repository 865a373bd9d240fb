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

const QUERY_KEYS = [
  'q', 'page', 'sort', 'from', 'to', 'view', 'v', 'per', 'format', 'lang', 'f.person', 'f.subject', 'f.place', 'f.type', 'f.collection', 'f.lang',
  'collection', 'group', 'scope', 'verb', 'metadataPrefix', 'set', 'identifier', 'resumptionToken', 'until', 'style', 'date', 'year', 'month', 'letter',
];

const value = fc.oneof(hostileText, fc.constantFrom('', '0', '-1', '1e9', '99999999999999999999', 'NaN', 'demo-0029', 'oai_dc', 'Identify', 'ListRecords', '1949', '1949-13-45', '../../etc/passwd', '%2e%2e%2f'));

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
      const path = route.replace(/:(\w+)(\{[^}]*\})?/g, () => encodeURIComponent(params[i++ % params.length]!) || 'x');
      const search = new URLSearchParams(query).toString();
      const url = `${path}${search ? `?${search}` : ''}`;
      tried.add(route);
      const res = await app.request(url);
      if (res.status >= 500) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }, 10);
    console.log(`fuzz public routes: ${tried.size} of ${routes.length} routes reached`);
  }, 300_000);
});
