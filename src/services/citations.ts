/**
 * "Cite this": a published document as a CSL-JSON item, rendered by
 * citation-js (citeproc) in Chicago, MLA and APA, and exported as BibTeX,
 * RIS and CSL-JSON for reference managers. Every citation carries the
 * document's stable URL and the date of access.
 * @module
 */
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { parsePartialDate, type DatePoint } from '../domain/partial-date.js';
import { htmlToText } from '../domain/rich-text.js';
import type { PublishedIn } from '../domain/document.js';
import { displayDate } from '../domain/display.js';
import type { Release } from '../domain/release.js';
import type { DocumentDetails } from './archive.js';
import { fixBibtex, fixRis } from './citation-exports.js';
import { formatChicagoNoteWithEngine, formatWithEngines } from './citation-engines.js';
import { APA, CHICAGO, MLA } from './citation-styles.js';

const STYLES = { 'dossier-chicago': CHICAGO, 'dossier-mla': MLA, 'dossier-apa': APA } as const;
let registered = false;

function registerStyles(): void {
  if (registered) return;
  const csl = plugins.config.get('@csl');
  if (!csl) throw new Error('@citation-js/plugin-csl is not loaded');
  for (const [name, xml] of Object.entries(STYLES)) csl.styles.add(name, xml);
  registered = true;
}

type CslName = { literal: string };
type CslDate = { 'date-parts': number[][]; circa?: boolean } | { literal: string };

/** A CSL-JSON item (the subset Dossier fills). */
export interface CslItem {
  id: string;
  /** `chapter` for a document printed in an edition (a FRUS volume), `manuscript` otherwise. */
  type: 'manuscript' | 'chapter';
  title: string;
  author?: CslName[];
  recipient?: CslName[];
  translator?: CslName[];
  issued?: CslDate;
  accessed: CslDate;
  genre?: string;
  archive?: string;
  archive_location?: string;
  'archive-place'?: string;
  'collection-title'?: string;
  /** The edition a document is printed in (a FRUS volume), as cited. */
  'container-title'?: string;
  'collection-number'?: string;
  volume?: string;
  /** "Document 10". */
  section?: string;
  page?: string;
  editor?: CslName[];
  publisher?: string;
  URL: string;
  abstract?: string;
  keyword?: string;
  language?: string;
  note?: string;
  /** Which version of the text is cited: a declassification release ("released March 18, 2025") or a translation's revision ("translation of March 3, 2026", translation-versions.ts). */
  version?: string;
}

export interface CitationText {
  /** Plain text, for copying. */
  text: string;
  /** HTML with the style's italics; escaped by citeproc. */
  html: string;
}

export interface Citations {
  chicagoNote: CitationText;
  chicago: CitationText;
  mla: CitationText;
  apa: CitationText;
}

export const EXPORT_FORMATS = { bib: 'bibtex', ris: 'ris', json: 'csl-json' } as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** The document as a CSL item. Names are kept as written (`literal`): East Asian names are family name first, and splitting them would invert them. */
export function cslItem(details: DocumentDetails, options: { url: string; siteName: string; accessed: Date; release?: Release }): CslItem {
  const doc = details.document;
  // The text a reader quotes is the latest release unless they cite another.
  const release = options.release ?? doc.releases[doc.releases.length - 1];
  const names = (role: string) => details.agents.filter((a) => a.role === role).map((a) => ({ literal: a.authority.name }));
  const authors = names('creator');
  const translators = [...new Set([...doc.translations.flatMap((t) => t.translators), ...doc.source.translatedBy])];
  const item: CslItem = {
    id: doc.id,
    type: 'manuscript',
    // A heading's closing full stop ("Mr. Dayton to Mr. Seward.") would double the style's own punctuation.
    title: doc.title.replace(/(?<!\b(?:Mr|Mrs|Messrs|Dr|St|No|[A-Z]))\.$/, ''),
    author: authors.length ? authors : names('signer'),
    recipient: names('recipient'),
    translator: translators.map((literal) => ({ literal })),
    issued: doc.date ? cslDate(doc.date) : undefined,
    accessed: { 'date-parts': [[options.accessed.getUTCFullYear(), options.accessed.getUTCMonth() + 1, options.accessed.getUTCDate()]] },
    genre: details.type?.name,
    archive: details.repository?.name,
    archive_location: doc.source.fileNumber,
    'archive-place': details.repository?.location,
    // The top-level collection (a volume, an archive's series), never a chapter's heading.
    'collection-title': (details.trail[0] ?? details.collections[0])?.title,
    ...editionFields(doc.publishedIn),
    publisher: options.siteName,
    URL: options.url,
    version: release ? `released ${displayDate(release.date)}` : undefined,
    // Reference managers read no version from RIS and BibTeX; the note carries the release there.
    note: release ? `Text as released: ${release.name}, released ${displayDate(release.date)}.` : undefined,
    abstract: doc.summary,
    // citation-js splits keywords on commas.
    keyword: details.subjects.map((s) => s.name.replaceAll(',', ' ')).join(',') || undefined,
  };
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as unknown as CslItem;
}

/**
 * A document printed in an edition is cited in it, as its editors cite it: "Foreign Relations of the
 * United States, 1918, Russia, Volume III, Document 10", pages where known. The parts travel separately
 * too (series, series number, volume) for reference managers, as history.state.gov's own CSL does.
 */
function editionFields(p: PublishedIn | undefined): Partial<CslItem> {
  if (!p) return {};
  return {
    type: 'chapter',
    'container-title': p.title,
    'collection-title': p.series,
    'collection-number': p.year,
    volume: p.volume,
    section: p.document ? `Document ${p.document}` : undefined,
    page: p.pages,
    editor: p.editors.map((literal) => ({ literal })),
  };
}

/** EDTF → CSL date: day, month or year precision as recorded; an interval as two dates; approximate as `circa`; uncertain as written. */
function cslDate(edtf: string): CslDate | undefined {
  const parsed = parsePartialDate(edtf);
  if (!parsed.ok) return { literal: edtf };
  const d = parsed.value;
  if (d.uncertain) return { literal: d.display };
  const parts = (p: DatePoint) => [p.year, p.month, p.day].filter((n): n is number => n !== undefined);
  // Decades and centuries have no CSL form; their display ("1950s") says what is known.
  if (d.precision === 'decade' || d.precision === 'century') return { literal: d.display };
  const dateParts = d.interval ? [parts(d.start), parts(d.end)] : [parts(d.start)];
  return d.approximate ? { 'date-parts': dateParts, circa: true } : { 'date-parts': dateParts };
}

export function formatCitations(item: CslItem): Citations {
  // citeproc run directly with a warm engine per style (citation-engines.ts); the plain text is the HTML's text.
  const html = formatWithEngines(item);
  const both = (h: string): CitationText => ({ text: htmlToText(h), html: h });
  return { chicagoNote: both(html.chicagoNote), chicago: both(html.chicago), mla: both(html.mla), apa: both(html.apa) };
}

/** The Chicago note alone, for a page that shows no other style: one citeproc run instead of four. */
export function formatChicagoNote(item: CslItem): CitationText {
  const html = formatChicagoNoteWithEngine(item);
  return { text: htmlToText(html), html };
}

/** The item as a file for reference managers. */
export function exportCitation(item: CslItem, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify([item], null, 2)}\n`;
  registerStyles();
  const cite = new Cite(item);
  if (format === 'bib') return fixBibtex(cite.format('bibtex', { format: 'text' }), item);
  // plugin-ris breaks values every 70 characters, mid-word; readers that join continuation lines with a
  // space would then cite "positi on reports". RIS readers take long lines, so the breaks are undone.
  return fixRis(cite.format('ris', { format: 'text' }).replace(/\n(?![A-Z][A-Z0-9]  - |\n|$)/g, ''), item);
}
