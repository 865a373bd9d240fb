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
import type { DocumentDetails } from './archive.js';
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
  type: 'manuscript';
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
  publisher?: string;
  URL: string;
  abstract?: string;
  keyword?: string;
  language?: string;
  note?: string;
  /** Which version of the text is cited, e.g. "translation of March 3, 2026" (see translation-versions.ts). */
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
export function cslItem(details: DocumentDetails, options: { url: string; siteName: string; accessed: Date }): CslItem {
  const doc = details.document;
  const names = (role: string) => details.agents.filter((a) => a.role === role).map((a) => ({ literal: a.authority.name }));
  const authors = names('creator');
  const translators = [...new Set([...doc.translations.flatMap((t) => t.translators), ...doc.source.translatedBy])];
  const item: CslItem = {
    id: doc.id,
    type: 'manuscript',
    title: doc.title,
    author: authors.length ? authors : names('signer'),
    recipient: names('recipient'),
    translator: translators.map((literal) => ({ literal })),
    issued: doc.date ? cslDate(doc.date) : undefined,
    accessed: { 'date-parts': [[options.accessed.getUTCFullYear(), options.accessed.getUTCMonth() + 1, options.accessed.getUTCDate()]] },
    genre: details.type?.name,
    archive: details.repository?.name,
    archive_location: doc.source.fileNumber,
    'archive-place': details.repository?.location,
    'collection-title': details.collections[0]?.title,
    publisher: options.siteName,
    URL: options.url,
    abstract: doc.summary,
    // citation-js splits keywords on commas.
    keyword: details.subjects.map((s) => s.name.replaceAll(',', ' ')).join(',') || undefined,
  };
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as unknown as CslItem;
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
  registerStyles();
  const cite = new Cite(item);
  const render = (template: string, kind: 'bibliography' | 'citation'): CitationText => {
    // One citeproc run per style (each costs about 2 ms); the plain text is the HTML's text.
    const html = cite
      .format(kind, { template, lang: 'en-US', format: 'html' })
      .replace(/^\s*<div class="csl-bib-body">\s*<div[^>]*class="csl-entry"[^>]*>/, '')
      .replace(/<\/div>\s*<\/div>\s*$/, '')
      .trim();
    return { text: htmlToText(html), html };
  };
  return {
    chicagoNote: render('dossier-chicago', 'citation'),
    chicago: render('dossier-chicago', 'bibliography'),
    mla: render('dossier-mla', 'bibliography'),
    apa: render('dossier-apa', 'bibliography'),
  };
}

/** The item as a file for reference managers. */
export function exportCitation(item: CslItem, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify([item], null, 2)}\n`;
  registerStyles();
  const cite = new Cite(item);
  if (format === 'bib') return cite.format('bibtex', { format: 'text' });
  // plugin-ris breaks values every 70 characters, mid-word; readers that join continuation lines with a
  // space would then cite "positi on reports". RIS readers take long lines, so the breaks are undone.
  return cite.format('ris', { format: 'text' }).replace(/\n(?![A-Z][A-Z0-9]  - |\n|$)/g, '');
}
