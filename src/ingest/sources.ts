/**
 * Finding and reading import sources: files or folders (walked in name
 * order, so `01-people.json` lands before `10-documents.json`), each read by
 * the reader for its format. CSV files go through a field map.
 * @module
 */
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { MAPS_DIR } from '../package-paths.js';
import { DossierError, ValidationError } from '../domain/errors.js';
import { zodIssues } from '../domain/archive-record.js';
import { fieldMapSchema, type FieldMap } from './field-map.js';
import { readCsvFile } from './readers/csv-reader.js';
import { readJsonFile } from './readers/json-reader.js';
import { readJsonLinesFile } from './readers/jsonl-reader.js';
import { readTeiFile } from './tei/tei-reader.js';
import { corpusFileMatches, readCorpusFile } from './corpora/corpus-reader.js';
import type { ReadProgress, SourceItem } from './source-item.js';
import { accountItems } from './accounting/account-items.js';
import { corpusSourceWords } from './accounting/corpus-words.js';
import type { SourceTally } from './accounting/source-tally.js';
import { csvSourceWords, jsonSourceWords } from './accounting/tabular-words.js';
import { TeiTallies } from './accounting/tei-words.js';
import { IMPORT_FORMATS, type ImportFormat } from './import-formats.js';

/** How one format is read. Adding a format means adding an entry to {@link FORMATS} and its name to import-formats.ts. */
export interface FormatReader {
  /** File extensions (lower case, with the dot) that select this format when none is given. */
  extensions: string[];
  /** True when the format needs a field map (--map). */
  needsMap?: boolean;
  /** With --format, which files of a folder the format reads (default: those with one of its extensions, or none). */
  accepts?(path: string): boolean;
  read(file: SourceFile, context: { map?: LoadedMap; progress: ReadProgress }): AsyncIterable<SourceItem>;
  /**
   * The words of a file, counted from the file itself, for the text accounting (accounting/). `progress` is
   * the run's, the same object `read` was given: a reader may count a file's words while it reads it.
   */
  words(file: { path: string }, context: { map?: LoadedMap; progress: ReadProgress }): Promise<SourceTally | undefined>;
}

export const FORMATS = {
  json: { extensions: ['.json'], read: (f) => readJsonFile(f.path, f.display), words: (f) => jsonSourceWords(f.path, false) },
  jsonl: {
    extensions: ['.jsonl', '.ndjson'],
    read: (f, { progress }) => readJsonLinesFile(f.path, f.display, progress),
    words: (f) => jsonSourceWords(f.path, true),
  },
  csv: {
    extensions: ['.csv'],
    needsMap: true,
    read: (f, { map, progress }) => readCsvFile(f.path, map!.map, f.display, progress),
    words: (f, { map }) => csvSourceWords(f.path, map!.map),
  },
  tei: {
    extensions: ['.xml', '.tei'],
    // The words are counted in the reader's own parser pass (the file is parsed once), by the accounting's own counter.
    read: (f, { progress }) => readTeiFile(f, progress, teiTallies(progress).start(f.path)),
    words: (f, { progress }) => teiTallies(progress).take(f.path),
  },
  ...corpusFormat('stalin-works'),
  ...corpusFormat('prc-laws'),
  ...corpusFormat('roc-laws'),
  ...corpusFormat('japan-laws'),
  ...corpusFormat('udhr'),
  ...corpusFormat('wilson-api'),
  ...corpusFormat('jfk-records'),
} satisfies Record<ImportFormat, FormatReader>;

/** A text corpus read through its corpus map (maps/<name>.json); it claims no extension, so it is chosen with --format. */
function corpusFormat<N extends string>(name: N): Record<N, FormatReader> {
  const reader: FormatReader = {
    extensions: [],
    accepts: (path) => corpusFileMatches(name, path),
    read: (f, { progress }) => readCorpusFile(name, f, progress),
    words: (f) => corpusSourceWords(name, f.path),
  };
  return { [name]: reader } as Record<N, FormatReader>;
}

/** The TEI word counts of one run of reading (keyed by its progress object, as the TEI reader keys its volumes). */
const tallies = new WeakMap<ReadProgress, TeiTallies>();
function teiTallies(progress: ReadProgress): TeiTallies {
  let t = tallies.get(progress);
  if (!t) tallies.set(progress, (t = new TeiTallies()));
  return t;
}

export { IMPORT_FORMATS, type ImportFormat };

const EXTENSIONS: Record<string, ImportFormat> = Object.fromEntries(
  IMPORT_FORMATS.flatMap((format) => (FORMATS[format] as FormatReader).extensions.map((ext) => [ext, format])),
);

export interface SourceFile {
  path: string;
  display: string;
  format: ImportFormat;
  bytes: number;
}

/** The files to import, in order. A folder contributes every file with a known extension (or of `format`); the others go to `skipped`. */
export async function findSourceFiles(paths: string[], format?: ImportFormat, skipped?: string[]): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) throw new DossierError(`${p}: no such file or folder`);
    if (info.isDirectory()) {
      for (const file of await walk(p)) {
        const f = format ?? EXTENSIONS[extname(file).toLowerCase()];
        const accepts = format ? (FORMATS[format] as FormatReader).accepts : undefined;
        if (f && (accepts ? accepts(file) : !format || EXTENSIONS[extname(file).toLowerCase()] === format || extname(file) === '')) {
          files.push({ path: file, display: relative(process.cwd(), file) || file, format: f, bytes: (await stat(file)).size });
        } else skipped?.push(relative(process.cwd(), file) || file); // a folder's other files are listed in the report, never dropped unseen
      }
    } else {
      const f = format ?? EXTENSIONS[extname(p).toLowerCase()];
      if (!f) throw new DossierError(`${p}: cannot tell the format from the extension; give --format (${IMPORT_FORMATS.join(', ')})`);
      files.push({ path: p, display: relative(process.cwd(), p) || p, format: f, bytes: info.size });
    }
  }
  return files;
}

/**
 * Every file under `dir`, links followed (a folder of links to the real files is a common way to pick a
 * selection), each real folder walked once so that a link back up does not loop. A link to nothing is an error
 * naming it, never a file silently left out.
 */
async function walk(dir: string, seen = new Set<string>()): Promise<string[]> {
  const real = await realpath(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    const kind = e.isSymbolicLink() ? await stat(full).catch(() => undefined) : e;
    if (!kind) throw new DossierError(`${relative(process.cwd(), full) || full}: a link to a file or folder that does not exist`);
    if (kind.isDirectory()) out.push(...(await walk(full, seen)));
    else if (kind.isFile()) out.push(full);
  }
  return out;
}

/** Every item of every file, in order. `map` is required for CSV. */
export async function* readSources(files: SourceFile[], map: LoadedMap | undefined, progress: ReadProgress): AsyncIterable<SourceItem> {
  // The map's own records (its collection…) are companions: written with the first row that is written (import-service.ts),
  // so a run whose rows all fail creates nothing.
  let mapRecords: SourceItem[] =
    map && files.some((f) => (FORMATS[f.format] as FormatReader).needsMap)
      ? map.map.records.map((raw, index) => ({ locator: { file: map.display, index }, raw, companion: true }))
      : [];
  const covered = new Set<string>();
  for (const file of files) {
    const before = progress.bytesRead;
    const reader: FormatReader = FORMATS[file.format];
    if (reader.needsMap && !map) {
      throw new DossierError(`${file.display}: ${file.format.toUpperCase()} needs a field map (--map <file or name>); see docs/field-maps.md`);
    }
    for await (const item of accountItems(file, reader.read(file, { map, progress }), (f) => reader.words(f, { map, progress }), covered)) {
      if (mapRecords.length && reader.needsMap && item.raw !== undefined) {
        yield* mapRecords;
        mapRecords = [];
      }
      yield item;
    }
    progress.bytesRead = before + file.bytes;
  }
}

export interface LoadedMap {
  map: FieldMap;
  display: string;
}

/** Loads a field map from a path, or by name from the maps shipped with Dossier (`--map wilson-center-scrape`). */
export async function loadFieldMap(nameOrPath: string, builtInDir = MAPS_DIR): Promise<LoadedMap> {
  const candidates = /[/\\]|\.json$/i.test(nameOrPath) ? [nameOrPath] : [join(builtInDir, `${nameOrPath}.json`), nameOrPath];
  for (const path of candidates) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new DossierError(`${path}: the field map is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = fieldMapSchema.safeParse(json);
    if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), `${path}: not a valid field map`);
    for (const rule of parsed.data.rules) {
      if (rule.pattern) checkRegex(rule.pattern, path);
      if (rule.list && typeof rule.list === 'object') checkRegex(rule.list.split, path);
    }
    if (parsed.data.organizationPattern) checkRegex(parsed.data.organizationPattern, path);
    return { map: parsed.data, display: relative(process.cwd(), path) || path };
  }
  throw new DossierError(`No field map "${nameOrPath}" (looked for ${candidates.join(' and ')})`);
}

function checkRegex(pattern: string, file: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new DossierError(`${file}: pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
  }
}
