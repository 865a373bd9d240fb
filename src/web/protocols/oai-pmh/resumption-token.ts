/**
 * OAI-PMH resumption tokens (protocol §3.5). A token carries the whole
 * request it continues (format, set, from, until) and a position in the
 * archive's change order, so the server keeps no state and any web process
 * can answer it; records that change during a harvest move behind the
 * position and are harvested again rather than skipped. Tokens are signed
 * with a key kept in the archive's settings: a forged or edited token, or
 * one past its expiry, is a `badResumptionToken`, never a guess.
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Archive } from '../../../services/archive.js';
import { harvestTokenKey } from '../../../services/harvest.js';

/** How long a token stays good: a slow harvester of a big archive needs hours, not minutes. */
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

const payloadSchema = z.strictObject({
  /** metadataPrefix */
  m: z.string().min(1).max(100),
  /** set, as the harvester wrote it */
  s: z.string().max(2000).optional(),
  /** from / until, as the harvester wrote them */
  f: z.string().max(40).optional(),
  u: z.string().max(40).optional(),
  /** ListIdentifiers or ListRecords: a token answers only the verb it came from */
  v: z.enum(['ListIdentifiers', 'ListRecords']),
  /** position: the last change number sent */
  a: z.number().int().nonnegative(),
  /** cursor: how many records were sent before this page */
  c: z.number().int().nonnegative(),
  /** expiry, epoch milliseconds */
  e: z.number().int().positive(),
});
export type TokenPayload = z.infer<typeof payloadSchema>;

export type TokenCheck = { ok: true; payload: TokenPayload } | { ok: false; reason: string };

export class TokenSigner {
  #key: Promise<Buffer> | undefined;

  /**
   * The key is read (or, on an archive's first start, written) as the site starts, not when the first
   * harvester asks: a write inside a request waits for any import holding the archive's write lock,
   * and SQLite's wait blocks the whole process, every visitor with it. A load that fails is not kept,
   * so the next request tries again rather than failing for the life of the process.
   */
  constructor(private readonly archive: Archive) {
    this.#key = this.#loadKey();
    this.#key.catch(() => undefined);
  }

  async sign(payload: TokenPayload): Promise<string> {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${await this.#mac(body)}`;
  }

  async verify(token: string, now = Date.now()): Promise<TokenCheck> {
    const match = /^([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!match) return { ok: false, reason: 'the resumption token is not one this archive issued' };
    const [, body, mac] = match;
    const expected = Buffer.from(await this.#mac(body!));
    if (!timingSafeEqual(expected, Buffer.from(mac!))) return { ok: false, reason: 'the resumption token is not one this archive issued' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'the resumption token cannot be read' };
    }
    const payload = payloadSchema.safeParse(parsed);
    if (!payload.success) return { ok: false, reason: 'the resumption token cannot be read' };
    if (payload.data.e < now) return { ok: false, reason: `the resumption token expired at ${new Date(payload.data.e).toISOString()}; start the list again` };
    return { ok: true, payload: payload.data };
  }

  async #mac(body: string): Promise<string> {
    const key = await (this.#key ??= this.#loadKey());
    return createHmac('sha256', key).update(body).digest().subarray(0, 16).toString('base64url');
  }

  /** The signing key lives in the archive, so every process serving it accepts the others' tokens. */
  async #loadKey(): Promise<Buffer> {
    try {
      return Buffer.from(await harvestTokenKey(this.archive, () => randomBytes(32).toString('base64url')), 'base64url');
    } catch (error) {
      this.#key = undefined;
      throw error;
    }
  }
}
