/**
 * The segments of the SQLite search index: writing a new one per batch of
 * documents, and merging. Each segment is a contiguous run of doc numbers
 * with its sorted term list (`ix_segments`), its postings in `ix_postings`
 * keyed (term, base). A run of MERGE_FANOUT adjacent segments of one size
 * class (powers of the fan-out) is merged into one, so every posting is
 * rewritten O(log₈ N) times and a term is read from O(log₈ N) rows; merging
 * drops the postings of replaced and removed documents.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { mergeTerm, type SegmentBuilder } from '../engine/segment.js';

/** A run of this many segments of one size class is merged into one. */
const MERGE_FANOUT = 8;

interface Segment {
  base: number;
  last: number;
  docs: number;
  level: number;
}

export class SegmentStore {
  constructor(private readonly db: BetterSqlite3.Database) {}

  write(builder: SegmentBuilder): void {
    if (builder.docs === 0) return;
    const base = builder.minDoc;
    const insert = this.db.prepare('INSERT INTO ix_postings (term, base, n, data, positions) VALUES (?, ?, ?, ?, ?)');
    for (const t of builder.encode(base)) insert.run(t.term, base, t.n, t.postings, t.positions);
    this.db
      .prepare('INSERT INTO ix_segments (base, last, docs, level, terms) VALUES (?, ?, ?, ?, ?)')
      .run(base, builder.maxDoc, builder.docs, levelOf(builder.docs), encodeTerms(builder.termList()));
  }

  /** Merges the newest run of MERGE_FANOUT adjacent segments of one size class, while there is one. */
  mergeIfNeeded(): void {
    for (;;) {
      const segments = this.#list();
      let runEnd = segments.length;
      let merged = false;
      while (runEnd > 0) {
        let runStart = runEnd - 1;
        while (runStart > 0 && segments[runStart - 1]!.level === segments[runEnd - 1]!.level) runStart--;
        if (runEnd - runStart >= MERGE_FANOUT) {
          this.#merge(segments.slice(runStart, runEnd));
          merged = true;
          break;
        }
        runEnd = runStart;
      }
      if (!merged) return;
    }
  }

  /** Merges every segment into one (after a bulk load, or to purge replaced documents). */
  mergeAll(): void {
    const segments = this.#list();
    const dead = this.db.prepare('SELECT 1 FROM ix_docs WHERE live = 0 LIMIT 1').get() !== undefined;
    if (segments.length > 1 || (segments.length === 1 && dead)) this.#merge(segments);
  }

  #list(): Segment[] {
    return this.db.prepare('SELECT base, last, docs, level FROM ix_segments ORDER BY base').all() as Segment[];
  }

  #terms(base: number): string[] {
    const blob = this.db.prepare('SELECT terms FROM ix_segments WHERE base = ?').pluck().get(base) as Uint8Array | undefined;
    return blob ? decodeTerms(blob) : [];
  }

  /** Merges adjacent segments into one, leaving out replaced documents. */
  #merge(run: Segment[]): void {
    if (run.length === 0) return;
    const base = run[0]!.base;
    const last = run[run.length - 1]!.last;
    const bases = run.map((s) => s.base);
    const marks = bases.map(() => '?').join(', ');
    const dead = new Set(this.db.prepare('SELECT rowid FROM ix_docs WHERE live = 0 AND rowid BETWEEN ? AND ?').pluck().all(base, last) as number[]);
    // Every term of the run, from the segments' term lists, then one term at a time, in key order.
    const terms = [...new Set(run.flatMap((seg) => this.#terms(seg.base)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const read = this.db.prepare(`SELECT base, data, positions FROM ix_postings WHERE term = ? AND base IN (${marks}) ORDER BY base`);
    const remove = this.db.prepare(`DELETE FROM ix_postings WHERE term = ? AND base IN (${marks})`);
    const insert = this.db.prepare('INSERT INTO ix_postings (term, base, n, data, positions) VALUES (?, ?, ?, ?, ?)');
    const kept: string[] = [];
    for (const term of terms) {
      const rows = read.all(term, ...bases) as { base: number; data: Uint8Array; positions: Uint8Array }[];
      remove.run(term, ...bases);
      const merged = mergeTerm(term, rows.map((r) => ({ base: r.base, postings: r.data, positions: r.positions })), base, (d) => !dead.has(d));
      if (!merged) continue;
      insert.run(term, base, merged.n, merged.postings, merged.positions);
      kept.push(term);
    }
    this.db.prepare(`DELETE FROM ix_segments WHERE base IN (${marks})`).run(...bases);
    const docs = run.reduce((s, r) => s + r.docs, 0) - dead.size;
    this.db
      .prepare('INSERT INTO ix_segments (base, last, docs, level, terms) VALUES (?, ?, ?, ?, ?)')
      .run(base, last, docs, levelOf(Math.max(docs, 1)), encodeTerms(kept));
  }
}

/** A sorted term list as one blob (terms joined by NUL). */
function encodeTerms(terms: string[]): Uint8Array {
  return Buffer.from(terms.join('\u0000'), 'utf8');
}

function decodeTerms(blob: Uint8Array): string[] {
  const text = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString('utf8');
  return text ? text.split('\u0000') : [];
}

/** Size class of a segment: powers of the merge fan-out. */
function levelOf(docs: number): number {
  return Math.floor(Math.log(Math.max(docs, 1)) / Math.log(MERGE_FANOUT));
}
