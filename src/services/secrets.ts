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

/** An id that sorts by creation time: the timestamp, then randomness. */
export function timeOrderedId(at: string): string {
  return `${at}-${randomBytes(6).toString('hex')}`;
}
