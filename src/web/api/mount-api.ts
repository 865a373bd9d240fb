/**
 * Where the JSON API meets the site: the `/api/v1` sub-app, and content
 * negotiation on document URLs, so that `/documents/<id>` answers its page to
 * browsers, schema.org JSON-LD to `Accept: application/ld+json` and the API
 * record to `Accept: application/json` (each with `Vary: Accept` and the
 * address it also lives at in `Content-Location`). Mounted before the page
 * cache, which keys pages by URL only.
 * @module
 */
import type { Hono } from 'hono';
import type { Archive } from '../../services/archive.js';
import type { Env } from '../context.js';
import { createApiApp, type ApiOptions } from './api-app.js';
import { API_BASE } from './api-urls.js';
import { negotiate } from './negotiation.js';

const OFFERS = ['text/html', 'application/ld+json', 'application/json'] as const;

export function mountApi(app: Hono<Env>, archive: Archive, options: ApiOptions): void {
  app.use('/documents/*', async (c, next) => {
    const path = c.req.path;
    const type = c.req.method === 'GET' || c.req.method === 'HEAD' ? negotiate(c.req.header('accept'), OFFERS) : 'text/html';
    // Citation downloads (…/cite.bib) are files of their own, not representations of the document.
    if (type === 'text/html' || /\/cite\.(?:bib|ris|json)$/.test(path)) {
      await next();
      c.res.headers.append('Vary', 'Accept');
      return;
    }
    const target = new URL(c.req.url);
    target.pathname = `${API_BASE}${path.replace(/\/+$/, '')}`;
    target.search = type === 'application/ld+json' ? '?format=jsonld' : '';
    const answer = await app.fetch(new Request(target, { method: c.req.method, headers: c.req.raw.headers }));
    const res = new Response(answer.body, answer);
    res.headers.append('Vary', 'Accept');
    if (answer.ok) res.headers.set('Content-Location', `${target.pathname}${target.search}`);
    return res;
  });
  app.route(API_BASE, createApiApp(archive, options));
}
