/**
 * Signing in and out, and the sessions behind the editors' cookie. A
 * session is a random id (stored only as its hash) with a CSRF token of its
 * own, an idle expiry and an absolute one. Signing in always makes a new id
 * (so an id planted before sign-in is worthless: no session fixation) and
 * ends the one the browser came with. Failed attempts are counted in the
 * database per account and per address, so every server process enforces
 * the same limit.
 * @module
 */
import type { Backend } from '../backends/backend.js';
import { TooManyAttemptsError, UnauthenticatedError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import type { SessionRow, UserRow } from '../backends/editor-store.js';
import { emailSchema, publicUser, type PublicUser } from './accounts.js';
import { audit } from './audit.js';
import { verifyPassword } from './passwords.js';
import { writeIfIdle } from './write-if-idle.js';
import { hashSecret, newSecret } from './secrets.js';
import type { Archive } from './archive.js';

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, however active. */
  absoluteHours: number;
  /** Failed sign-ins for one account within the window before it is refused. */
  maxAccountFailures: number;
  /** Failed sign-ins from one address within the window before it is refused. */
  maxAddressFailures: number;
  windowMinutes: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMinutes: 120,
  absoluteHours: 12,
  maxAccountFailures: 5,
  maxAddressFailures: 20,
  windowMinutes: 15,
};

export interface ActiveSession {
  user: PublicUser;
  actor: Actor;
  csrfToken: string;
  expiresAt: string;
}

const WRONG = 'The email address or password is not right.';

export class Sessions {
  readonly policy: SessionPolicy;

  private readonly backend: Backend;

  constructor(archive: Archive, policy: Partial<SessionPolicy> = {}) {
    this.backend = archive.backend;
    this.policy = { ...DEFAULT_SESSION_POLICY, ...policy };
  }

  /**
   * Checks the password and opens a new session; `previous` (the id the
   * browser sent, if any) is ended. Throws UnauthenticatedError with one
   * message for every kind of failure, or TooManyAttemptsError.
   */
  async signIn(input: { email: string; password: string; ip: string; previous?: string }): Promise<{ id: string; session: ActiveSession }> {
    const email = emailSchema.safeParse(input.email).data ?? input.email.trim().toLowerCase().slice(0, 254);
    const now = new Date();
    const since = new Date(now.getTime() - this.policy.windowMinutes * 60_000).toISOString();
    const keys = [`account:${email}`, `address:${input.ip}`];
    const { editors } = this.backend;
    for (const [key, max] of [[keys[0]!, this.policy.maxAccountFailures], [keys[1]!, this.policy.maxAddressFailures]] as const) {
      const failures = await editors.loginFailures(key, since);
      if (failures.count >= max) {
        await this.backend.transaction((tx) => audit(tx, { name: email, ip: input.ip }, 'signin.throttled', `user:${email}`, { by: key.split(':')[0] }));
        const retry = Date.parse(failures.earliest!) + this.policy.windowMinutes * 60_000 - now.getTime();
        throw new TooManyAttemptsError(Math.max(1, Math.round(retry / 1000)));
      }
    }
    const user = await editors.getUserByEmail(email);
    const ok = await verifyPassword(input.password, user?.passwordHash);
    if (!ok || !user || user.disabled) {
      await this.backend.transaction(async (tx) => {
        await tx.editors.addLoginFailure(keys, now.toISOString());
        await audit(tx, { name: email, ip: input.ip }, 'signin.failed', `user:${email}`, { reason: !user ? 'no such account' : user.disabled ? 'disabled' : 'wrong password' });
      });
      throw new UnauthenticatedError(WRONG);
    }
    const id = newSecret();
    const opened = new Date(); // after the deliberately slow password check
    const row: SessionRow = {
      idHash: hashSecret(id),
      userId: user.id,
      csrfToken: newSecret(),
      createdAt: opened.toISOString(),
      lastSeenAt: opened.toISOString(),
      expiresAt: new Date(opened.getTime() + this.policy.absoluteHours * 3600_000).toISOString(),
      ip: input.ip,
    };
    await this.backend.transaction(async (tx) => {
      if (input.previous) await tx.editors.deleteSession(hashSecret(input.previous));
      await tx.editors.clearLoginFailures(keys[0]!);
      await tx.editors.deleteExpiredSessions(opened.toISOString(), this.#idleSince(opened));
      await tx.editors.createSession(row);
      await audit(tx, { name: user.email, ip: input.ip }, 'signin', `user:${user.email}`);
    });
    return { id, session: activeSession(user, row, input.ip) };
  }

  /** The session behind a cookie's id, or undefined when unknown, expired (idle or absolute) or its account disabled. */
  async find(id: string | undefined, ip?: string): Promise<ActiveSession | undefined> {
    if (!id || id.length > 100) return undefined;
    const { editors } = this.backend;
    const row = await editors.getSession(hashSecret(id));
    if (!row) return undefined;
    const now = new Date();
    if (row.expiresAt <= now.toISOString() || row.lastSeenAt < this.#idleSince(now)) {
      await writeIfIdle(this.backend, (tx) => tx.editors.deleteSession(row.idHash));
      return undefined;
    }
    const user = await editors.getUser(row.userId);
    if (!user || user.disabled) return undefined;
    // Writing on every request would serialize readers behind the writer; a minute's precision is plenty for an idle limit.
    if (now.getTime() - Date.parse(row.lastSeenAt) > 60_000) await writeIfIdle(this.backend, (tx) => tx.editors.touchSession(row.idHash, now.toISOString()));
    return activeSession(user, row, ip);
  }

  async signOut(id: string, actor: Actor): Promise<void> {
    await this.backend.transaction(async (tx) => {
      await tx.editors.deleteSession(hashSecret(id));
      await audit(tx, actor, 'signout', `user:${actor.name}`);
    });
  }

  /** Ends every session of the actor's account, this one included. */
  async signOutEverywhere(actor: Actor): Promise<number> {
    if (!actor.userId) return 0;
    return this.backend.transaction(async (tx) => {
      const n = await tx.editors.deleteUserSessions(actor.userId!);
      await audit(tx, actor, 'signout.everywhere', `user:${actor.name}`, { sessions: n });
      return n;
    });
  }

  #idleSince(now: Date): string {
    return new Date(now.getTime() - this.policy.idleMinutes * 60_000).toISOString();
  }
}

function activeSession(user: UserRow, row: SessionRow, ip: string | undefined): ActiveSession {
  return {
    user: publicUser(user),
    actor: { userId: user.id, name: user.email, role: user.role, ip, via: 'session' },
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
  };
}
