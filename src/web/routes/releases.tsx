/**
 * Release routes: a document's releases compared
 * (`/documents/<id>/releases?from=…&to=…`), the years of release
 * (`/releases`) and each year's page (`/releases/<year>`). Registered before
 * the document routes, whose id pattern would otherwise take the suffix.
 * @module
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { MIN_PASSAGE_WORDS } from '../../domain/release-diff.js';
import { documentReleases, releaseYearPage, releaseYears } from '../../services/releases.js';
import { decodeId, parseQuery, type Env, type WebContext } from '../context.js';
import { cslItem } from '../../services/citations.js';
import { CitationMemo } from '../../services/citation-memo.js';
import { ReleaseComparisons } from '../../services/release-comparisons.js';
import { documentPath, releasesPath, releaseYearPath } from '../urls.js';
import { ReleaseCompareView } from '../views/release-compare.js';
import { ReleaseYearsView, ReleaseYearView } from '../views/release-year.js';

const releaseId = z.string().trim().min(1).max(200).optional();
const compareSchema = z.object({ from: releaseId, to: releaseId });
const yearSchema = z.string().regex(/^\d{4}$/, 'a release year is four digits, e.g. 2025');

export function registerReleaseRoutes(app: Hono<Env>, ctx: WebContext): void {
  const { archive } = ctx;
  // Kept across requests: a long record's comparison and its citation are most of its page, and change only with its texts.
  const comparisons = new ReleaseComparisons();
  const citations = new CitationMemo();

  // The suffix is part of the pattern: Hono matches `{.+}` followed by a fixed segment only this way.
  app.get('/documents/:path{.+/releases}', async (c) => {
    const id = decodeId(c.req.param('path').replace(/\/releases$/, ''));
    const choice = parseQuery(compareSchema, c.req.query());
    const page = await documentReleases(archive, id, choice, comparisons);
    const site = await archive.siteInfo();
    // The citation names the release whose text this page shows.
    const item = cslItem(page.details, { url: `${ctx.origin(c)}${documentPath(id)}`, siteName: site.name, accessed: new Date(), release: page.to });
    return ctx.page(
      c,
      { title: `What changed: ${page.details.document.title}`, canonical: `${ctx.origin(c)}${releasesPath(id, choice)}` },
      <ReleaseCompareView page={page} minPassage={MIN_PASSAGE_WORDS} citation={(await citations.format(item)).chicagoNote.html} />,
    );
  });

  app.get('/releases', async (c) => ctx.page(c, { title: 'Releases', canonical: `${ctx.origin(c)}${releaseYearPath()}` }, <ReleaseYearsView years={await releaseYears(archive)} />));

  app.get('/releases/:year', async (c) => {
    const year = parseQuery(z.object({ year: yearSchema }), { year: c.req.param('year') }).year;
    const page = await releaseYearPage(archive, year);
    return ctx.page(c, { title: `Released in ${year}`, canonical: `${ctx.origin(c)}${releaseYearPath(year)}` }, <ReleaseYearView page={page} />);
  });
}
