/**
 * Document routes: the page (`/documents/<id>`, `?view=parallel` for side by
 * side), its citation downloads (`/documents/<id>/cite.bib|.ris|.json`), and
 * `/d/<slug>` redirects. Ids may contain "/", so one route takes the rest of
 * the path and tells a citation from a document by its suffix.
 * @module
 */
import type { Hono } from 'hono';
import type { Collection } from '../../domain/collection.js';
import { z } from 'zod';
import { displayDay } from '../../domain/display.js';
import { CitationMemo } from '../../services/citation-memo.js';
import { CollectionOrders } from '../../services/collection-orders.js';
import { PageParts } from '../../services/page-parts.js';
import { SimilarDocuments } from '../../services/similar-documents.js';
import { exportCitation, type ExportFormat } from '../../services/citations.js';
import { pageCitationItem } from '../../services/page-citations.js';
import { decodeId, parseQuery, type Env, type WebContext } from '../context.js';
import { documentPath } from '../urls.js';
import { raw as html } from 'hono/html';
import { KeptParts } from '../kept-parts.js';
import { documentMetaHtml } from '../views/document-meta.js';
import { CiteThis } from '../views/cite.js';
import { documentParts, readingView, RelatedDocuments, type DocumentParts } from '../views/document.js';
import { hasScans } from '../views/document-scans.js';
import { TranslationNotice } from '../views/translation-notice.js';
import { documentAtVersion, translationVersions, type TranslationVersion } from '../../services/translation-versions.js';

/** ~2,000 records' "Cite this" for a day or two. */
const CITE_MAX_CHARS = 8 * 1024 * 1024;
/** The versions of ~10,000 translated records' translations (a hundred characters or so a version). */
const VERSIONS_MAX_CHARS = 4 * 1024 * 1024;

const viewSchema = z.object({ view: z.enum(['one', 'parallel']).default('one') });

const EXPORT_TYPES: Record<ExportFormat, string> = {
  bib: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  json: 'application/vnd.citationstyles.csl+json; charset=utf-8',
};

export function registerDocumentRoutes(app: Hono<Env>, ctx: WebContext): void {
  const { archive } = ctx;
  const parts = new PageParts(archive);
  const citations = new CitationMemo(undefined, parts);
  const orders = new CollectionOrders(archive, ctx.marker);
  const similar = new SimilarDocuments(parts, ctx.marker);
  const kept = new KeptParts<DocumentParts & { head: string }>();
  // "Cite this" as HTML per day of access, beside the view it is part of (a few KB a record and day).
  const keptCite = new KeptParts<{ cite: string }>(CITE_MAX_CHARS);
  // The published versions of a translated record's translation, as JSON, per version of the archive and of the record.
  const keptVersions = new KeptParts<{ versions: string }>(VERSIONS_MAX_CHARS);
  const sources = { collections: ctx.collectionRecords, neighbours: (c: Collection, id: string) => orders.neighbours(c, id), similar: (id: string) => similar.of(id), heldSimilar: (id: string) => similar.held(id) };

  app.get('/documents/:id{.+}', async (c) => {
    // Read before the record: parts made from it are kept under this marker or an earlier one (kept-parts.ts).
    const marker = await ctx.marker();
    const raw = decodeId(c.req.param('id').replace(/\/+$/, ''));
    // An earlier published version of the translation: /documents/<id>/v/<revision> (see translation-versions.ts).
    const version = /^(.+)\/v\/(\d{1,9})$/.exec(raw);
    const cite = /^(.+)\/cite\.(bib|ris|json)$/.exec(raw);
    const id = version ? version[1]! : cite ? cite[1]! : raw;
    const details = version ? await documentAtVersion(archive, id, Number(version[2])) : await archive.document(id, sources);
    // Read from every revision of the record. A new version is a write of the record, which gives it a new change
    // number (and moves the marker), so the list is kept under the number read with the record, beside its view: an
    // edit or a publication lists its version at once (an earlier version's page carries the current record's number).
    const versions: TranslationVersion[] =
      details.document.translations.length === 0
        ? []
        : details.change === undefined
          ? await translationVersions(archive, id)
          : JSON.parse((await keptVersions.get(marker, `${id} ${details.change}`, async () => ({ versions: JSON.stringify(await translationVersions(archive, id)) }))).versions);
    const url = `${ctx.origin(c)}${documentPath(id)}${version ? `/v/${version[2]}` : ''}`;
    const site = await ctx.siteInfo();
    const accessed = new Date();
    const citeItem = () => pageCitationItem(details, versions, { url, siteName: site.name, accessed, revision: version ? Number(version[2]) : undefined });

    if (cite) {
      const item = citeItem();
      const format = cite[2] as ExportFormat;
      c.header('Content-Type', EXPORT_TYPES[format]);
      c.header('Content-Disposition', `attachment; filename="${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.${format}"`);
      return c.body(exportCitation(item, format));
    }

    const view = readingView(details, parseQuery(viewSchema, c.req.query()).view);
    const doc = details.document;
    // Rendered once per version of the archive, of the record (its change number), address and view: an edit of the record shows
    // at once (it is read on every request); what the view names of other records, and the site's name, at the
    // marker's next poll, as the frame and the collections on the page do.
    const related = details.related.length + details.similar.length > 0;
    const key = `${view} ${url} ${details.change ?? doc.updatedAt ?? ''} ${related} ${site.name}`;
    const parts = await kept.get(marker, key, async () => ({
      ...(await documentParts(details, url, view)),
      head: await documentMetaHtml({ details, url, origin: ctx.origin(c), siteName: site.name, version: citeItem().version }),
    }));
    // The citations depend on what the view does (the record, the address, the site's name, the cited version in the
    // address) and on the day of access; the CSL item is built, and citeproc's texts found, once per record and day.
    const day = accessed.toISOString().slice(0, 10);
    const { cite: citeHtml } = await keptCite.get(marker, `${key} ${day}`, async () => ({
      cite: String(await (<CiteThis id={doc.id} citations={await citations.format(citeItem())} url={url} accessed={displayDay(day)!} />).toString()),
    }));
    return ctx.page(
      c,
      {
        title: doc.title,
        description: doc.summary,
        canonical: url,
        scripts: hasScans(doc) ? ['openseadragon.min.js'] : [],
        head: html(parts.head),
      },
      <>
        <TranslationNotice id={id} versions={versions} showing={version ? Number(version[2]) : undefined} />
        {html(parts.beforeCite)}
        {html(citeHtml)}
        {html(parts.beforeRelated)}
        <RelatedDocuments details={details} />
        {html(parts.end)}
      </>,
    );
  });

  app.get('/d/:slug', async (c) => c.redirect(documentPath(await archive.idForSlug(c.req.param('slug'))), 301));
}
