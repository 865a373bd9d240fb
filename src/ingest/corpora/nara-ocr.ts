/**
 * NARA's JFK Assassination Records: OCR'd text files (one per released PDF)
 * joined to the release spreadsheets. One record number is one document,
 * whatever the number of its files: a later release of the same record (the
 * 2025 re-releases of 2023 records, with fewer redactions) or a second PDF is
 * one more release of that document (nara-releases.ts), never a new record;
 * the latest release is the document's transcript.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { escapeHtml } from '../../domain/rich-text.js';
import type { SourceItem } from '../source-item.js';
import type { CorpusMap } from './corpus-map.js';
import { documentFromRow } from './corpus-reader.js';
import type { Row } from './layouts.js';
import { buildReleases, type ReleaseFile } from './nara-releases.js';

interface NaraFile {
  path: string;
  release: string;
  record: string;
}

interface NaraIndex {
  /** Sheet rows by file key (`docid-32206291`, `104-10105-10271`, `104-10004-10143 (C06932208)`), keyed by column title. */
  rows: Map<string, Record<string, string>>;
  /** Files of each record number, oldest release first. */
  files: Map<string, NaraFile[]>;
  /** What the release lists and the files disagree on, per file path ('' for the lists as a whole). */
  problems: Map<string, string[]>;
}

const indexes = new Map<string, Promise<NaraIndex>>();

type Cell = string | number | boolean | Date | null | undefined | object;

/** A cell as text: dates as ISO days (read-excel-file gives Date objects for date-formatted cells), numbers as they are. */
function cellText(cell: Cell): string | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : cell.toISOString().slice(0, 10);
  const s = String(cell).trim();
  return s || undefined;
}

/** `2023/08/104-10105-10271.pdf` → `104-10105-10271`; `DOCID-32206291.pdf` → `docid-32206291`. */
function fileKey(name: string): string {
  const base = name.replace(/^.*\//, '').replace(/\.(pdf|md)$/i, '');
  return /^docid-/i.test(base) ? base.toLowerCase() : base;
}

/** The record number a file's name holds, without the suffix that tells two PDFs of one record apart. */
function recordFromName(key: string): string {
  return key.replace(/\s*[[(][^\])]*[\])]$/, '');
}

async function buildIndex(root: string, map: CorpusMap): Promise<NaraIndex> {
  const rows = new Map<string, Record<string, string>>();
  const problems = new Map<string, string[]>();
  const sheets = (map.options.sheets as { file: string; key: string; release: string }[] | undefined) ?? [];
  for (const sheet of sheets) {
    const path = join(root, sheet.file);
    if (!existsSync(path)) continue;
    const data = (await readSheet(path)) as Cell[][];
    const titles = (data[0] ?? []).map((c) => cellText(c) ?? '');
    data.slice(1).forEach((line, i) => {
      const row: Record<string, string> = { release: sheet.release, __sheet: sheet.file, __row: String(i + 2) };
      titles.forEach((t, i) => {
        const v = cellText(line[i]);
        if (t && v !== undefined) row[t] = v;
      });
      const key = row[sheet.key] && fileKey(row[sheet.key]!);
      if (!key) return;
      // The 2021 sheet repeats a few rows; the first wins, and the repeat is reported.
      const first = rows.get(`${sheet.release}:${key}`);
      if (first) note(problems, '', `duplicate release: ${sheet.file} lists ${key} again in row ${row.__row} (first in row ${first.__row}); the first row is used`);
      else rows.set(`${sheet.release}:${key}`, row);
    });
  }
  const files = new Map<string, NaraFile[]>();
  const seenKeys = new Set<string>();
  const found: { full: string; release: string; key: string; sheet?: Record<string, string>; listed: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name, 'en'))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md')) {
        const release = /releases\/(\d{4})/.exec(full.replaceAll('\\', '/'))?.[1] ?? '';
        const key = fileKey(e.name);
        const sheet = rows.get(`${release}:${key}`);
        const record = sheet?.['Record Number']?.replace(/\.pdf$/i, '') ?? sheet?.['Record Num'] ?? recordFromName(key);
        if (!sheet) note(problems, full, `text file without a spreadsheet row: ${relative(root, full)} is in no ${release} release list`);
        seenKeys.add(`${release}:${key}`);
        found.push({ full, release, key, sheet, listed: /^docid-/.test(record) ? record : recordFromName(record) });
      }
    }
  };
  if (existsSync(join(root, 'releases'))) walk(join(root, 'releases'));
  const disagrees = (f: (typeof found)[number]) => !/^docid-/.test(f.key) && recordFromName(f.key) !== f.listed;
  // Where each record's files are when name and list agree: the evidence a disagreement is settled by.
  const agreed = new Map<string, string[]>();
  for (const f of found) if (!disagrees(f)) agreed.set(f.listed, [...(agreed.get(f.listed) ?? []), f.release]);
  for (const f of found) {
    let id = f.listed;
    if (disagrees(f)) {
      // NARA's list is the catalogue, so its number is used; but not where that would merge two records' texts:
      // a file whose own name is borne out by another file of that record stays with it (that is how its
      // releases are linked: 2025 lists files by their names), and one whose list number already has a file
      // in the same release would become half of that file's release.
      const named = recordFromName(f.key);
      const borneOut = agreed.has(named);
      const wouldHalve = agreed.get(f.listed)?.includes(f.release) ?? false;
      if (borneOut || wouldHalve) id = named;
      const why = borneOut ? `, whose other files it goes with` : wouldHalve ? `: ${f.listed} has its own file in the ${f.release} release` : '';
      note(problems, f.full, `record numbers disagree: ${relative(root, f.full)} is named for record ${named} but ${f.sheet?.__sheet} row ${f.sheet?.__row} says ${f.listed}; filed under ${id}${why}`);
    }
    files.set(id, [...(files.get(id) ?? []), { path: f.full, release: f.release, record: id }]);
  }
  for (const list of files.values()) list.sort((a, b) => a.release.localeCompare(b.release) || a.path.localeCompare(b.path));
  // Rows of a release whose folder is here but whose file is not: each by name, one line per list.
  for (const sheet of sheets) {
    if (!existsSync(join(root, 'releases', sheet.release))) continue;
    const missing = [...rows].filter(([k, r]) => r.release === sheet.release && !seenKeys.has(k)).map(([k, r]) => `${k.slice(sheet.release.length + 1)} (row ${r.__row})`);
    if (missing.length) note(problems, '', `spreadsheet rows without a text file: ${sheet.file} lists ${missing.length} files that are not in releases/${sheet.release}: ${missing.join(', ')}`);
  }
  return { rows, files, problems };
}

function note(problems: Map<string, string[]>, path: string, message: string): void {
  problems.set(path, [...(problems.get(path) ?? []), message]);
}

const pathIndexes = new WeakMap<Map<string, NaraFile[]>, Map<string, string>>();

function byPath(files: Map<string, NaraFile[]>): Map<string, string> {
  let index = pathIndexes.get(files);
  if (!index) {
    index = new Map([...files.values()].flat().map((f) => [f.path, f.record]));
    pathIndexes.set(files, index);
  }
  return index;
}

/** `## Page N` sections become page anchors, blank-line-separated OCR lines paragraphs. */
export function ocrToHtml(text: string, prefix: string): string {
  const out: string[] = [];
  let first = true;
  for (const block of text.split(/\n\s*\n/)) {
    const line = block.replace(/\s+/g, ' ').trim();
    if (!line || line === '---') continue;
    // Only the file's first line (`# <PDF name>`) is a heading; OCR text can itself begin with "# " (a numbered form field).
    const heading = first && /^#\s/.test(line);
    first = false;
    if (heading) continue;
    const page = /^##\s*Page\s+(\d+)$/i.exec(line);
    if (page) out.push(`<span class="page-break" id="${prefix}-p${page[1]}" data-page="${page[1]}"></span>`);
    else out.push(`<p>${escapeHtml(line)}</p>`);
  }
  return out.join('\n');
}

/** "00/00/0000" and "01/01/0000" mean the date is unknown: undated, not unreadable. */
const UNKNOWN_DATE = /^(?:0?0|0?1)\/(?:0?0|0?1)\/0000$/;

export async function* readNaraOcr(map: CorpusMap, file: { path: string; display: string }, done: Set<string>): AsyncGenerator<SourceItem> {
  const rootMatch = /^(.*\/)releases\//.exec(file.path.replaceAll('\\', '/'));
  const root = rootMatch ? rootMatch[1]! : dirname(dirname(file.path));
  let index = indexes.get(root);
  if (!index) indexes.set(root, (index = buildIndex(root, map)));
  const { rows, files, problems } = await index;
  const release = /releases\/(\d{4})/.exec(file.path.replaceAll('\\', '/'))?.[1] ?? '';
  const key = fileKey(basename(file.path));
  const own = rows.get(`${release}:${key}`);
  const record = byPath(files).get(file.path) ?? recordFromName(key);
  // The release lists' own problems are told once per run, before the first record.
  if (!done.has('jfk:lists')) {
    done.add('jfk:lists');
    const listed = problems.get('') ?? [];
    if (listed.length) yield { locator: { file: 'xlsx/' }, warnings: listed };
  }
  // The first file of a record seen in this run writes the whole record; its other files add nothing.
  if (done.has(`jfk:${record}`)) return;
  done.add(`jfk:${record}`);
  const group = files.get(record) ?? [{ path: file.path, release, record }];
  const metadata = [...group].reverse().map((f) => rows.get(`${f.release}:${fileKey(basename(f.path))}`)).find((r) => r && (r.Title || r['Doc Date'] || r['Document Date'])) ?? own ?? {};
  const releaseFiles: ReleaseFile[] = group.map((f, i) => ({
    path: f.path,
    release: f.release,
    row: rows.get(`${f.release}:${fileKey(basename(f.path))}`),
    html: ocrToHtml(readFileSync(f.path, 'utf8'), `r${f.release}-${i + 1}`),
  }));
  // `"releases": false` in the map's options keeps no release list and files every text as a transcript,
  // newest first (what the importer did before it kept releases; the baseline of bench/releases.ts).
  const built = map.options.releases === false ? undefined : buildReleases(root, releaseFiles);
  // The document's text is its latest release; earlier ones stay in `releases`.
  const latest = built?.releases[built.releases.length - 1];
  const texts = (latest?.files ?? [...releaseFiles].reverse()).map((f) => {
    const name = basename(f.path, '.md');
    const releaseDate = f.row?.['NARA Release Date'];
    return {
      language: 'en',
      title: `${name} (${f.release} release)`,
      note: `OCR of the PDF released by NARA${releaseDate ? ` on ${releaseDate}` : ` in ${f.release}`}; file ${relative(root, f.path)}.`,
      html: f.html,
    };
  });
  const values: Record<string, string | undefined> = {
    record,
    title: metadata.Title,
    date: metadata['Document Date'] ?? metadata['Doc Date'],
    type: metadata['Document Type'] ?? metadata['Doc Type'],
    to: metadata.To ?? metadata['To Name'],
    from: metadata.From ?? metadata['From Name'],
    originator: metadata.Originator ?? metadata.Agency,
    withheld: metadata['Formerly Withheld'],
    fileNumber: metadata['File Number'] ?? metadata['File Num'],
    series: metadata['Record Series'],
    comments: metadata.Comments,
    releases: group.map((f) => f.release).filter((r, i, a) => a.indexOf(r) === i).join(', '),
  };
  const warnings: string[] = [...group.flatMap((f) => problems.get(f.path) ?? []), ...(built?.warnings ?? [])];
  if (!values.title) {
    values.title = `${values.type ?? 'Record'} ${record}`;
    warnings.push(`no title in the spreadsheets: titled "${values.title}"`);
  }
  if (values.date && UNKNOWN_DATE.test(values.date)) values.date = undefined;
  const row: Row = { values, texts, warnings };
  const id = `${String(map.options.idPrefix ?? 'jfk')}/${record.replace(/[^A-Za-z0-9._~-]/g, '-')}`;
  const doc = documentFromRow(map, row, id);
  if (built && latest) {
    doc.raw.releases = built.releases.map((r) => r.release);
    for (const t of doc.raw.transcripts as { release?: string }[]) t.release = latest.release.id;
  }
  // Every file of the record is accounted together against the record written from them.
  const sourceFiles = group.map((f) => ({ path: f.path, display: relative(process.cwd(), f.path) || f.path }));
  yield { locator: { file: file.display }, raw: doc.raw, warnings: [...warnings, ...doc.warnings], sourceFiles };
}
