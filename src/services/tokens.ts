/**
 * Personal API tokens for scripts: made for an account (shown once, kept
 * only as a hash), listed, revoked. A token acts with its account's role at
 * the moment of use, so a role change or a disabled account takes effect at
 * once.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Backend } from '../backends/backend.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import type { TokenRow } from '../backends/editor-store.js';
import { requirePermission } from './access.js';
import { emailSchema } from './accounts.js';
import { audit } from './audit.js';
import { hashSecret, newSecret } from './secrets.js';
import { writeIfIdle } from './write-if-idle.js';
import type { Archive } from './archive.js';

/** Tokens start with this, so a leaked one is easy to recognise (and to search for in code). */
const PREFIX = 'dossier_';

export type TokenInfo = TokenRow & { email: string };

export class Tokens {
  private readonly backend: Backend;

  constructor(archive: Archive) {
    this.backend = archive.backend;
  }

  /** Makes a token for an account; the returned secret is never shown again. */
  async create(actor: Actor, email: string, name = 'API token'): Promise<{ token: string; info: TokenInfo }> {
    requirePermission(actor, 'users.manage');
    const trimmed = name.trim().slice(0, 200);
    if (!trimmed) throw new ValidationError([{ path: 'name', message: 'cannot be empty' }]);
    const secret = `${PREFIX}${newSecret()}`;
    return this.backend.transaction(async (tx) => {
      const user = await tx.editors.getUserByEmail(emailSchema.safeParse(email).data ?? email);
      if (!user) throw new NotFoundError('Account', email);
      const row: TokenRow = { id: randomUUID().slice(0, 8), userId: user.id, name: trimmed, createdAt: new Date().toISOString() };
      await tx.editors.createToken({ ...row, tokenHash: hashSecret(secret) });
      await audit(tx, actor, 'token.create', `user:${user.email}`, { token: row.id, name: trimmed });
      return { token: secret, info: { ...row, email: user.email } };
    });
  }

  async list(actor: Actor, email?: string): Promise<TokenInfo[]> {
    requirePermission(actor, 'users.manage');
    const users = new Map((await this.backend.editors.listUsers()).map((u) => [u.id, u.email]));
    const userId = email ? [...users].find(([, e]) => e === email.trim().toLowerCase())?.[0] : undefined;
    if (email && !userId) throw new NotFoundError('Account', email);
    return (await this.backend.editors.listTokens(userId)).map((t) => ({ ...t, email: users.get(t.userId) ?? '?' }));
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    requirePermission(actor, 'users.manage');
    await this.backend.transaction(async (tx) => {
      if (!(await tx.editors.revokeToken(id, new Date().toISOString()))) throw new NotFoundError('Live token', id);
      await audit(tx, actor, 'token.revoke', `token:${id}`);
    });
  }

  /** The actor behind a bearer token, or undefined when it is unknown, revoked, or its account disabled. */
  async authenticate(secret: string | undefined, ip?: string): Promise<Actor | undefined> {
    if (!secret?.startsWith(PREFIX) || secret.length > 200) return undefined;
    const { editors } = this.backend;
    const token = await editors.findToken(hashSecret(secret));
    if (!token) return undefined;
    const user = await editors.getUser(token.userId);
    if (!user || user.disabled) return undefined;
    const now = new Date();
    if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) > 60_000) await writeIfIdle(this.backend, (tx) => tx.editors.touchToken(token.id, now.toISOString()));
    return { userId: user.id, name: user.email, role: user.role, ip, via: 'token' };
  }
}
