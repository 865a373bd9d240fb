/**
 * Variable-length integers (7 bits a byte, LEB128) for posting lists: doc
 * numbers as gaps and word positions are mostly small, so most take one byte.
 * @module
 */

/** A growable byte buffer. */
export class ByteWriter {
  #buf: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.#buf = new Uint8Array(capacity);
  }

  #grow(extra: number): void {
    if (this.length + extra <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
  }

  /** The buffer, with room for `extra` more bytes at {@link length} (the caller writes them and moves `length`). */
  room(extra: number): Uint8Array {
    this.#grow(extra);
    return this.#buf;
  }

  varint(value: number): void {
    this.#grow(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.#buf[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.#buf[this.length++] = v;
  }

  byte(value: number): void {
    this.#grow(1);
    this.#buf[this.length++] = value;
  }

  bytes(data: Uint8Array): void {
    this.#grow(data.length);
    this.#buf.set(data, this.length);
    this.length += data.length;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.length);
  }

  /** What was written, as a view that the next write may overwrite. */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.length);
  }

  /** Starts again from empty, keeping the buffer. */
  reset(): void {
    this.length = 0;
  }
}

/** Reads varints from `data` starting at `offset`; `pos` advances. */
export class ByteReader {
  pos: number;
  constructor(
    readonly data: Uint8Array,
    offset = 0,
  ) {
    this.pos = offset;
  }

  varint(): number {
    const d = this.data;
    let b = d[this.pos++]!;
    if (b < 0x80) return b;
    let v = b & 0x7f;
    let shift = 7;
    do {
      b = d[this.pos++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b >= 0x80);
    return v >>> 0;
  }

  /** Skips `count` varints without decoding them. */
  skip(count: number): void {
    const d = this.data;
    let p = this.pos;
    for (let i = 0; i < count; i++) while (d[p++]! >= 0x80);
    this.pos = p;
  }
}
