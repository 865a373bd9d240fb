/**
 * Declassification releases: the same record published more than once (a CIA
 * cable out in 2017 with paragraphs withheld, again in 2023 with fewer, again
 * in 2025 nearly whole). A document keeps every release as it was released —
 * its text per page, page count, classification and restrictions at the time,
 * and the source file and spreadsheet row it came from — in date order; the
 * latest one is the document's current text. What a release newly revealed is
 * computed from the texts (release-diff.ts), never stored, so a better
 * comparison needs no re-import.
 * @module
 */
import { z } from 'zod';
import { parsePartialDate, partialDateSchema } from './partial-date.js';
import { recordIdSchema } from './ids.js';
import { languageTagSchema } from './language.js';
import { escapeHtml } from './rich-text.js';

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const requiredText = (max: number) => text(max).min(1, 'cannot be empty');

/** Where a release's text came from: a file of the source, and the row of a release list that describes it. */
export const releaseSourceSchema = z.strictObject({
  /** The file as named in the source, relative to its folder, e.g. `releases/2025/0318/104-10004-10143.md`. */
  file: requiredText(1000),
  /** The release list (spreadsheet) that lists it, and the 1-based row (header = row 1). */
  sheet: text(1000).optional(),
  row: z.number().int().positive().optional(),
});
export type ReleaseSource = z.infer<typeof releaseSourceSchema>;

export const releaseSchema = z.strictObject({
  /** The release event, shared by every document it released, e.g. `nara-jfk-2025-03-18`. Unique within a document. */
  id: recordIdSchema,
  /** EDTF date of the release: a day when known (`2025-03-18`), else a month or year. */
  date: partialDateSchema,
  /** The release as people call it, e.g. "NARA JFK release, March 2025". */
  name: requiredText(300),
  /** The text as released, one string per page, when the source has pages. */
  pages: z.array(text(1_000_000)).optional(),
  /** The text as released, when the source has no pages. */
  text: text(5_000_000).optional(),
  /** Pages released; defaults to the number of `pages`. */
  pageCount: z.number().int().positive().optional(),
  /** Classification marks at release, e.g. ["Secret"]. */
  classification: z.array(requiredText(200)).default([]),
  /** Restrictions at release, e.g. ["Formerly withheld: Redact"], ["Postponed in part"]. */
  restrictions: z.array(requiredText(500)).default([]),
  sources: z.array(releaseSourceSchema).default([]),
  /** Language of the released text, when it is not the document's first language. */
  language: languageTagSchema.optional(),
  notes: text(20_000).optional(),
});
export type Release = z.infer<typeof releaseSchema>;
export type ReleaseInput = z.input<typeof releaseSchema>;

/**
 * A release of an existing document, as its own record of the import format
 * (`{"kind": "release", "document": "…", …}`): how any source — a re-scan of
 * a Wilson Center document, a FOIA re-release — adds a release to a document
 * it did not create.
 */
export const releaseRecordSchema = releaseSchema.extend({ kind: z.literal('release'), document: recordIdSchema });
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/** A release's text as rich text: a page anchor per page, a paragraph per blank-line-separated block. */
export function releaseHtml(r: Pick<Release, 'id' | 'pages' | 'text'>): string {
  const out: string[] = [];
  const paragraphs = (t: string) => t.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => `<p>${escapeHtml(p.replace(/\s+/g, ' '))}</p>`);
  if (r.pages) {
    r.pages.forEach((page, i) => out.push(`<span class="page-break" id="${r.id}-p${i + 1}" data-page="${i + 1}"></span>`, ...paragraphs(page)));
  } else if (r.text !== undefined) out.push(...paragraphs(r.text));
  return out.join('\n');
}

/** Chronological sort key of a release: its date's start, then its id (two releases on one day keep a stable order). */
export function releaseSortKey(r: Pick<Release, 'date' | 'id'>): string {
  const parsed = parsePartialDate(r.date);
  return `${parsed.ok ? parsed.value.range.start : r.date}|${r.id}`;
}

/** The year a release came out, for the `release:` filter and facet. */
export function releaseYear(r: Pick<Release, 'date'>): string {
  return r.date.slice(0, 4);
}

/** A release's text as one string per page (one page when the source has none). */
export function releasePages(r: Pick<Release, 'pages' | 'text'>): string[] {
  return r.pages ?? (r.text !== undefined ? [r.text] : []);
}

export function releasePageCount(r: Pick<Release, 'pages' | 'text' | 'pageCount'>): number {
  return r.pageCount ?? releasePages(r).length;
}

/** Schema checks of a document's release list: unique ids, date order, text given once. */
export function checkReleases(releases: Release[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  releases.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['releases', i, 'id'], message: `release "${r.id}" is listed twice` });
    seen.add(r.id);
    if (r.pages && r.text !== undefined) ctx.addIssue({ code: 'custom', path: ['releases', i], message: 'a release has either pages or text, not both' });
    const prev = releases[i - 1];
    if (prev && releaseSortKey(prev) > releaseSortKey(r)) {
      ctx.addIssue({ code: 'custom', path: ['releases', i, 'date'], message: `release "${r.id}" (${r.date}) is listed after the later release "${prev.id}" (${prev.date}); list releases oldest first` });
    }
  });
}

/** Releases in date order: the order the schema requires, for code that merges lists. */
export function sortReleases<T extends Pick<Release, 'date' | 'id'>>(releases: T[]): T[] {
  return [...releases].sort((a, b) => (releaseSortKey(a) < releaseSortKey(b) ? -1 : releaseSortKey(a) > releaseSortKey(b) ? 1 : 0));
}

/**
 * Anomalies of a release list worth telling an importer, though nothing is
 * wrong enough to refuse the record: a later release with fewer pages than an
 * earlier one, a release dated before the document itself.
 */
export function releaseWarnings(doc: { date?: string; releases: Release[] }): string[] {
  const warnings: string[] = [];
  const docDate = doc.date ? parsePartialDate(doc.date) : undefined;
  doc.releases.forEach((r, i) => {
    const date = parsePartialDate(r.date);
    if (docDate?.ok && date.ok && date.value.range.end < docDate.value.range.start) {
      warnings.push(`release "${r.id}" is dated ${r.date}, before the document itself (${doc.date})`);
    }
    const prev = doc.releases[i - 1];
    if (prev && releasePageCount(r) < releasePageCount(prev)) {
      warnings.push(`release "${r.id}" has fewer pages (${releasePageCount(r)}) than the earlier release "${prev.id}" (${releasePageCount(prev)})`);
    }
  });
  return warnings;
}

/**
 * Adds (or replaces, by id) one release in a list, keeping date order. The
 * same release imported twice leaves the list as it was, so re-importing is
 * idempotent.
 */
export function withRelease(releases: Release[], release: Release): Release[] {
  return sortReleases([...releases.filter((r) => r.id !== release.id), release]);
}
