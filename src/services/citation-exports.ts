/**
 * Corrections to citation-js's BibTeX and RIS so reference managers get a
 * valid, complete record of an archival document:
 * - BibTeX `month` is a month macro (`month = jun`), not "{jun 21}" which
 *   BibTeX rejects; the full date goes to biblatex's `date`;
 * - the translator, the archive and the file number, which citation-js
 *   drops for manuscripts, are written: BibTeX `translator`, `archive`,
 *   `archive_location` (and a readable `note`), RIS `A4`, `DB`, `AN` (the
 *   tags Zotero's RIS translator reads for translator, archive and
 *   archive location); the document's number in an edition as `SE` (section).
 * @module
 */
import type { CslItem } from './citations.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A value inside BibTeX braces: LaTeX's special characters escaped, stray braces and backslashes dropped. */
function bibValue(text: string): string {
  return text.replace(/[{}\\]/g, '').replace(/([&%$#_])/g, '\\$1');
}

function names(list: { literal: string }[] | undefined): string[] {
  return (list ?? []).map((n) => n.literal);
}

/** biblatex `date`: YYYY[-MM[-DD]] or a range, from the CSL date parts. */
function bibDate(item: CslItem): string | undefined {
  const issued = item.issued;
  if (!issued || !('date-parts' in issued)) return undefined;
  const iso = (parts: number[]) => parts.map((n, i) => (i === 0 ? String(n).padStart(4, '0') : String(n).padStart(2, '0'))).join('-');
  return issued['date-parts'].map(iso).join('/');
}

export function fixBibtex(bib: string, item: CslItem): string {
  let out = bib.replace(/^(\s*)month = \{([a-z]{3})[^}]*\},?$/m, (_m, indent: string, month: string) =>
    MONTHS.includes(month) ? `${indent}month = ${month},` : '',
  );
  // The volume already ends the book title ("…, Russia, Volume III"); biblatex would print it twice.
  if (item.volume && item['container-title']?.includes(item.volume)) out = out.replace(/^\s*volume = \{[^\n]*\},?\n/m, '');
  const date = bibDate(item);
  const translators = names(item.translator);
  const archive = [item.archive_location, item.archive].filter(Boolean).join(', ');
  const fields: [string, string | undefined][] = [
    ['date', date],
    ['translator', translators.length ? translators.map(bibValue).join(' and ') : undefined],
    ['archive', item.archive && bibValue(item.archive)],
    ['archive_location', item.archive_location && bibValue(item.archive_location)],
    ['chapter', item.section && !/^\s*chapter = /m.test(out) ? bibValue(item.section) : undefined],
  ];
  const added = fields.filter(([k, v]) => v && !new RegExp(`^\\s*${k} = `, 'm').test(out)).map(([k, v]) => `\t${k} = {${v}},\n`);
  if (archive) out = out.replace(/^(\s*note = \{)/m, `$1${bibValue(archive)}. `);
  return out.replace(/\n\}\s*$/, `\n${added.join('')}}\n`);
}

export function fixRis(ris: string, item: CslItem): string {
  const lines = ris.split('\n').filter((l) => !/^(A4|DB|AN|SE)  - /.test(l));
  const add = [
    ...(item.section ? [`SE  - ${item.section}`] : []),
    ...names(item.translator).map((t) => `A4  - ${t}`),
    ...(item.archive ? [`DB  - ${item.archive}`] : []),
    ...(item.archive_location ? [`AN  - ${item.archive_location}`] : []),
  ];
  const end = lines.findIndex((l) => l.startsWith('ER  -'));
  if (end < 0) return ris;
  lines.splice(end, 0, ...add);
  return lines.join('\n');
}
