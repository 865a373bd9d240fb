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
import { DocColumns } from './doc-columns.js';
import { DocIds } from './doc-ids.js';

/** Names this encoding; a snapshot of another is ignored (and replaced at the next write). */
export const SNAPSHOT_FORMAT = `columns-2-${endianness()}`;

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
  const parts: ArrayBufferView[] = [
    c.live.subarray(0, n),
    c.length.subarray(0, n),
    c.dateStart.subarray(0, n),
    c.dateEnd.subarray(0, n),
    c.dateFlags.subarray(0, n),
    c.sortKey.subarray(0, n),
    f.filled,
    ...f.columns.map((col) => col.subarray(0, n)),
    Uint32Array.from(spilled),
    c.ids.ends.subarray(0, n),
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
  c.live = copy(new Uint8Array(capacity), next((b, o, l) => new Uint8Array(b, o, l), 1, n!));
  c.length = copy(new Uint32Array(capacity), next((b, o, l) => new Uint32Array(b, o, l), 4, n!));
  c.dateStart = copy(new Int32Array(capacity), next((b, o, l) => new Int32Array(b, o, l), 4, n!));
  c.dateEnd = copy(new Int32Array(capacity), next((b, o, l) => new Int32Array(b, o, l), 4, n!));
  c.dateFlags = copy(new Uint8Array(capacity), next((b, o, l) => new Uint8Array(b, o, l), 1, n!));
  c.sortKey = copy(new Float64Array(capacity), next((b, o, l) => new Float64Array(b, o, l), 8, n!));
  f.filled.set(next((b, o, l) => new Int32Array(b, o, l), 4, stride!));
  f.columns = f.columns.map(() => copy(new Uint16Array(new SharedArrayBuffer(capacity * 2)), next((b, o, l) => new Uint16Array(b, o, l), 2, n!)));
  f.spilled = new Int32Array(capacity);
  const spill = next((b, o, l) => new Uint32Array(b, o, l), 4, spillWords!);
  for (let i = 0; i < spill.length; ) {
    const doc = spill[i]!;
    const count = spill[i + 1]!;
    f.spilled[doc] = f.spill.push(Array.from(spill.subarray(i + 2, i + 2 + count)));
    i += 2 + count;
  }
  const ends = next((b, o, l) => new Uint32Array(b, o, l), 4, n!);
  c.ids = DocIds.of(next((b, o, l) => new Uint8Array(b, o, l), 1, idBytes!), ends, n!);
  c.size = n!;
  c.liveCount = liveCount!;
  c.deadCount = deadCount!;
  c.totalLength = totalLength!;
  return c;
}
