/**
 * The segments of the SQLite search index: writing a new one per batch of
 * documents, reading a term's rows from every segment, and merging. Each
 * segment is a contiguous run of doc numbers with its sorted term list
 * (`ix_segments`), its postings in `ix_postings` keyed (base, term): a new
 * segment is appended at the end of the B-tree and a merge reads and deletes
 * whole key ranges, instead of touching every term's rows all over the file;
 * a term is then one seek per segment. A run of MERGE_FANOUT adjacent
 * segments of one size class (powers of the fan-out) is merged into one, so
 * every posting is rewritten O(log₈ N) times and a term is read from
 * O(log₈ N) rows; merging drops the postings of replaced and removed
 * documents.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { mergeTerm, unionOfSorted, type SegmentBuilder } from '../../search/engine/segment.js';

/** A run of this many segments of one size class is merged into one. */
const MERGE_FANOUT = 8;

interface Segment {
  base: number;
  last: number;
  docs: number;
  level: number;
}

/** Terms merged per step: each step reads, deletes and rewrites one key range of every segment in the run. */
const MERGE_CHUNK = 2048;

export class SegmentStore {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  #bases: number[] | undefined;

  constructor(private readonly db: BetterSqlite3.Database) {}

  /** Forgets the cached segment list (another connection may have written). */
  invalidate(): void {
    this.#bases = undefined;
  }

  write(builder: SegmentBuilder): void {
    if (builder.docs === 0) return;
    const base = builder.minDoc;
    const insert = this.#stmt('INSERT INTO ix_postings (base, term, n, data, positions) VALUES (?, ?, ?, ?, ?)');
    for (const t of builder.encode(base, true)) insert.run(base, t.term, t.n, t.postings, t.positions);
    this.#stmt('INSERT INTO ix_segments (base, last, docs, level, terms) VALUES (?, ?, ?, ?, ?)').run(
      base,
      builder.maxDoc,
      builder.docs,
      levelOf(builder.docs),
      encodeTerms(builder.termList()),
    );
    this.#bases = undefined;
  }

  /** A term's rows in every segment, in doc order. */
  postings(term: string): { base: number; n: number; data: Uint8Array }[] {
    const bases = this.#segmentBases();
    if (bases.length === 0) return [];
    return this.#inBases('SELECT base, n, data FROM ix_postings WHERE base IN (#) AND term = ? ORDER BY base', bases.length).all(...bases, term) as {
      base: number;
      n: number;
      data: Uint8Array;
    }[];
  }

  /** A term's word positions in every segment, in doc order. */
  positions(term: string): { n: number; positions: Uint8Array }[] {
    const bases = this.#segmentBases();
    if (bases.length === 0) return [];
    return this.#inBases('SELECT n, positions FROM ix_postings WHERE base IN (#) AND term = ? ORDER BY base', bases.length).all(...bases, term) as {
      n: number;
      positions: Uint8Array;
    }[];
  }

  /** Document frequency of every term in [from, to), most frequent first, at most `limit`. */
  termsInRange(from: string, to: string, limit: number): { term: string; df: number }[] {
    const bases = this.#segmentBases();
    if (bases.length === 0) return [];
    const sql = 'SELECT term, sum(n) AS df FROM ix_postings WHERE base IN (#) AND term >= ? AND term < ? GROUP BY term ORDER BY df DESC LIMIT ?';
    return this.#inBases(sql, bases.length).all(...bases, from, to, limit) as { term: string; df: number }[];
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

  #segmentBases(): number[] {
    this.#bases ??= this.#stmt('SELECT base FROM ix_segments ORDER BY base').pluck().all() as number[];
    return this.#bases;
  }

  #list(): Segment[] {
    return this.#stmt('SELECT base, last, docs, level FROM ix_segments ORDER BY base').all() as Segment[];
  }

  #terms(base: number): string[] {
    const blob = this.#stmt('SELECT terms FROM ix_segments WHERE base = ?').pluck().get(base) as Uint8Array | undefined;
    return blob ? decodeTerms(blob) : [];
  }

  /**
   * Merges adjacent segments into one, leaving out replaced documents. The
   * union of their term lists is cut into chunks; for each chunk, every
   * segment's rows in that key range are read, deleted, merged term by term
   * and written back under the first segment's base.
   */
  #merge(run: Segment[]): void {
    if (run.length === 0) return;
    const base = run[0]!.base;
    const last = run[run.length - 1]!.last;
    const dead = new Set(this.#stmt('SELECT rowid FROM ix_docs WHERE live = 0 AND rowid BETWEEN ? AND ?').pluck().all(base, last) as number[]);
    const terms = unionOfSorted(run.map((seg) => this.#terms(seg.base)));
    const read = this.#stmt('SELECT term, data, positions FROM ix_postings WHERE base = ? AND term >= ? AND term <= ? ORDER BY term');
    const remove = this.#stmt('DELETE FROM ix_postings WHERE base = ? AND term >= ? AND term <= ?');
    const insert = this.#stmt('INSERT INTO ix_postings (base, term, n, data, positions) VALUES (?, ?, ?, ?, ?)');
    const keep = (d: number) => !dead.has(d);
    const kept: string[] = [];
    for (let c = 0; c < terms.length; c += MERGE_CHUNK) {
      const from = terms[c]!;
      const to = terms[Math.min(terms.length, c + MERGE_CHUNK) - 1]!;
      // Each segment's rows of the chunk, in term order; segments in doc order.
      const parts = run.map((seg) => ({ base: seg.base, rows: read.all(seg.base, from, to) as { term: string; data: Uint8Array; positions: Uint8Array }[], at: 0 }));
      for (const seg of run) remove.run(seg.base, from, to);
      for (let t = c; t < Math.min(terms.length, c + MERGE_CHUNK); t++) {
        const term = terms[t]!;
        const rows: { base: number; postings: Uint8Array; positions: Uint8Array }[] = [];
        for (const part of parts) {
          const row = part.rows[part.at];
          if (row !== undefined && row.term === term) {
            rows.push({ base: part.base, postings: row.data, positions: row.positions });
            part.at++;
          }
        }
        const merged = mergeTerm(term, rows, base, keep);
        if (!merged) continue;
        insert.run(base, term, merged.n, merged.postings, merged.positions);
        kept.push(term);
      }
      // Every row read must have been merged; one left over means the term lists and the table disagree.
      const stray = parts.find((p) => p.at !== p.rows.length);
      if (stray) throw new Error(`search index: segment ${stray.base} holds "${stray.rows[stray.at]!.term}", which its term list lacks; run dossier reindex`);
    }
    const bases = run.map((s) => s.base);
    this.#inBases('DELETE FROM ix_segments WHERE base IN (#)', bases.length).run(...bases);
    const docs = run.reduce((s, r) => s + r.docs, 0) - dead.size;
    this.#stmt('INSERT INTO ix_segments (base, last, docs, level, terms) VALUES (?, ?, ?, ?, ?)').run(base, last, docs, levelOf(Math.max(docs, 1)), encodeTerms(kept));
    this.#bases = undefined;
  }

  /** A statement with `#` replaced by `count` placeholders. */
  #inBases(sql: string, count: number): BetterSqlite3.Statement {
    return this.#stmt(sql.replace('#', new Array(count).fill('?').join(', ')));
  }

  #stmt(sql: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) this.#statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
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
