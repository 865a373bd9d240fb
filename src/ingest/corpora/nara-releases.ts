/**
 * The releases of one NARA JFK record: its files grouped by the day NARA
 * released them (a spreadsheet row's "NARA Release Date", else the release
 * folder's year), each group one release of the document with its pages,
 * restrictions and the file and spreadsheet row it came from. Also what the
 * release lists and the files disagree on, by name, for the import report.
 * @module
 */
import { basename, relative } from 'node:path';
import { excelSerialToDate } from '../../domain/era-dates.js';
import { displayDate } from '../../domain/display.js';
import { htmlToText } from '../../domain/rich-text.js';
import type { ReleaseInput } from '../../domain/release.js';
import { tokenize } from '../../domain/release-diff.js';

/** A spreadsheet row by column title, with where it sits: `release`, `__sheet` (file) and `__row` (1-based, header = 1). */
export type SheetRow = Record<string, string>;

export interface ReleaseFile {
  path: string;
  /** The release folder's year. */
  release: string;
  row?: SheetRow;
  /** The file as HTML (page anchors and paragraphs), already read. */
  html: string;
}

export interface BuiltRelease {
  release: ReleaseInput;
  files: ReleaseFile[];
}

/** `12/15/2021`, a serial number or an ISO day → ISO day; anything else → undefined. */
export function releaseDay(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const mdy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (mdy && Number(mdy[3]) > 1900 && Number(mdy[1]) > 0 && Number(mdy[2]) > 0) return `${mdy[3]}-${mdy[1]!.padStart(2, '0')}-${mdy[2]!.padStart(2, '0')}`;
  if (/^\d{5}$/.test(value)) {
    const read = excelSerialToDate(Number(value));
    return read.ok ? read.value : undefined;
  }
  return undefined;
}

/** The file's HTML (from the OCR reader) as plain text per page, paragraphs separated by blank lines. */
export function htmlPages(html: string): string[] {
  const chunks = html.split(/<span class="page-break"[^>]*><\/span>/);
  // Text before the first page anchor belongs to page 1 (files without `## Page` have one page).
  const head = chunks.shift() ?? '';
  if (chunks.length === 0) return [pageText(head)];
  if (head.trim()) chunks[0] = `${head}\n${chunks[0]}`;
  return chunks.map(pageText);
}

function pageText(html: string): string {
  return html
    .split(/<\/p>/)
    .map((p) => htmlToText(`${p}</p>`))
    .filter((p) => p !== '')
    .join('\n\n');
}

/** Groups a record's files (oldest release first) into its releases, and says what was odd about them. */
export function buildReleases(root: string, files: ReleaseFile[]): { releases: BuiltRelease[]; warnings: string[] } {
  const warnings: string[] = [];
  const groups = new Map<string, ReleaseFile[]>();
  for (const f of files) {
    const day = releaseDay(f.row?.['NARA Release Date']) ?? f.release;
    groups.set(day, [...(groups.get(day) ?? []), f]);
  }
  const releases: BuiltRelease[] = [];
  for (const [day, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const kept: ReleaseFile[] = [];
    const pages: string[] = [];
    const seen = new Map<string, string>();
    for (const f of group) {
      const own = htmlPages(f.html);
      const key = tokenize(own).map((t) => t.key).join(' ');
      const twin = seen.get(key);
      if (twin !== undefined) {
        warnings.push(`duplicate release: ${relative(root, f.path)} has the same text as ${twin} in the ${day} release; kept once`);
        continue;
      }
      seen.set(key, relative(root, f.path));
      const problem = pageCountProblem(f, own.length);
      if (problem) warnings.push(`page count disagrees: ${relative(root, f.path)} has ${own.length} pages of text but ${f.row!.__sheet} row ${f.row!.__row} says ${problem}`);
      kept.push(f);
      pages.push(...own);
    }
    const withheld = [...new Set(kept.map((f) => f.row?.['Formerly Withheld']).filter((v): v is string => Boolean(v)))];
    const release: ReleaseInput = {
      id: `nara-jfk-${day}`,
      date: day,
      name: `NARA JFK release, ${displayDate(day)}`,
      pages,
      pageCount: Math.max(1, pages.length),
      restrictions: withheld.map((w) => `Formerly withheld: ${w}`),
      sources: kept.map((f) => ({
        file: relative(root, f.path),
        ...(f.row?.__sheet ? { sheet: f.row.__sheet } : {}),
        ...(f.row?.__row ? { row: Number(f.row.__row) } : {}),
      })),
      ...(kept.length > 1 ? { notes: `Released as ${kept.length} PDFs: ${kept.map((f) => basename(f.path, '.md')).join('; ')}.` } : {}),
    };
    releases.push({ release, files: kept });
  }
  return { releases, warnings };
}

/**
 * "Pages Released" (2023) counts the PDF's pages and must match; "Document
 * Pages in PDF" (2021) leaves out NARA's identification form and other added
 * sheets, so the text may have more pages but never fewer.
 */
function pageCountProblem(f: ReleaseFile, pages: number): string | undefined {
  const exact = Number(f.row?.['Pages Released']);
  if (Number.isFinite(exact) && exact > 0 && exact !== pages) return `${exact}`;
  const floor = Number(f.row?.['Document Pages in PDF']);
  if (Number.isFinite(floor) && floor > pages) return `${floor}`;
  return undefined;
}
