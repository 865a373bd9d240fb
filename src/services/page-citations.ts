/**
 * The "Cite this" of a document's page, formatted ahead of its first visit.
 * citeproc is about a third of a first visit's work (~4 ms for the four
 * texts) and the texts are kept in the catalog once made (citation-memo.ts),
 * so a crawler's first sweep after an import paid for every one of them on
 * the request path. `makeMissingCitations` formats them in the background
 * instead (the `citations` job), for published documents that have none
 * kept, under the very key the page computes: the page then reads the row.
 * It counts their similar documents too (similar-documents.ts), the largest
 * read of a first visit (~0.5 ms of ~2.5 ms of CPU on FRUS once the citations
 * are kept), under the archive's change marker read before counting: kept
 * until the next write, as a page's own count is.
 * @module
 */
import { displayDay } from '../domain/display.js';
import { GoneError, NotFoundError } from '../domain/errors.js';
import type { Archive, DocumentDetails } from './archive.js';
import { CITATIONS_PART, CitationMemo } from './citation-memo.js';
import { cslItem, type CslItem } from './citations.js';
import { PageParts } from './page-parts.js';
import { keepSimilar } from './similar-documents.js';
import { translationVersions, type TranslationVersion } from './translation-versions.js';

/**
 * What a document's page cites: the record (cslItem) and, when its translation was revised, which version of
 * it — the one shown at `revision` (`/documents/<id>/v/<revision>`), else the latest.
 */
export function pageCitationItem(
  details: DocumentDetails,
  versions: readonly TranslationVersion[],
  options: { url: string; siteName: string; accessed: Date; revision?: number },
): CslItem {
  const cited = versions.findLast((v) => options.revision === undefined || v.revision <= options.revision);
  const item = cslItem(details, options);
  return versions.length > 1 && cited ? { ...item, version: `translation of ${displayDay(cited.at)}` } : item;
}

export interface MakeCitationsOptions {
  /** A document's stable URL as its page gives it (web/urls.ts), but for the origin. */
  documentUrl: (id: string) => string;
  /** Milliseconds of work at most (pauses included); what is left is made by the next run. */
  budgetMs?: number;
  /** Milliseconds of work between two pauses, in which a server's requests are answered. */
  sliceMs?: number;
  /** Documents asked for at a time. */
  pageSize?: number;
}

export interface MakeCitationsReport {
  /** Documents whose citations were formatted and kept. */
  made: number;
  /** Documents whose similar documents were counted and kept (similar-documents.ts). */
  similar: number;
  /** Whether every published document had its citations kept when the run ended. */
  done: boolean;
  ms: number;
}

/**
 * Formats and keeps the citations of published documents that have none kept, as their pages would, until none
 * is left or `budgetMs` is spent. Only published documents are listed (the Store's query) and read (a document
 * unpublished meanwhile is a NotFoundError here, as on its page), so a draft is never cited. A document kept under
 * an older key (its record edited since) is left to its next page, which makes it again.
 */
export async function makeMissingCitations(archive: Archive, options: MakeCitationsOptions): Promise<MakeCitationsReport> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? 20_000;
  const sliceMs = options.sliceMs ?? 5;
  let since = performance.now();
  const pause = async (): Promise<void> => {
    if (performance.now() - since < sliceMs) return;
    // setImmediate runs after the poll phase: requests that arrived meanwhile are taken first.
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  };
  const { store } = archive.backend;
  const parts = new PageParts(archive);
  const memo = new CitationMemo(0, parts);
  const { name: siteName } = await archive.siteInfo();
  const collections = await store.listCollections();
  // Only what the citation reads: the record, its authorities and collections (neither neighbours nor similar documents).
  const sources = { collections: async () => collections, neighbours: async () => undefined, similar: async () => [] };
  let made = 0;
  let similar = 0;
  let after: string | undefined;
  let done = false;
  scan: for (;;) {
    const ids = await store.documentsWithoutPagePart(CITATIONS_PART, { after, limit: options.pageSize ?? 200 });
    if (ids.length === 0) {
      done = true;
      break;
    }
    // Read before counting: a count that saw a later write is kept under the earlier marker, never the reverse.
    const { marker } = await archive.changeMarker();
    for (const id of ids) {
      if (performance.now() - started > budgetMs) break scan;
      after = id;
      await pause();
      const details = await archive.document(id, sources).catch((error: unknown) => {
        if (error instanceof NotFoundError || error instanceof GoneError) return undefined;
        throw error;
      });
      if (!details) continue;
      const versions = details.document.translations.length > 0 ? await translationVersions(archive, id) : [];
      // The URL and the day are not part of the key (the page puts its own in); a URL citeproc might rewrite is never kept, here as there.
      const item = pageCitationItem(details, versions, { url: options.documentUrl(id), siteName, accessed: new Date() });
      if (await memo.keep(item)) made++;
      if (await keepSimilar(parts, marker, id)) similar++;
    }
  }
  await parts.flush();
  return { made, similar, done, ms: performance.now() - started };
}
