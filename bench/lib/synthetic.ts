/**
 * A million documents from real text: each synthetic document draws whole
 * paragraphs of one corpus (FRUS, JFK, Stalin, PRC/ROC/Japanese laws, UDHR)
 * at random, varies some words with other words of the same corpus, and gets
 * a title, a date at a random precision and catalogue values (collection,
 * type, languages, people, places, subjects, funders…) for the facets.
 * Document i is a pure function of i, so the benchmark can rebuild any hit's
 * text for snippets without storing a million texts.
 * @module
 */
import type { Document } from '../../src/domain/document.js';
import type { IndexEntry } from '../../src/backends/search-index.js';
import type { Piece } from './corpus.js';

/** Share of documents drawn from each corpus. */
const MIX: [Piece['corpus'], number][] = [['frus', 0.4], ['jfk', 0.25], ['stalin', 0.1], ['prc', 0.08], ['roc', 0.07], ['japan', 0.07], ['udhr', 0.03]];
const TYPES = ['cable', 'telegram', 'memorandum', 'memorandum-of-conversation', 'letter', 'report', 'speech', 'minutes', 'law', 'diary'];
const MARKS = ['Secret', 'Confidential', 'Top Secret', 'Unclassified', 'Limited Official Use', 'Eyes Only'];
const FUNDERS = ['funder-a', 'funder-b', 'funder-c', 'funder-d', 'funder-e'];
const SUBJECTS = Array.from({ length: 40 }, (_, i) => `subject-${i}`);
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** mulberry32: a small, fast, seedable generator. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pool {
  pieces: Piece[];
  paragraphs: string[];
  /** Which piece each paragraph came from. */
  owner: number[];
}

export interface SyntheticDoc {
  id: string;
  corpus: Piece['corpus'];
  title: string;
  text: string;
  lang: string;
  date?: string;
  entry: IndexEntry;
}

export class SyntheticArchive {
  readonly #pools = new Map<Piece['corpus'], Pool>();
  readonly #cumulative: [Piece['corpus'], number][] = [];

  constructor(pieces: Piece[]) {
    for (const p of pieces) {
      let pool = this.#pools.get(p.corpus);
      if (!pool) this.#pools.set(p.corpus, (pool = { pieces: [], paragraphs: [], owner: [] }));
      const index = pool.pieces.push(p) - 1;
      for (const para of p.paragraphs) {
        if (para.length < 20) continue;
        pool.paragraphs.push(para);
        pool.owner.push(index);
      }
    }
    let acc = 0;
    for (const [corpus, share] of MIX) {
      if (!this.#pools.get(corpus)?.paragraphs.length) continue;
      acc += share;
      this.#cumulative.push([corpus, acc]);
    }
  }

  doc(i: number): SyntheticDoc {
    const r = rng(i * 2654435761 + 17);
    const pick = r() * this.#cumulative[this.#cumulative.length - 1]![1];
    const corpus = this.#cumulative.find(([, c]) => pick < c)![0];
    const pool = this.#pools.get(corpus)!;
    const start = Math.floor(r() * pool.paragraphs.length);
    const piece = pool.pieces[pool.owner[start]!]!;
    const cjk = CJK.test(pool.paragraphs[start]!);
    const target = 150 + Math.floor(r() * 500);
    const parts: string[] = [];
    let words = 0;
    for (let k = 0; words < target && k < 60; k++) {
      // Mostly consecutive paragraphs of one piece (a document reads on), sometimes a jump elsewhere in the corpus.
      const at = r() < 0.8 ? (start + k) % pool.paragraphs.length : Math.floor(r() * pool.paragraphs.length);
      let para = pool.paragraphs[at]!;
      if (cjk) {
        const cut = Math.floor(r() * Math.max(1, para.length - 40));
        para = r() < 0.3 ? para.slice(cut) : para;
        words += para.length / 2;
      } else {
        const ws = para.split(' ');
        for (let v = 0; v < ws.length; v++) {
          if (r() < 0.04) {
            const other = pool.paragraphs[Math.floor(r() * pool.paragraphs.length)]!.split(' ');
            ws[v] = other[Math.floor(r() * other.length)]!;
          }
        }
        para = ws.join(' ');
        words += ws.length;
      }
      parts.push(para);
    }
    const text = parts.join('\n');
    const title = piece.title.length > 3 ? piece.title.slice(0, 200) : (parts[0] ?? '').slice(0, 80);
    const date = this.#date(piece, r);
    const lang = piece.lang;
    const id = `b${i}`;
    const people = Array.from({ length: Math.floor(r() * 4) }, () => `person-${zipf(r, 3000)}`);
    const places = Array.from({ length: Math.floor(r() * 3) }, () => `place-${zipf(r, 800)}`);
    const translated = lang !== 'en' && r() < 0.3;
    const document = {
      id, title, date, summary: undefined, type: TYPES[Math.floor(r() * TYPES.length)],
      classification: r() < 0.5 ? [MARKS[Math.floor(r() * MARKS.length)]!] : [],
      languages: [lang],
      translations: translated ? [{ language: 'en', html: `<p>${escape(parts[0] ?? '')}</p>`, translators: [] }] : [],
      transcripts: [{ language: lang, html: parts.map((p) => `<p>${escape(p)}</p>`).join(''), title: undefined }],
      media: r() < 0.4 ? [{ kind: 'pdf', url: `media/${id}.pdf` }] : [],
      source: { repository: `repo-${corpus}`, obtainedBy: [], translatedBy: [] },
      funders: r() < 0.3 ? [FUNDERS[Math.floor(r() * FUNDERS.length)]!] : [],
      subjects: [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => SUBJECTS[zipf(r, SUBJECTS.length)]!))],
      agents: [...new Set(people)].map((p) => ({ id: p, role: 'mentioned' })),
      places: [...new Set(places)].map((p) => ({ id: p, role: 'mentioned' })),
      collections: [{ id: corpus }, { id: piece.group }],
      related: [], identifiers: [], releases: [], status: 'published', sample: false,
    } as unknown as Document;
    const entry: IndexEntry = {
      document,
      names: [],
      authorities: [
        ...[...new Set(people)].map((p) => ({ kind: 'person' as const, id: p, names: [] })),
        ...[...new Set(places)].map((p) => ({ kind: 'place' as const, id: p, names: [] })),
      ],
    };
    return { id, corpus, title, text, lang, date, entry };
  }

  /** A date at a random precision, around the source's own date when it has one. */
  #date(piece: Piece, r: () => number): string | undefined {
    const u = r();
    if (u < 0.02) return undefined;
    const base = piece.date ? Number(piece.date.slice(0, 4)) : 1945 + Math.floor(r() * 47);
    const year = String(Math.min(2020, Math.max(1800, base + (r() < 0.3 ? Math.floor(r() * 3) - 1 : 0)))).padStart(4, '0');
    const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
    if (u < 0.05) return `${year}~`;
    if (u < 0.06) return `${year.slice(0, 3)}X`;
    if (u < 0.2) return year;
    if (u < 0.4) return `${year}-${month}`;
    return `${year}-${month}-${day}`;
  }
}

/** A Zipf-like pick in [0, n): a few values are common, most are rare. */
function zipf(r: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.pow(n, r()) - 1));
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
