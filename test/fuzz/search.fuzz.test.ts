/**
 * Any string as a query: the parser and the whole search path (parameters,
 * service, engine) return a result or a notice, never an exception other
 * than a validation error naming the parameter, and in bounded time.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.js';
import { parseQuery } from '../../src/search/query-parser.js';
import { parseSearchParams } from '../../src/search/search-state.js';
import type { Archive } from '../../src/services/archive.js';
import { runSearch } from '../../src/services/search.js';
import { demoSite } from '../http/demo-site.js';
import { fuzz, hostileText } from './budget.js';

let archive: Archive;
beforeAll(async () => {
  ({ archive } = await demoSite());
});

describe('fuzz: search', () => {
  it('the query parser accepts any string', async () => {
    await fuzz('query parser', hostileText, (q) => {
      const started = performance.now();
      const parsed = parseQuery(q);
      expect(Array.isArray(parsed.notices)).toBe(true);
      expect(performance.now() - started).toBeLessThan(500);
    }, 10);
  });

  it('the whole search path answers any query and parameters with a page or a validation error', async () => {
    const params = fc.record({
      q: hostileText,
      page: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 6 }), fc.integer().map(String)),
      sort: fc.oneof(fc.constant(undefined), fc.constantFrom('relevance', 'date', '-date', 'title', 'x'), fc.string({ maxLength: 6 })),
      from: fc.oneof(fc.constant(undefined), hostileText),
      to: fc.oneof(fc.constant(undefined), fc.constantFrom('1950', '1900-02-30', '99999', '-1')),
    });
    await fuzz('search path', params, async (p) => {
      const query: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(p)) if (v !== undefined) query[k] = [v];
      const started = performance.now();
      try {
        const result = await runSearch(archive, parseSearchParams(query));
        expect(result).toBeDefined();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        expect(error.issues.length).toBeGreaterThan(0);
      }
      expect(performance.now() - started).toBeLessThan(3000);
    }, 4);
  });
});
