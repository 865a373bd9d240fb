/**
 * Releases as readers use them: one document's releases compared (the latest
 * against the one before it, or any two), and the documents one year's
 * releases changed most. Comparisons are computed on request from the stored
 * texts (release-diff.ts), a long pair once per pair of texts when the
 * caller keeps a ReleaseComparisons; pages are cached by the web layer
 * until the archive changes.
 * @module
 */
import { ValidationError } from '../domain/errors.js';
import type { Document } from '../domain/document.js';
import { releasePageCount, releaseYear, type Release } from '../domain/release.js';
import { compareReleases, type ReleaseComparison } from '../domain/release-diff.js';
import type { DocumentSummary } from '../backends/store.js';
import type { ReleaseComparisons } from './release-comparisons.js';
import { summarize, type Archive, type DocumentDetails } from './archive.js';

export interface ReleaseComparisonPage {
  details: DocumentDetails;
  from: Release;
  to: Release;
  comparison: ReleaseComparison;
  /** Whether `from` is the release just before `to` (the default view). */
  consecutive: boolean;
}

/**
 * The comparison a document's releases page shows: `to` defaults to the
 * latest release and `from` to the one before `to`. A document with one
 * release is compared with nothing: all of it is what that release revealed.
 */
export async function documentReleases(
  archive: Archive,
  id: string,
  choice: { from?: string; to?: string } = {},
  comparisons?: ReleaseComparisons,
): Promise<ReleaseComparisonPage> {
  const details = await archive.document(id);
  const releases = details.document.releases;
  if (releases.length === 0) throw new ValidationError([{ path: 'id', message: `document "${id}" has no releases to compare` }], `Document "${id}" has no releases`);
  const find = (rid: string, path: string) => {
    const r = releases.find((x) => x.id === rid);
    if (!r) throw new ValidationError([{ path, message: `"${rid}" is not a release of this document (it has ${releases.map((x) => x.id).join(', ')})` }]);
    return r;
  };
  const to = choice.to ? find(choice.to, 'to') : releases[releases.length - 1]!;
  const toIndex = releases.indexOf(to);
  const empty: Release = { id: 'none', date: to.date, name: 'nothing', pages: [], classification: [], restrictions: [], sources: [] };
  const from = choice.from ? find(choice.from, 'from') : (releases[toIndex - 1] ?? empty);
  return { details, from, to, comparison: comparisons ? comparisons.compare(from, to) : compareReleases(from, to), consecutive: !choice.from || releases.indexOf(from) === toIndex - 1 };
}

export interface ReleaseChange {
  document: DocumentSummary;
  /** The document's release(s) in the year, each against the release before it. */
  release: Release;
  previous?: Release;
  addedWords: number;
  passages: number;
  pages: number;
}

export interface ReleaseYearPage {
  year: string;
  /** The releases of that year by name, with how many documents each released. */
  releases: { id: string; name: string; date: string; documents: number }[];
  documents: number;
  pages: number;
  newWords: number;
  /** Documents by the words the year's release newly revealed in them, most first. */
  changes: ReleaseChange[];
}

/** Most documents a release page compares; past this the page says how many more there are. */
export const RELEASE_PAGE_LIMIT = 5000;

export async function releaseYearPage(archive: Archive, year: string): Promise<ReleaseYearPage> {
  const result = await archive.backend.search.search({ filters: { facets: { release: [year] } }, sort: 'date', limit: RELEASE_PAGE_LIMIT, offset: 0 });
  const docs = await archive.publishedDocuments(result.hits.map((h) => h.id));
  const byRelease = new Map<string, { id: string; name: string; date: string; documents: number }>();
  const changes: ReleaseChange[] = [];
  for (const doc of docs) {
    doc.releases.forEach((release, i) => {
      if (releaseYear(release) !== year) return;
      const entry = byRelease.get(release.id) ?? { id: release.id, name: release.name, date: release.date, documents: 0 };
      entry.documents++;
      byRelease.set(release.id, entry);
      changes.push(changeOf(doc, release, doc.releases[i - 1]));
    });
  }
  changes.sort((a, b) => b.addedWords - a.addedWords || a.document.title.localeCompare(b.document.title));
  return {
    year,
    releases: [...byRelease.values()].sort((a, b) => a.date.localeCompare(b.date)),
    documents: docs.length,
    pages: changes.reduce((n, c) => n + c.pages, 0),
    newWords: changes.reduce((n, c) => n + c.addedWords, 0),
    changes,
  };
}

function changeOf(doc: Document, release: Release, previous: Release | undefined): ReleaseChange {
  const empty = { pages: [] };
  const c = compareReleases(previous ?? empty, release);
  return { document: summarize(doc), release, previous, addedWords: c.addedWords, passages: c.passages.length, pages: releasePageCount(release) };
}

/** Every year something was released in, with its number of documents, newest first. */
export async function releaseYears(archive: Archive): Promise<{ year: string; documents: number }[]> {
  const result = await archive.backend.search.search({ filters: {}, sort: 'date', limit: 0, offset: 0, facets: [{ id: 'release', limit: 0 }] });
  return (result.facets?.release ?? []).map((f) => ({ year: f.value, documents: f.count })).sort((a, b) => b.year.localeCompare(a.year));
}
