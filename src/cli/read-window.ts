/**
 * How far the reading thread of `dossier import` may run ahead of the
 * writer (read-ahead.ts), counted in bytes as well as in runs. Runs of a
 * fixed number of items bound memory only as long as items are alike: one
 * FRUS volume holds a 1.4 MB chapter text among documents of a few KB, and
 * eight runs in flight then held 8 MB (serialized in the port, then again as
 * objects in the writer) exactly while the reader's heap was at its highest.
 * A run is closed once it holds {@link RUN} items or {@link RUN_BYTES}; a run
 * is sent while fewer than {@link AHEAD} runs and {@link AHEAD_BYTES} are in
 * flight, and a run larger than that goes alone, once the writer has taken
 * all the others.
 * @module
 */

/** Items to a message: enough that posting costs little per item, few enough that the writer starts soon. */
export const RUN = 32;
/** A run is closed before {@link RUN} items once its items are this large (see {@link wireBytes}). */
export const RUN_BYTES = 512 * 1024;
/** Runs the reader may send before the writer has taken them. */
export const AHEAD = 8;
/** Bytes (see {@link wireBytes}) the reader may send before the writer has taken them: some eight runs of FRUS documents. */
export const AHEAD_BYTES = 2 * 1024 * 1024;

/**
 * The size of `value` as the structured clone copies it, roughly: a byte per character of its
 * strings (the text of the records, nearly all of it one-byte) and eight bytes per other value.
 */
export function wireBytes(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object') return 8;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let n = 8;
  if (Array.isArray(value) || value instanceof Set) for (const v of value) n += wireBytes(v);
  else if (value instanceof Map) for (const [k, v] of value) n += wireBytes(k) + wireBytes(v);
  else for (const key in value) n += key.length + wireBytes((value as Record<string, unknown>)[key]);
  return n;
}

/** The runs sent and not yet taken, in the order sent (the writer takes them in that order). */
export class ReadWindow {
  readonly #sizes: number[] = [];
  #bytes = 0;

  constructor(
    readonly maxRuns = AHEAD,
    readonly maxBytes = AHEAD_BYTES,
  ) {}

  /** Whether a run of `bytes` may be sent now. */
  admits(bytes: number): boolean {
    return this.#sizes.length === 0 || (this.#sizes.length < this.maxRuns && this.#bytes + bytes <= this.maxBytes);
  }

  sent(bytes: number): void {
    this.#sizes.push(bytes);
    this.#bytes += bytes;
  }

  /** The writer took the oldest run. */
  taken(): void {
    this.#bytes -= this.#sizes.shift() ?? 0;
  }

  get bytes(): number {
    return this.#bytes;
  }
}
