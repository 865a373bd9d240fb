/**
 * Reads the shared corpora (../shared/data) as plain text pieces for the
 * benchmarks: FRUS TEI (streamed with saxes: one piece per
 * div[@type="document"], title from <head>, date from the first @when), JFK
 * OCR, Stalin's works, PRC and ROC laws, Japanese laws (Shift_JIS HTML) and
 * the UDHR in 17 languages. The result is cached as JSON under /tmp, so later
 * runs start at once.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SaxesParser } from 'saxes';

export interface Piece {
  corpus: 'frus' | 'jfk' | 'stalin' | 'prc' | 'roc' | 'japan' | 'udhr';
  /** Stable id: corpus and file (and document id for FRUS). */
  id: string;
  lang: string;
  title: string;
  paragraphs: string[];
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD) when the source gives one. */
  date?: string;
  /** FRUS volume, JFK release, Stalin volume…: a sub-collection. */
  group: string;
}

export function sharedData(): string {
  return process.env.DOSSIER_TEST_DATA ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** FRUS volumes: one piece per document. */
export function readFrus(root = join(sharedData(), 'frus'), only?: string[]): Piece[] {
  const pieces: Piece[] = [];
  for (const file of readdirSync(root).filter((f) => f.endsWith('.xml')).sort()) {
    const volume = basename(file, '.xml');
    if (only && !only.includes(volume)) continue;
    const parser = new SaxesParser({ xmlns: false });
    let depth = 0;
    let docDepth = -1;
    let current: { id: string; title: string; paragraphs: string[]; date?: string } | undefined;
    let inHead = false;
    let inNote = 0;
    let para = '';
    let inPara = false;
    parser.on('opentag', (tag) => {
      depth++;
      const name = tag.name.replace(/^.*:/, '');
      const attrs = tag.attributes as Record<string, string>;
      if (name === 'div' && attrs.type === 'document' && !current) {
        current = { id: attrs['xml:id'] ?? `d${pieces.length}`, title: '', paragraphs: [] };
        docDepth = depth;
      }
      if (!current) return;
      if (name === 'head' && current.title === '' && !inHead) inHead = true;
      if (name === 'note') inNote++;
      if (name === 'date' && !current.date) {
        const when = attrs.when ?? attrs.notBefore ?? attrs['frus:doc-dateTime-min'];
        const m = when ? /^(\d{4})(-\d{2})?(-\d{2})?/.exec(when) : null;
        if (m && Number(m[1]) > 1700) current.date = m[0];
      }
      if ((name === 'p' || name === 'item' || name === 'closer' || name === 'dateline') && inNote === 0) {
        inPara = true;
        para = '';
      }
    });
    parser.on('text', (t) => {
      if (!current) return;
      if (inHead) current.title += t;
      else if (inPara && inNote === 0) para += t;
    });
    parser.on('closetag', (tag) => {
      const name = tag.name.replace(/^.*:/, '');
      if (current) {
        if (name === 'head' && inHead) inHead = false;
        if (name === 'note') inNote = Math.max(0, inNote - 1);
        if ((name === 'p' || name === 'item' || name === 'closer' || name === 'dateline') && inPara) {
          inPara = false;
          const text = clean(para);
          if (text) current.paragraphs.push(text);
        }
        if (name === 'div' && depth === docDepth) {
          const title = clean(current.title).replace(/^\d+\.\s*/, '');
          if (current.paragraphs.length > 0) {
            pieces.push({ corpus: 'frus', id: `${volume}/${current.id}`, lang: 'en', title: title || `Document ${current.id}`, paragraphs: current.paragraphs, date: current.date, group: volume });
          }
          current = undefined;
          docDepth = -1;
        }
      }
      depth--;
    });
    parser.write(readFileSync(join(root, file), 'utf8').replace(/^\uFEFF/, '')).close();
  }
  return pieces;
}

function readJfk(root: string): Piece[] {
  return walk(join(root, 'jfk-records', 'releases'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const text = readFileSync(f, 'utf8');
      const paragraphs = text.split(/\n\s*\n/).map(clean).filter((p) => p && !p.startsWith('#') && p !== '---');
      const release = f.split('/releases/')[1]!.split('/')[0]!;
      const year = /(19[4-9]\d)/.exec(text)?.[1];
      return { corpus: 'jfk' as const, id: `jfk/${basename(f, '.md')}`, lang: 'en', title: clean(text.split('\n')[0]!.replace(/^#\s*/, '')), paragraphs, date: year, group: `jfk-${release}` };
    });
}

function readStalin(root: string): Piece[] {
  return walk(join(root, 'stalin-works')).map((f) => {
    const text = readFileSync(f, 'utf8').replace(/\r/g, '');
    const [header = '', ...body] = text.split('\n\n');
    const field = (k: string) => new RegExp(`^${k}: ?(.*)$`, 'm').exec(header)?.[1]?.trim() ?? '';
    return {
      corpus: 'stalin' as const, id: `stalin/${f.split('stalin-works/')[1]}`, lang: 'ru', title: field('Subject') || field('Type'),
      paragraphs: body.join('\n').split('\n').map(clean).filter(Boolean), date: field('Year') || undefined, group: `stalin-${field('Volume')}`,
    };
  });
}

function readPrc(root: string): Piece[] {
  return walk(join(root, 'prc-laws'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const text = readFileSync(f, 'utf8');
      const title = clean(/^#\s*(.*)$/m.exec(text)?.[1] ?? basename(f, '.md'));
      const date = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
      const body = text.split('<!-- INFO END -->')[1] ?? text;
      return {
        corpus: 'prc' as const, id: `prc/${f.split('prc-laws/')[1]}`, lang: 'zh-Hans', title,
        paragraphs: body.split('\n').map((l) => clean(l.replace(/^#+\s*/, ''))).filter(Boolean),
        date: date ? `${date[1]}-${date[2]!.padStart(2, '0')}-${date[3]!.padStart(2, '0')}` : undefined, group: f.split('prc-laws/')[1]!.split('/')[0]!,
      };
    });
}

function readRoc(root: string): Piece[] {
  const out: Piece[] = [];
  for (const folder of ['FalVMingLing', 'Eng_FalVMingLing']) {
    const dir = join(root, 'roc-laws', folder);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const j = JSON.parse(readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
      const english = folder.startsWith('Eng');
      const items = (j['法規內容'] ?? j['LawArticles'] ?? []) as Record<string, string>[];
      const paragraphs = items.map((a) => clean(Object.values(a).join(' '))).filter(Boolean);
      const d = String(j['最新異動日期'] ?? j['LawModifiedDate'] ?? '');
      out.push({
        corpus: 'roc', id: `roc/${folder}/${f}`, lang: english ? 'en' : 'zh-Hant', title: String(j['法規名稱'] ?? j['LawName'] ?? f),
        paragraphs, date: /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : undefined, group: english ? 'roc-en' : 'roc',
      });
    }
  }
  return out.filter((p) => p.paragraphs.length > 0);
}

function readJapan(root: string): Piece[] {
  const decoder = new TextDecoder('shift_jis');
  return walk(join(root, 'japan-laws-2013'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => {
      const html = decoder.decode(readFileSync(f));
      const title = clean((/<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ''));
      const body = html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<\/(div|p|tr|br)>|<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, '').replace(/&nbsp;/g, ' ');
      const era = /昭和([一二三四五六七八九十]+)年/.exec(html);
      return { corpus: 'japan' as const, id: `japan/${basename(f).slice(0, 16)}`, lang: 'ja', title, paragraphs: body.split('\n').map(clean).filter(Boolean), date: era ? undefined : undefined, group: 'japan-laws' };
    })
    .filter((p) => p.paragraphs.length > 0);
}

function readUdhr(root: string): Piece[] {
  return readdirSync(join(root, 'udhr')).map((f) => {
    const html = readFileSync(join(root, 'udhr', f), 'utf8');
    const lang = /<html[^>]*lang="([^"]+)"/.exec(html)?.[1] ?? 'und';
    const body = html.replace(/<\/(h\d|p|li)>/g, '\n').replace(/<[^>]+>/g, '');
    return { corpus: 'udhr' as const, id: `udhr/${f}`, lang, title: clean(/<title>(.*?)<\/title>/.exec(html)?.[1] ?? f), paragraphs: body.split('\n').map(clean).filter(Boolean), date: '1948-12-10', group: 'udhr' };
  });
}

/** Every corpus as pieces; cached under `cacheDir`. */
export function loadCorpora(cacheDir: string): Piece[] {
  const cache = join(cacheDir, 'corpus-v1.json');
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as Piece[];
  const root = sharedData();
  if (!existsSync(root)) throw new Error(`The shared corpora are not at ${root}; set DOSSIER_TEST_DATA.`);
  const pieces = [...readFrus(join(root, 'frus')), ...readJfk(root), ...readStalin(root), ...readPrc(root), ...readRoc(root), ...readJapan(root), ...readUdhr(root)];
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cache, JSON.stringify(pieces));
  return pieces;
}
