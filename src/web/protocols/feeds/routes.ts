/**
 * Atom feeds of new and revised documents: `/feed` (the whole archive),
 * `/feed/collections/<id>`, `/feed/subjects/<id>` and `/search/feed?…`
 * (the search page's parameters, validated as the page validates them).
 * The pages they follow name them with `<link rel="alternate">` (feed-link.tsx).
 * @module
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { recordIdSchema } from '../../../domain/ids.js';
import { parseSearchParams, searchUrl } from '../../../search/search-state.js';
import { archiveFeed, collectionFeed, searchFeed, subjectFeed, type Feed } from '../../../services/feeds.js';
import { decodeId, parseQuery, type Env, type WebContext } from '../../context.js';
import { authorityPath, collectionPath } from '../../urls.js';
import { atomFeed } from './atom.js';

const idParam = z.object({ id: recordIdSchema });

export function registerFeeds(app: Hono<Env>, ctx: WebContext): void {
  const { archive } = ctx;

  const respond = async (c: Context<Env>, feed: Feed, alternate: string) => {
    const origin = ctx.origin(c);
    const url = new URL(c.req.url);
    const [site, marker] = await Promise.all([archive.siteInfo(), archive.changeMarker()]);
    const source = feed.source;
    const title =
      source.kind === 'archive' ? `${site.name}: new and revised documents`
      : source.kind === 'collection' ? `${source.collection.title}: new and revised documents`
      : source.kind === 'subject' ? `${source.subject.name}: new and revised documents`
      : `Search “${source.params.q.slice(0, 100) || 'all documents'}”: new and revised documents`;
    const body = atomFeed({
      self: `${origin}${url.pathname}${url.search}`,
      alternate: `${origin}${alternate}`,
      title,
      subtitle: source.kind === 'search' && source.notices.length ? source.notices.join(' ') : `From ${site.name}`,
      siteName: site.name,
      origin,
      fallbackUpdated: marker.changedAt ?? new Date().toISOString(),
      entries: feed.entries,
    });
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(body);
  };

  app.get('/feed', async (c) => respond(c, await archiveFeed(archive), '/'));

  app.get('/feed/collections/:id{.+}', async (c) => {
    const { id } = parseQuery(idParam, { id: decodeId(c.req.param('id')) });
    return respond(c, await collectionFeed(archive, id), collectionPath(id));
  });

  app.get('/feed/subjects/:id{.+}', async (c) => {
    const { id } = parseQuery(idParam, { id: decodeId(c.req.param('id')) });
    return respond(c, await subjectFeed(archive, id), authorityPath('subject', id));
  });

  app.get('/search/feed', async (c) => {
    const params = parseSearchParams(c.req.queries());
    return respond(c, await searchFeed(archive, params), searchUrl({ ...params, page: 1 }));
  });
}
