/**
 * Layouts: how one file of a corpus is read into a flat row — named values
 * for the corpus map to pick from, and the texts (original or translation)
 * as rich text. One function per kind of file, no corpus knowledge beyond
 * the file's own format; the map does the rest.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Parser } from 'htmlparser2';
import { canonicalLanguageTag } from '../../domain/language.js';
import { escapeHtml, htmlToText, linesToHtml, sanitizeRichText } from '../../domain/rich-text.js';
import type { CorpusMap, Layout } from './corpus-map.js';

export interface Text {
  language: string;
  html: string;
  title?: string;
  note?: string;
  /** A translation of the document (the original being another text or lost). */
  translation?: boolean;
}

export interface Row {
  values: Record<string, string | undefined>;
  texts: Text[];
  warnings: string[];
  /** A record the file describes that is not a document (an API collection object). */
  record?: Record<string, unknown>;
  /** Language the file itself declares (`<html lang>`). */
  language?: string;
}

export type LayoutReader = (text: string, path: string, map: CorpusMap) => Row | undefined;

/**
 * `Key: value` lines, a blank line, then the text (Stalin's collected works). CRLF line ends;
 * each line of the text is a paragraph.
 */
function keyValueText(text: string, _path: string, map: CorpusMap): Row {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const values: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const m = /^([^:]+):\s*(.*)$/.exec(lines[i]!);
    if (m) values[m[1]!.trim()] = m[2]!.trim();
  }
  return { values, texts: [{ language: map.language ?? 'und', html: linesToHtml(lines.slice(i + 1).join('\n')) }], warnings: [] };
}

/**
 * PRC law Markdown: `# title`, history lines (`1958年3月17日 国务院批准`, an event may wrap onto a line of its own),
 * `<!-- INFO END -->`, then the text with `##`/`###` headings. Values: `title`, `history` (lines joined by "; "),
 * `firstDate` (the first history line with a date), `fileDate` (the version date in the file name).
 */
function datedMarkdown(text: string, path: string, map: CorpusMap): Row {
  const [head = '', body = ''] = text.replace(/^\uFEFF/, '').split(/<!--\s*INFO END\s*-->/);
  const headLines = head.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const title = headLines.find((l) => l.startsWith('# '))?.slice(2).trim();
  const history: string[] = [];
  for (const line of headLines.filter((l) => !l.startsWith('#'))) {
    // A line without a date continues the event above it ("1958年4月19日 交通部" / "水产部发布").
    if (/^\d{4}\s*年/.test(line) || history.length === 0) history.push(line);
    else history[history.length - 1] += line;
  }
  const html = markdownBlocks(body.split(/\r?\n/).map((l) => l.trim()).filter(Boolean));
  const fileDate = /\((\d{4}-\d{2}-\d{2})\)\.md$/.exec(basename(path))?.[1];
  return {
    values: { title, history: history.join('; ') || undefined, firstDate: history.find((h) => /^\d{4}\s*年/.test(h)), fileDate },
    texts: [{ language: map.language ?? 'zh-Hans', html }],
    warnings: [],
  };
}

/**
 * MOJ law JSON strings carry the print layout's hard line breaks (CRLF). Two kinds are wraps, joined with
 * nothing between (Chinese has no word spaces): a line followed by an indented one, and a Chinese line filled
 * to the fixed width of 32 full-width characters (64 columns) that does not end a sentence. Every other break
 * is the source's own (a new paragraph or item) and is kept. A full line ending with 。：；！？ is kept too: a
 * sentence that ends at the margin may as well close its paragraph, and keeping the break splits no word.
 */
export function joinMojLines(s: string): string {
  const lines = s.replace(/\r\n?[ \t\u3000]+(?=\S)/g, '').split(/\r\n?|\n/);
  let out = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1]!;
    out += isMojWrap(previous) ? lines[i] : `\n${lines[i]}`;
  }
  return out;
}

const MOJ_WRAP_COLUMNS = 64;

function isMojWrap(line: string): boolean {
  if (!/\p{Script=Han}/u.test(line) || /[。：；！？]$/.test(line)) return false;
  let columns = 0;
  for (const ch of line) columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return columns === MOJ_WRAP_COLUMNS;
}

/** The law's listed attachments (附件: file name and download link), kept as a list of links after the articles. */
function mojAttachments(data: Record<string, unknown>, english: boolean): string {
  const files = Array.isArray(data['附件']) ? (data['附件'] as Record<string, unknown>[]) : [];
  const items = files
    .filter((f) => typeof f?.['檔案名稱'] === 'string')
    .map((f) => {
      const url = typeof f['下載網址'] === 'string' && /^https?:\/\//i.test(f['下載網址']) ? f['下載網址'] : undefined;
      const name = escapeHtml(String(f['檔案名稱']).trim());
      return `<li>${url ? `<a href="${escapeHtml(url)}">${name}</a>` : name}</li>`;
    });
  return items.length ? `<h3>${english ? 'Attachments' : '附件'}</h3>\n<ul>${items.join('')}</ul>` : '';
}

/** Entry into force (生效日期, 生效內容) when the law states it apart from its history. */
function mojInForce(data: Record<string, unknown>): string {
  const date = typeof data['生效日期'] === 'string' ? data['生效日期'].trim() : '';
  const text = typeof data['生效內容'] === 'string' ? joinMojLines(data['生效內容']).trim() : '';
  return date || text ? `<p class="in-force">生效：${escapeHtml([date, text].filter(Boolean).join(' '))}</p>` : '';
}

function mojArticles(data: Record<string, unknown>, english = false): string {
  const parts: string[] = [];
  if (typeof data['前言'] === 'string' && data['前言'].trim()) parts.push(linesToHtml(joinMojLines(data['前言'])));
  for (const entry of (data['法規內容'] as Record<string, string>[] | undefined) ?? []) {
    if (entry['編章節']) parts.push(`<h3>${escapeHtml(joinMojLines(entry['編章節']).trim())}</h3>`);
    if (entry['條文內容'] !== undefined) {
      const lines = joinMojLines(entry['條文內容']).split('\n').map((l) => l.trim()).filter(Boolean);
      const label = entry['條號'] ? `<strong>${escapeHtml(entry['條號'].trim())}</strong> ` : '';
      parts.push(`<p>${label}${lines.map(escapeHtml).join('<br>')}</p>`);
    }
  }
  parts.push(mojInForce(data), mojAttachments(data, english));
  return parts.filter(Boolean).join('\n');
}

/**
 * ROC Ministry of Justice law JSON (Chinese keys), with the official English translation read from the
 * parallel folder (`Eng_FalVMingLing/<PCode>.json` beside `FalVMingLing/`) when there is one.
 */
function mojJson(text: string, path: string, map: CorpusMap): Row {
  const data = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  const str = (k: string, d = data) => (typeof d[k] === 'string' ? joinMojLines(d[k] as string).trim() || undefined : undefined);
  const history = str('沿革內容');
  const values: Record<string, string | undefined> = {
    title: str('法規名稱'),
    kind: str('法規性質'),
    category: str('法規類別'),
    url: str('法規網址'),
    updated: str('最新異動日期'),
    abolished: data['廢止註記'] === '廢' ? 'yes' : undefined,
    history,
    firstHistory: undefined,
    englishTitle: str('英文法規名稱'),
  };
  const texts: Text[] = [{ language: map.language ?? 'zh-Hant', html: mojArticles(data) }];
  const warnings: string[] = [];
  // History entries are numbered in order ("1.", "2.…"). A first entry without a date (left blank for an
  // enactment the source does not date) is skipped: the law is dated by the next dated entry, and the report says so.
  const entries = (history ?? '').split('\n').map((e) => e.replace(/^\d+\.\s*/, '').trim());
  // A dated entry names a year (中華民國七十八年…); the first such entry dates the law.
  const dated = entries.findIndex((e) => /年/.test(e));
  values.firstHistory = dated < 0 ? undefined : entries[dated];
  if (dated > 0) warnings.push(`history entry 1 has no date: the law is dated by entry ${dated + 1} ("${entries[dated]!.slice(0, 40)}…")`);
  const englishDir = String(map.options.translationFolder ?? 'Eng_FalVMingLing');
  const englishPath = join(dirname(dirname(path)), englishDir, basename(path));
  if (existsSync(englishPath)) {
    const en = JSON.parse(readFileSync(englishPath, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
    const enUpdated = str('最新英文異動日期', en);
    const older = enUpdated && values.updated && enUpdated !== values.updated;
    if (older) warnings.push(`the English translation (${enUpdated}) is of an older version than the Chinese text (${values.updated})`);
    // The English file's own history (沿革內容, in English) travels with the translation, in its note.
    const enHistory = str('沿革內容', en);
    const version = older
      ? `Official translation of the version of ${enUpdated}; the Chinese text was last amended on ${values.updated}.`
      : `Official translation${enUpdated ? ` (version of ${enUpdated})` : ''}.`;
    texts.push({
      language: 'en',
      title: str('英文法規名稱', en),
      html: mojArticles(en, true),
      translation: true,
      note: enHistory ? `${version}\nHistory: ${enHistory}` : version,
    });
    values.englishUrl = str('法規網址', en);
  } else if (data['是否英譯註記'] === 'Y') {
    warnings.push('marked as translated into English, but the translation file is not here');
  }
  return { values, texts, warnings };
}

/** Elements of an HTML page as a small list of blocks, for the two HTML layouts. */
function htmlBlocks(html: string): { tag: string; text: string; attrs: Record<string, string> }[] {
  const blocks: { tag: string; text: string; attrs: Record<string, string> }[] = [];
  const stack: { tag: string; attrs: Record<string, string>; text: string }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        stack.push({ tag: name, attrs, text: '' });
      },
      ontext(t) {
        for (const s of stack) s.text += t;
      },
      onclosetag(name) {
        const top = stack.pop();
        if (top && top.tag === name) blocks.push({ tag: name, text: top.text, attrs: top.attrs });
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return blocks;
}

/**
 * The Markdown of the law texts, line by line: `#`–`######` headings (an empty one, `##` alone, is no
 * heading and no text either), pipe tables (`| a | b |`, its `|---|` rule dropped), and paragraphs.
 */
export function markdownBlocks(lines: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^#{1,6}(?:\s+(.*))?$/.exec(line);
    if (heading) {
      if (heading[1]?.trim()) out.push(`<h3>${escapeHtml(heading[1].trim())}</h3>`);
      continue;
    }
    if (line.startsWith('|')) {
      const rows: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) {
        const cells = lines[i]!.replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
        if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
        rows.push(`<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
      }
      i--;
      out.push(`<table><tbody>${rows.join('')}</tbody></table>`);
      continue;
    }
    out.push(`<p>${escapeHtml(line)}</p>`);
  }
  return out.join('\n');
}

/** Elements that break e-Gov text into lines; everything else (A, B, SUB…) runs on inside a line. */
const EGOV_BREAKS = new Set(['br', 'p', 'div', 'table', 'tr', 'td', 'th', 'li', 'h1', 'h2', 'h3', 'h4', 'center']);

/**
 * The lines of e-Gov law HTML. Only the markup separates lines (`<BR>`, `<DIV>`, `<P>`, table cells): a
 * line break inside the HTML source is the crawler's layout, and is dropped between Japanese characters
 * (which have no word spaces) and read as a space elsewhere. Reading source breaks as paragraphs split
 * sentences, so text across them could not be found.
 */
export function egovLines(html: string): string[] {
  let text = '';
  const parser = new Parser(
    {
      onopentag(name) {
        if (EGOV_BREAKS.has(name)) text += '\n';
      },
      ontext(t) {
        text += t.replace(/[ \t]*\r?\n[ \t]*/g, '\u0000');
      },
      onclosetag(name) {
        if (EGOV_BREAKS.has(name) && name !== 'br') text += name === 'td' || name === 'th' ? ' ' : '\n';
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
  return text
    .replace(/(.?)\u0000+(.?)/gsu, (_, a: string, b: string) => `${a}${a && b && !cjk.test(a) && !cjk.test(b) && a !== '\n' && b !== '\n' ? ' ' : ''}${b}`)
    .split('\n')
    .map((l) => l.replace(/[ \t\r\n]+/g, ' ').trim()) // the ideographic space (U+3000) is the law's own
    .filter(Boolean);
}

/**
 * e-Gov law HTML (Shift_JIS, decoded by the reader): `<TITLE>`, the first `<B>` with the title and
 * `（昭和二十一年十一月三日憲法）` (promulgation date and law number, also kept as the text's first line),
 * `最終改正：…` (last amendment, kept in the notes), then the text.
 */
function egovHtml(text: string): Row {
  const title = /<TITLE>([\s\S]*?)<\/TITLE>/i.exec(text)?.[1]?.trim();
  const firstB = /<B>([\s\S]*?)<\/B>/i.exec(text)?.[1] ?? '';
  const heading = egovLines(firstB);
  const promulgation = /[（(]([^（）()]*?)[）)]\s*$/.exec(heading.join('').replace(/\s+/g, ''))?.[1];
  const amended = /最終改正：([^<]*)/.exec(text)?.[1]?.trim();
  const bodyStart = text.search(/<\/B>/i);
  const lines = egovLines(text.slice(bodyStart >= 0 ? bodyStart + 4 : 0).replace(/<DIV ALIGN="right">[\s\S]*?<\/DIV>/i, ''));
  // The heading's lines after the title (the promulgation parenthesis) open the text, as printed.
  const printed = heading.slice(1);
  return {
    values: { title, promulgation, amended },
    texts: [{ language: 'ja', html: linesToHtml([...printed, ...lines].join('\n')) }],
    warnings: [],
  };
}

/** A UDHR page: `<html lang>`, `<title>` naming the language, `<h1>` and article `<h2>`/`<p>`. */
function udhrHtml(text: string, path: string, map: CorpusMap): Row {
  const code = basename(path, '.html');
  // The map can correct a page's own tag (cmn_hans says only "zh"; deu_1996 "de-1996", a variant BCP 47 subset here refuses).
  const override = (map.options.languages as Record<string, string> | undefined)?.[code];
  const lang = override ?? /<html[^>]*\slang="([^"]+)"/i.exec(text)?.[1];
  const language = lang ? canonicalLanguageTag(lang) : undefined;
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(text)?.[1] ?? '';
  const h1 = htmlBlocks(body).find((b) => b.tag === 'h1')?.text.trim();
  const html = sanitizeRichText(body.replace(/<h1[\s\S]*?<\/h1>/i, '').replace(/<(\/?)header>/g, '<$1section>'));
  const warnings = language ? [] : [`no usable lang attribute in ${basename(path)}`];
  return {
    values: { title: h1, languageName: /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim(), code },
    texts: [{ language: language ?? 'und', html }],
    warnings,
    language,
  };
}

/** Wilson Center Digital Archive API objects: a collection (`name`, `slug`, `description`) or a transcript (`raw`/`html`). */
function wcdaApiJson(text: string, _path: string, map: CorpusMap): Row | undefined {
  const data = JSON.parse(text) as Record<string, string | undefined>;
  if (data.slug && data.name) {
    return {
      values: {},
      texts: [],
      warnings: [],
      record: {
        kind: 'collection',
        id: `wcda-collection-${data.id}`,
        title: data.name,
        ...(data.short_description ? { shortDescription: data.short_description } : {}),
        ...(data.description ? { description: data.description } : {}),
        ...(map.collection.id ? { parent: map.collection.id } : {}),
      },
    };
  }
  const html = data.html ?? data.raw;
  if (!html) return undefined;
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const clean = sanitizeRichText(body);
  const declared = /xml:lang="([^"]+)"/.exec(html)?.[1];
  const plain = htmlToText(clean);
  const cyrillic = (plain.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (plain.match(/\p{Script=Latin}/gu) ?? []).length;
  // The API's xml:lang says "en" for Russian text; the script decides.
  const language = cyrillic > latin ? 'ru' : (declared ?? map.language ?? 'und');
  const warnings = declared && canonicalLanguageTag(declared) !== language ? [`the transcript declares xml:lang="${declared}" but is written in ${language === 'ru' ? 'Russian (Cyrillic)' : language}`] : [];
  return {
    values: { id: data.id, filename: data.filename, asset: data.asset_id, url: data.url, created: data.source_created_at?.slice(0, 10) },
    texts: [{ language, html: clean }],
    warnings,
  };
}

export const LAYOUT_READERS: Record<Exclude<Layout, 'nara-ocr'>, LayoutReader> = {
  'key-value-text': keyValueText,
  'dated-markdown': datedMarkdown,
  'moj-json': mojJson,
  'egov-html': egovHtml,
  'udhr-html': udhrHtml,
  'wcda-api-json': wcdaApiJson,
};
