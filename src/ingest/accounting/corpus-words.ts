/**
 * The words of one file of a text corpus (see corpora/), counted from the
 * file as it lies — decoded text, JSON values, HTML text nodes — for the
 * text accounting. Each layout names what an import leaves out and why:
 * labels and keys, flags read as codes, links, dates read into date fields.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Parser } from 'htmlparser2';
import type { CorpusMap, Layout } from '../corpora/corpus-map.js';
import { loadCorpusMap } from '../corpora/corpus-map.js';
import { joinMojLines } from '../corpora/layouts.js';
import { SourceTally } from './source-tally.js';

export const RULES = {
  labels: 'labels and keys of the source format (header names, JSON keys, markup)',
  links: 'links (URLs): kept as links, not as text',
  dates: 'dates read into a date field (stored as a date, not as words)',
  flags: 'flags read as codes (a yes/no mark, a translation mark)',
  unmapped: (what: string) => `${what}: not mapped to any field`,
  duplicate: (what: string) => `${what}: repeats text the record already holds once`,
  pageHeadings: 'page headings (## Page N) and the file-name heading: kept as page anchors and the transcript title',
} as const;

type Counter = (text: string, path: string, map: CorpusMap) => Promise<SourceTally> | SourceTally;

/** Words of a corpus file; `undefined` when the file is not a record of this corpus. */
export async function corpusSourceWords(name: string, path: string): Promise<SourceTally | undefined> {
  const map = loadCorpusMap(name);
  if (!new RegExp(`${map.files}$`, 'u').test(path.replaceAll('\\', '/'))) return undefined;
  const text = new TextDecoder(map.encoding).decode(await readFile(path)).replace(/^\uFEFF/, '');
  return COUNTERS[map.layout](text, path, map);
}

/** Row values a map reads into a date field (their words are stored as a date). */
function dateValues(map: CorpusMap): Set<string> {
  const spec = map.fields.date;
  return new Set(spec && typeof spec === 'object' && spec.from && spec.as && spec.as !== 'text' && spec.as !== 'date-text' ? [spec.from] : []);
}

function mappedValues(map: CorpusMap): Set<string> {
  const used = new Set<string>();
  for (const spec of Object.values(map.fields)) used.add(typeof spec === 'string' ? spec : (spec.from ?? ''));
  return used;
}

function keyValueText(text: string, _path: string, map: CorpusMap): SourceTally {
  const tally = new SourceTally();
  const lines = text.split(/\r?\n/);
  const used = mappedValues(map);
  const dates = dateValues(map);
  let i = 0;
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const m = /^([^:]+):\s*(.*)$/.exec(lines[i]!);
    if (!m) {
      tally.count(lines[i]);
      continue;
    }
    const [, key = '', value = ''] = m;
    tally.leaveOut(RULES.labels, key);
    if (map.translatedFrom?.field === key.trim()) tally.leaveOut(RULES.flags, value);
    else if (dates.has(key.trim()) && !/\p{L}/u.test(value)) tally.count(value); // a bare year is kept as the date "1901"
    else if (used.has(key.trim())) tally.count(value);
    else tally.leaveOut(RULES.unmapped(`header field "${key.trim()}"`), value);
  }
  tally.count(lines.slice(i).join('\n'));
  return tally;
}

function datedMarkdown(text: string): SourceTally {
  const tally = new SourceTally();
  tally.leaveOut(RULES.labels, (text.match(/<!--\s*INFO END\s*-->/g) ?? []).join(' '));
  tally.count(text.replace(/<!--\s*INFO END\s*-->/g, ' '));
  return tally;
}

/** Keys of the MOJ law JSON and what becomes of them. */
const MOJ_LEFT_OUT: Record<string, string> = {
  法規網址: RULES.links,
  下載網址: RULES.links,
  是否英譯註記: RULES.flags,
  廢止註記: RULES.flags,
};

function mojJson(text: string, path: string, map: CorpusMap): SourceTally {
  const tally = new SourceTally();
  const walk = (raw: unknown, key: string | undefined, english: boolean) => {
    // The format's own wraps (an indented continuation, a full 32-character line) can fall inside a word or a number.
    const value = typeof raw === 'string' ? joinMojLines(raw) : raw;
    if (typeof value === 'string') {
      const rule = key && MOJ_LEFT_OUT[key];
      if (rule) tally.leaveOut(rule, value);
      else if (english && (key === '中文法規名稱' || key === '法規性質')) tally.leaveOut(RULES.duplicate('the English file\'s Chinese title and kind (中文法規名稱, 法規性質)'), value);
      else tally.count(value);
    } else if (Array.isArray(value)) for (const v of value) walk(v, key, english);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        tally.leaveOut(RULES.labels, k);
        walk(v, k, english);
      }
    }
  };
  walk(JSON.parse(text), undefined, false);
  const englishPath = join(dirname(dirname(path)), String(map.options.translationFolder ?? 'Eng_FalVMingLing'), basename(path));
  if (existsSync(englishPath)) walk(JSON.parse(readFileSyncUtf8(englishPath)), undefined, true);
  return tally;
}

/** The translation is read with its original (one record), so it is counted with it. */
function readFileSyncUtf8(path: string): string {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}

/** Elements inside a line of text: their text runs on into the words around them. */
const INLINE_HTML = new Set([
  'a', 'b', 'i', 'u', 's', 'em', 'strong', 'sub', 'sup', 'span', 'font', 'small', 'big', 'code', 'tt', 'abbr', 'cite', 'q', 'mark',
  'ruby', 'rb', 'rt', 'rp', 'strike', 'del', 'ins',
]);

/** Text nodes of an HTML page, by the element they sit in. */
export function htmlText(html: string, onText: (text: string, open: string[]) => void): void {
  const open: string[] = [];
  const parser = new Parser(
    {
      onopentag(name) {
        open.push(name);
        if (!INLINE_HTML.has(name)) onText(' ', open);
      },
      ontext(t) {
        onText(t, open);
      },
      onclosetag(name) {
        if (!INLINE_HTML.has(name)) onText(' ', open);
        open.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
}

function egovHtml(text: string): SourceTally {
  const tally = new SourceTally();
  let body = '';
  htmlText(text, (t, open) => {
    if (open.includes('style') || open.includes('script')) tally.leaveOut('style sheet of the page', t);
    else if (open.includes('title')) tally.leaveOut(RULES.duplicate('the page <TITLE> (the law\'s heading)'), t);
    else body += t;
  });
  tally.count(body);
  return tally;
}

function udhrHtml(text: string): SourceTally {
  const tally = new SourceTally();
  let body = '';
  htmlText(text, (t, open) => {
    if (open.includes('style') || open.includes('script')) tally.leaveOut('style sheet of the page', t);
    else if (open.includes('title')) tally.leaveOut('the page <title>: names the language, which the record holds as a code', t);
    else body += t;
  });
  tally.count(body);
  return tally;
}

/** Keys of a Wilson Center API object that are not text of the document. */
const WCDA_LEFT_OUT: Record<string, string> = {
  id: 'record numbers and codes of the API (id, asset, content type, extension, flags)',
  asset_id: 'record numbers and codes of the API (id, asset, content type, extension, flags)',
  content_type: 'record numbers and codes of the API (id, asset, content type, extension, flags)',
  extension: 'record numbers and codes of the API (id, asset, content type, extension, flags)',
  is_inactive: 'record numbers and codes of the API (id, asset, content type, extension, flags)',
  pdf: 'record numbers and codes of the API (id, asset, content type, extension, flags)',
  filename: 'record numbers and codes of the API (id, asset, content type, extension, flags)',
  slug: 'record numbers and codes of the API (id, asset, content type, extension, flags)',
  url: RULES.links,
  main_src: RULES.links,
  thumb_src: RULES.links,
  source_created_at: 'timestamps of the API (not dates of the document)',
  source_updated_at: 'timestamps of the API (not dates of the document)',
  first_published_at: 'timestamps of the API (not dates of the document)',
  value: RULES.duplicate('the collection\'s "value" (its name again)'),
  raw: RULES.duplicate('the transcript\'s "raw" (the same HTML as "html")'),
};

function wcdaApiJson(text: string): SourceTally {
  const tally = new SourceTally();
  const data = JSON.parse(text) as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    tally.leaveOut(RULES.labels, key);
    if (typeof value !== 'string') continue;
    const rule = WCDA_LEFT_OUT[key];
    if (rule) tally.leaveOut(rule, value);
    else if (key === 'html' || key === 'description') {
      let body = '';
      htmlText(value, (t, open) => {
        if (open.includes('style') || open.includes('script')) tally.leaveOut('style sheet of the page', t);
        else body += t;
      });
      tally.count(body);
    }
    else tally.count(value);
  }
  return tally;
}

function naraOcr(text: string): SourceTally {
  const tally = new SourceTally();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    // Line 1 names the PDF (`# DOCID-32206291`); `## Page N` opens a page. Every other line is OCR text, `# ` or not.
    if ((i === 0 && /^#\s/.test(line)) || /^##\s*Page\s+\d+\s*$/i.test(line)) tally.leaveOut(RULES.pageHeadings, line);
    else tally.count(line);
  });
  return tally;
}

const COUNTERS: Record<Layout, Counter> = {
  'key-value-text': keyValueText,
  'dated-markdown': datedMarkdown,
  'moj-json': mojJson,
  'egov-html': egovHtml,
  'udhr-html': udhrHtml,
  'wcda-api-json': wcdaApiJson,
  'nara-ocr': naraOcr,
};
