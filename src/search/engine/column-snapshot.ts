/**
 * The in-memory doc columns (doc-columns.ts) as one blob, so that a process
 * opening a large index reads them whole instead of row by row. At a million
 * documents, reading `ix_docs` row by row and appending each to the typed
 * arrays takes seconds, all of it before the first search can answer; the
 * same columns as a snapshot are one read of some tens of MB and a few
 * typed-array copies.
 *
 * A snapshot covers the doc numbers up to `upto` as they were when it was
 * taken; the rows written since are read as before and appended after it,
 * and the list of replaced rows is applied to the whole, so it may lag
 * behind the index without being wrong. Its live flags can be out of date
 * only in one direction (a document replaced since: dead now, live in the
 * snapshot), which the list of replaced rows corrects; the storage drops the
 * snapshot whenever rows are deleted (purging replaced rows, clearing), the
 * one change that list could not show. The record ids (doc-ids.ts) are
 * part of it, as their byte table and ends. The facet dictionary is not: it
 * is small and read whole as before.
 *
 * Typed arrays are written in the machine's byte order; a snapshot is only
 * read by a machine of the same order (the header says which), else ignored.
 * @module
 */
import { endianness } from 'node:os';
import { DocColumns, UNDATED } from './doc-columns.js';
import { DocIds } from './doc-ids.js';

/**
 * Names this encoding; a snapshot of another is ignored (and replaced at the next write). `columns-4` keeps the
 * documents' lengths, each facet slot column and the record ids' ends each at the width its largest value needs
 * ({@link narrowed}), and the sort keys as a byte each where they follow from the dates ({@link sortKeyCodes});
 * `columns-3` did the first alone, `columns-2` kept them all at the width they have in memory.
 */
export const SNAPSHOT_FORMAT = `columns-4-${endianness()}`;

/**
 * The first `n` values of `column` at the width of its largest (0 bytes when all are 0, else 1, 2 or 4): a facet
 * slot most documents leave empty, a facet of a few dozen values, lengths below 65,536 and the record ids' ends
 * (stored as each id's length) take a byte or two where the typed arrays in memory hold two or four.
 */
function narrowed(column: Uint16Array | Uint32Array, n: number): { width: number; values: ArrayBufferView } {
  let max = 0;
  for (let d = 0; d < n; d++) if (column[d]! > max) max = column[d]!;
  if (max === 0) return { width: 0, values: new Uint8Array(0) };
  if (max < 0x100) return { width: 1, values: Uint8Array.from(column.subarray(0, n)) };
  if (max < 0x10000) return { width: 2, values: column instanceof Uint16Array ? column.subarray(0, n) : Uint16Array.from(column.subarray(0, n)) };
  return { width: 4, values: column.subarray(0, n) };
}

/** Each record id's length, from where each ends. */
function idLengths(ends: Uint32Array, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let d = 0, at = 0; d < n; d++) {
    out[d] = ends[d]! - at;
    at = ends[d]!;
  }
  return out;
}

const HEADER_WORDS = 8;

/** Offsets rounded up to 8 bytes, so every array can be viewed in place. */
const align = (n: number) => (n + 7) & ~7;

/** The columns' first `size` docs as one buffer. */
export function encodeColumns(c: DocColumns): Uint8Array {
  const n = c.size;
  const f = c.facets;
  const spilled: number[] = [];
  for (let d = 0; d < n; d++) {
    const at = f.spilled[d]!;
    if (at) spilled.push(d, f.spill[at - 1]!.length, ...f.spill[at - 1]!);
  }
  // The narrowed columns, their widths in one byte each before them: the lengths, each slot column, the ids' lengths.
  const narrow = [narrowed(c.length, n), ...f.columns.map((col) => narrowed(col, n)), narrowed(idLengths(c.ids.ends, n), n)];
  const sortCodes = sortKeyCodes(c, n);
  const parts: ArrayBufferView[] = [
    Uint8Array.from([...narrow.map((x) => x.width), sortCodes ? 1 : 8]),
    c.live.subarray(0, n),
    narrow[0]!.values,
    c.dateStart.subarray(0, n),
    c.dateEnd.subarray(0, n),
    c.dateFlags.subarray(0, n),
    sortCodes ?? c.sortKey.subarray(0, n),
    f.filled,
    ...narrow.slice(1, -1).map((x) => x.values),
    Uint32Array.from(spilled),
    narrow.at(-1)!.values,
    c.ids.bytes.subarray(0, c.ids.used),
  ];
  const header = new Float64Array(HEADER_WORDS);
  header.set([n, c.liveCount, c.deadCount, c.totalLength, f.stride, spilled.length, c.ids.used]);
  let bytes = header.byteLength;
  for (const p of parts) bytes = align(bytes) + p.byteLength;
  const out = new Uint8Array(align(bytes));
  out.set(new Uint8Array(header.buffer), 0);
  let at = header.byteLength;
  for (const p of parts) {
    at = align(at);
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

/** A sort key's code for an undated document (or a doc number never stored): the key is then UNDATED. */
const UNDATED_CODE = 255;

/**
 * The sort keys as one byte a document, when each is what doc-row.ts makes of a date, its start · 10 plus a
 * precision (0 to 9), or UNDATED: that digit, or {@link UNDATED_CODE}. Undefined when any is not (then they are
 * stored as they are, eight bytes each).
 */
function sortKeyCodes(c: DocColumns, n: number): Uint8Array | undefined {
  const codes = new Uint8Array(n);
  for (let d = 0; d < n; d++) {
    const key = c.sortKey[d]!;
    if (key === UNDATED) codes[d] = UNDATED_CODE;
    else {
      const digit = key - c.dateStart[d]! * 10;
      if (!(digit >= 0 && digit <= 9 && Number.isInteger(digit))) return undefined;
      codes[d] = digit;
    }
  }
  return codes;
}

/** The sort keys {@link sortKeyCodes} coded, from the dates' starts. */
function sortKeys(dateStart: Int32Array, codes: Uint8Array, capacity: number): Float64Array<ArrayBuffer> {
  const keys = new Float64Array(capacity);
  for (let d = 0; d < codes.length; d++) {
    const code = codes[d]!;
    keys[d] = code === UNDATED_CODE ? UNDATED : dateStart[d]! * 10 + code;
  }
  return keys;
}

/** Where each of `n` record ids ends, from their lengths (none: every id empty). */
function idEnds(lengths: ArrayLike<number>, n: number): Uint32Array {
  const ends = new Uint32Array(n);
  if (lengths.length === 0) return ends;
  if (lengths instanceof Uint8Array) {
    // The usual width, in a loop of its own so that it stays monomorphic.
    for (let d = 0, at = 0; d < n; d++) ends[d] = at += lengths[d]!;
    return ends;
  }
  for (let d = 0, at = 0; d < n; d++) ends[d] = at += lengths[d]!;
  return ends;
}

/** Columns restored from {@link encodeColumns}' output, or undefined when it does not fit this build (another facet layout). */
export function decodeColumns(data: Uint8Array): DocColumns | undefined {
  // The arrays are viewed in place and copied once into columns of their own; a blob not starting on 8 bytes is copied first.
  const buf = data.byteOffset % 8 === 0 && data.buffer instanceof ArrayBuffer ? data : new Uint8Array(data);
  const base = buf.byteOffset;
  const header = new Float64Array(buf.buffer, base, HEADER_WORDS);
  const [n, liveCount, deadCount, totalLength, stride, spillWords, idBytes] = header as unknown as number[];
  const c = new DocColumns();
  const f = c.facets;
  if (stride !== f.stride) return undefined;
  let at = header.byteLength;
  const next = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, bytesEach: number, count: number): T => {
    at = align(at);
    const view = make(buf.buffer as ArrayBuffer, base + at, count);
    at += bytesEach * count;
    return view;
  };
  let capacity = 1024;
  while (capacity <= n!) capacity *= 2;
  const copy = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array | Uint16Array>(into: T, from: ArrayLike<number>): T => (into.set(from), into);
  const widths = next((b, o, l) => new Uint8Array(b, o, l), 1, stride! + 3);
  /** A narrowed column's values (see narrowed), as a view of the blob: none when its width is 0, all of them then 0. */
  const narrowView = (width: number): ArrayLike<number> => {
    if (width === 1) return next((b, o, l) => new Uint8Array(b, o, l), 1, n!);
    if (width === 2) return next((b, o, l) => new Uint16Array(b, o, l), 2, n!);
    if (width === 4) return next((b, o, l) => new Uint32Array(b, o, l), 4, n!);
    return [];
  };
  c.live = copy(new Uint8Array(capacity), next((b, o, l) => new Uint8Array(b, o, l), 1, n!));
  c.length = copy(new Uint32Array(capacity), narrowView(widths[0]!));
  c.dateStart = copy(new Int32Array(capacity), next((b, o, l) => new Int32Array(b, o, l), 4, n!));
  c.dateEnd = copy(new Int32Array(capacity), next((b, o, l) => new Int32Array(b, o, l), 4, n!));
  c.dateFlags = copy(new Uint8Array(capacity), next((b, o, l) => new Uint8Array(b, o, l), 1, n!));
  c.sortKey =
    widths[stride! + 2] === 1
      ? sortKeys(c.dateStart, next((b, o, l) => new Uint8Array(b, o, l), 1, n!), capacity)
      : copy(new Float64Array(capacity), next((b, o, l) => new Float64Array(b, o, l), 8, n!));
  f.filled.set(next((b, o, l) => new Int32Array(b, o, l), 4, stride!));
  f.columns = f.columns.map((_, j) => copy(new Uint16Array(new SharedArrayBuffer(capacity * 2)), narrowView(widths[1 + j]!)));
  f.spilled = new Int32Array(capacity);
  const spill = next((b, o, l) => new Uint32Array(b, o, l), 4, spillWords!);
  for (let i = 0; i < spill.length; ) {
    const doc = spill[i]!;
    const count = spill[i + 1]!;
    f.spilled[doc] = f.spill.push(Array.from(spill.subarray(i + 2, i + 2 + count)));
    i += 2 + count;
  }
  const ends = idEnds(narrowView(widths[stride! + 1]!), n!);
  c.ids = DocIds.of(next((b, o, l) => new Uint8Array(b, o, l), 1, idBytes!), ends, n!);
  c.size = n!;
  c.liveCount = liveCount!;
  c.deadCount = deadCount!;
  c.totalLength = totalLength!;
  return c;
}
