/**
 * Opaque page cursors. A cursor holds a position and a fingerprint of the
 * query that issued it, sealed with an HMAC, so a cursor that was altered,
 * truncated, or carried over to another query (other words, filters, sort or
 * endpoint) is refused with an error naming `cursor` instead of quietly
 * paging through the wrong list. A cursor only ever holds a position in a
 * public list, so the key guards against mistakes, not secrets: it is made
 * per process unless the app is given one (several processes behind a load
 * balancer share `cursorKey`).
 * @module
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../domain/errors.js';

export class Cursors {
  readonly #key: Buffer;

  constructor(key?: string) {
    this.#key = key ? Buffer.from(key) : randomBytes(32);
  }

  /** A cursor for `offset` in the list that `scope` (endpoint and its parameters, without cursor and limit) names. */
  encode(scope: string, offset: number): string {
    const payload = `${offset}.${fingerprint(scope)}`;
    return `${Buffer.from(payload).toString('base64url')}.${this.#sign(payload)}`;
  }

  /** The offset a cursor holds; 0 without one. Throws ValidationError naming `cursor` for anything it did not issue for `scope`. */
  decode(scope: string, cursor: string | undefined): number {
    if (cursor === undefined || cursor === '') return 0;
    const [body = '', mac = ''] = cursor.split('.');
    const payload = Buffer.from(body, 'base64url').toString();
    const expected = Buffer.from(this.#sign(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalid('is not a cursor this API issued (copy `page.nextCursor` unchanged)');
    }
    const [offset, print] = payload.split('.');
    if (print !== fingerprint(scope)) throw invalid('belongs to another query; start again without a cursor');
    return Number(offset);
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url').slice(0, 22);
  }
}

function fingerprint(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 12);
}

function invalid(message: string): ValidationError {
  return new ValidationError([{ path: 'cursor', message }]);
}
