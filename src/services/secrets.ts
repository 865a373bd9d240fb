/**
 * Random secrets (session ids, CSRF tokens, reset links, API tokens) and the
 * hashes they are stored under. 32 random bytes are unguessable, so a fast
 * SHA-256 is enough to keep a copy of the database from opening anything.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Compares two secrets in constant time (for equal lengths). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Orders the ids this process makes within one millisecond. */
let sequence = 0;

/**
 * An id that sorts by creation time: the timestamp, then a counter (two
 * writes in the same millisecond, a save and a status change, keep their
 * order), then randomness (ids of several processes never collide).
 */
export function timeOrderedId(at: string): string {
  sequence = (sequence + 1) % 0x1000000;
  return `${at}-${sequence.toString(16).padStart(6, '0')}${randomBytes(4).toString('hex')}`;
}
