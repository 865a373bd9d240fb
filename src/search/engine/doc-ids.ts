/**
 * Record ids by doc number, held with the doc columns (doc-columns.ts) so
 * that a page of hits is turned into record ids without a statement: every
 * id's UTF-8 bytes end to end in one byte table, and per doc number where
 * its id ends (it begins where the one before ended). At a million
 * documents that is the ids' bytes plus four bytes a document in two typed
 * arrays, with nothing for the garbage collector to walk, and a column
 * snapshot (column-snapshot.ts) restores it with two copies; a string per
 * document would cost an object header each and be built one by one.
 *
 * A doc number names one version of one document for good: a replaced or
 * removed document keeps its row (dead) until a purge, a new version gets a
 * new number, and merges keep numbers. So an id, once held, is never stale;
 * the engine drops these with the columns whenever it reads them again
 * (another epoch, purged rows, a rolled-back transaction's view).
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class DocIds {
  /** Every id's UTF-8 bytes, in doc order. */
  bytes = new Uint8Array(16 * 1024);
  /** `ends[d]`: where doc d's id ends in `bytes` (an empty id for a number never stored). */
  ends = new Uint32Array(1024);
  /** One past the largest doc number held. */
  size = 0;
  /** Bytes of `bytes` in use. */
  used = 0;

  /** Restores ids from their two arrays (as `bytes` and `ends` held them for `size` docs). */
  static of(bytes: Uint8Array, ends: Uint32Array, size: number): DocIds {
    const ids = new DocIds();
    ids.used = size > 0 ? ends[size - 1]! : 0;
    ids.bytes = new Uint8Array(Math.max(ids.used, 1024));
    ids.bytes.set(bytes.subarray(0, ids.used));
    ids.ends = new Uint32Array(Math.max(size, 1024));
    ids.ends.set(ends.subarray(0, size));
    ids.size = size;
    return ids;
  }

  /** Sets the id of `doc`, which must come after every doc held (numbers skipped get an empty id). */
  append(doc: number, id: string): void {
    if (doc < this.size) throw new Error(`doc ${doc} given an id after ${this.size - 1}`);
    if (doc >= this.ends.length) {
      let n = this.ends.length;
      while (n <= doc) n *= 2;
      const ends = new Uint32Array(n);
      ends.set(this.ends.subarray(0, this.size));
      this.ends = ends;
    }
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    const room = this.used + id.length * 3;
    if (room > this.bytes.length) {
      let n = this.bytes.length;
      while (n < room) n *= 2;
      const bytes = new Uint8Array(n);
      bytes.set(this.bytes.subarray(0, this.used));
      this.bytes = bytes;
    }
    this.ends.fill(this.used, this.size, doc);
    this.used = ascii(id, this.bytes, this.used) ?? this.used + encoder.encodeInto(id, this.bytes.subarray(this.used)).written;
    this.ends[doc] = this.used;
    this.size = doc + 1;
  }

  /** The id of `doc`, or undefined when no id was stored under that number. */
  get(doc: number): string | undefined {
    if (doc < 0 || doc >= this.size) return undefined;
    const start = doc > 0 ? this.ends[doc - 1]! : 0;
    const end = this.ends[doc]!;
    return end > start ? decoder.decode(this.bytes.subarray(start, end)) : undefined;
  }

  /** Bytes held (both arrays as allocated). */
  byteLength(): number {
    return this.bytes.byteLength + this.ends.byteLength;
  }
}

/**
 * Writes an id of ASCII characters (most are) into `bytes` at `at`, and
 * returns where it ends; undefined, having written nothing that counts, when
 * it has another character. A loop, not TextEncoder: for ids of a few dozen
 * characters, the call and its view cost more than the copy.
 */
function ascii(id: string, bytes: Uint8Array, at: number): number | undefined {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c >= 0x80) return undefined;
    bytes[at + i] = c;
  }
  return at + id.length;
}
