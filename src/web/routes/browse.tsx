/**
 * Browse routes: collections index, themes, people, organizations, places,
 * subjects, document types, languages and dates. Every parameter is checked
 * with zod here; a page number past the end is a 400, an unknown id a 404.
 * @module
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { AGENT_ROLES } from '../../domain/document.js';
import { ValidationError } from '../../domain/errors.js';
import { recordIdSchema, slugSchema } from '../../domain/ids.js';
import { authorityIndex, authorityPage, placeTree, type BrowseKind } from '../../services/browse.js';
import { datePage, dateSpanSchema, spanLabel, type DateSpan } from '../../services/browse-dates.js';
import { listThemes, themePage } from '../../services/themes.js';
import { decodeId, pageSchema, parseQuery, type Env, type WebContext } from '../context.js';
import { FeedLink, feedPaths } from '../protocols/feeds/feed-link.js';
import { AUTHORITY_SECTIONS } from '../urls.js';
import { AuthorityView } from '../views/authority.js';
import { AuthorityIndexView, INDEX_TITLES, PlaceTreeView } from '../views/browse-index.js';
import { CollectionsView } from '../views/collections.js';
import { DatesView } from '../views/dates.js';
import { ThemesIndexView, ThemeView } from '../views/themes.js';

const indexQuery = pageSchema.extend({ letter: z.string().regex(/^[A-Z#]$/, 'a letter is A–Z, or # for other scripts').optional() });
const authorityQuery = pageSchema.extend({ role: z.enum(AGENT_ROLES).optional() });
const idParam = z.object({ id: recordIdSchema });
const INDEX_PER_PAGE = 300;

const SECTION: Partial<Record<BrowseKind, 'people' | 'places'>> = { person: 'people', organization: 'people', place: 'places' };

export function registerBrowseRoutes(app: Hono<Env>, ctx: WebContext): void {
  const { archive } = ctx;
  const canonical = (c: Context) => `${ctx.origin(c)}${new URL(c.req.url).pathname}`;

  app.get('/collections', async (c) => {
    const [collections, themes] = await Promise.all([archive.collections(), listThemes(archive)]);
    return ctx.page(c, { title: 'Collections', canonical: canonical(c), section: 'collections' }, <CollectionsView collections={collections} themes={themes} />);
  });

  app.get('/themes', async (c) => {
    const themes = await listThemes(archive);
    return ctx.page(c, { title: 'Themes and regions', canonical: canonical(c), section: 'themes' }, <ThemesIndexView themes={themes} />);
  });

  app.get('/themes/:slug', async (c) => {
    const slug = parseQuery(z.object({ slug: slugSchema }), { slug: c.req.param('slug') }).slug;
    const { page } = parseQuery(pageSchema, c.req.query());
    const result = await themePage(archive, slug, page);
    pastEnd(page, result.documents.items.length);
    return ctx.page(c, { title: result.theme.name, description: result.theme.description, canonical: canonical(c), section: 'themes' }, <ThemeView page={result} />);
  });

  app.get('/places', async (c) => {
    const roots = await placeTree(archive);
    return ctx.page(c, { title: 'Places', canonical: canonical(c), section: 'places' }, <PlaceTreeView roots={roots} />);
  });

  for (const kind of ['person', 'organization', 'subject', 'type', 'language'] as const) {
    app.get(`/${AUTHORITY_SECTIONS[kind]}`, async (c) => {
      const { page, letter } = parseQuery(indexQuery, c.req.query());
      const entries = await authorityIndex(archive, kind);
      pastEnd(page, page > 1 && entries.length <= (page - 1) * INDEX_PER_PAGE ? 0 : 1);
      const title = INDEX_TITLES[kind].title + (letter ? `: ${letter === '#' ? 'other scripts' : letter}` : '');
      return ctx.page(
        c,
        { title, canonical: canonical(c), section: SECTION[kind] },
        <AuthorityIndexView kind={kind} entries={entries} letter={letter} page={page} perPage={INDEX_PER_PAGE} />,
      );
    });
  }

  for (const kind of ['person', 'organization', 'place', 'subject', 'type', 'language'] as const) {
    app.get(`/${AUTHORITY_SECTIONS[kind]}/:id{.+}`, async (c) => {
      const { id } = parseQuery(idParam, { id: decodeId(c.req.param('id')) });
      const { page, role } = parseQuery(authorityQuery, c.req.query());
      const result = await authorityPage(archive, kind, id, { page, role });
      pastEnd(page, result.documents.items.length);
      const a = result.authority;
      const head = kind === 'subject' ? <FeedLink href={feedPaths.subject(a.id)} title={`${a.name}: new and revised documents`} /> : undefined;
      return ctx.page(c, { title: a.name, description: a.description, canonical: canonical(c), section: SECTION[kind], head }, <AuthorityView kind={kind} page={result} />);
    });
  }

  const dates = async (c: Context<Env>, key: string | undefined) => {
    const span: DateSpan = key === undefined ? { kind: 'all' } : parseQuery(z.object({ span: dateSpanSchema }), { span: key }).span;
    const { page } = parseQuery(pageSchema, c.req.query());
    const result = await datePage(archive, span, page);
    pastEnd(page, result.documents?.items.length ?? 0);
    const title = span.kind === 'all' ? 'Browse by date' : `Documents of ${spanLabel(span).replace(/^The /, 'the ')}`;
    return ctx.page(c, { title, canonical: canonical(c), section: 'dates' }, <DatesView page={result} />);
  };
  app.get('/dates', (c) => dates(c, undefined));
  app.get('/dates/:span', (c) => dates(c, c.req.param('span')));
}

/** Page 1 of an empty list is an honest empty page; page 9 of a 2-page list is a mistyped address. */
function pastEnd(page: number, shown: number): void {
  if (page > 1 && shown === 0) throw new ValidationError([{ path: 'page', message: `there is no page ${page}` }]);
}
