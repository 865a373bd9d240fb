/**
 * The EditorStore in Kysely, for every SQL dialect (tables from migration
 * 0003-editors).
 * @module
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Role } from '../../domain/roles.js';
import type { AuditEntry, AuditQuery, EditorStore, ScheduleRow, SessionRow, TokenRow, UserRow } from '../editor-store.js';

interface EditorTables {
  users: { id: string; email: string; role: string; password_hash: string | null; disabled: number; created_at: string; updated_at: string };
  sessions: { id_hash: string; user_id: string; csrf_token: string; created_at: string; last_seen_at: string; expires_at: string; ip: string | null };
  password_resets: { token_hash: string; user_id: string; expires_at: string };
  login_failures: { key: string; at: string };
  request_counts: { key: string; started: number; count: number };
  api_tokens: { id: string; user_id: string; name: string; token_hash: string; created_at: string; last_used_at: string | null; revoked_at: string | null };
  audit_log: { id: string; at: string; actor: string; action: string; target: string | null; ip: string | null; detail: string | null };
  publication_schedule: { document_id: string; publish_at: string; actor: string };
}

type Db = Kysely<EditorTables> | Transaction<EditorTables>;

export class KyselyEditorStore implements EditorStore {
  readonly #db: Db;

  /** Takes the catalog's connection or transaction; the tables are its own. */
  constructor(db: Kysely<any> | Transaction<any>) {
    this.#db = db as Db;
  }

  // ---- users -------------------------------------------------------------

  async createUser(u: UserRow): Promise<void> {
    await this.#db
      .insertInto('users')
      .values({ id: u.id, email: u.email, role: u.role, password_hash: u.passwordHash ?? null, disabled: u.disabled ? 1 : 0, created_at: u.createdAt, updated_at: u.updatedAt })
      .execute();
  }

  async getUser(id: string): Promise<UserRow | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? userOf(row) : undefined;
  }

  async getUserByEmail(email: string): Promise<UserRow | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? userOf(row) : undefined;
  }

  async listUsers(): Promise<UserRow[]> {
    return (await this.#db.selectFrom('users').selectAll().orderBy('email').execute()).map(userOf);
  }

  async updateUser(id: string, change: Partial<Pick<UserRow, 'role' | 'passwordHash' | 'disabled'>> & { updatedAt: string }): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({
        updated_at: change.updatedAt,
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  // ---- sessions ----------------------------------------------------------

  async createSession(s: SessionRow): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({ id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt, ip: s.ip ?? null })
      .execute();
  }

  async getSession(idHash: string): Promise<SessionRow | undefined> {
    const r = await this.#db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r
      ? { idHash: r.id_hash, userId: r.user_id, csrfToken: r.csrf_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, ip: r.ip ?? undefined }
      : undefined;
  }

  async touchSession(idHash: string, at: string): Promise<void> {
    await this.#db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteUserSessions(userId: string): Promise<number> {
    const r = await this.#db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteExpiredSessions(now: string, idleSince: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleSince)])).execute();
  }

  // ---- password resets ---------------------------------------------------

  async createReset(tokenHash: string, userId: string, expiresAt: string): Promise<void> {
    await this.#db.deleteFrom('password_resets').where('user_id', '=', userId).execute();
    await this.#db.insertInto('password_resets').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
  }

  async takeReset(tokenHash: string, now: string): Promise<string | undefined> {
    // Taken in one statement, so two processes presenting the same link cannot both use it.
    const row = await this.#db.deleteFrom('password_resets').where('token_hash', '=', tokenHash).returning(['user_id', 'expires_at']).executeTakeFirst();
    if (!row) return undefined;
    return row.expires_at > now ? row.user_id : undefined;
  }

  // ---- sign-in failures --------------------------------------------------

  async addLoginFailure(keys: readonly string[], at: string): Promise<void> {
    if (keys.length === 0) return;
    await this.#db.insertInto('login_failures').values(keys.map((key) => ({ key, at }))).execute();
  }

  async loginFailures(key: string, since: string): Promise<{ count: number; earliest?: string }> {
    const row = await this.#db
      .selectFrom('login_failures')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('at').as('earliest')])
      .where('key', '=', key)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), earliest: row.earliest ?? undefined };
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.#db.deleteFrom('login_failures').where('key', '=', key).execute();
  }

  // ---- shared request counts (rate limits) -------------------------------

  async countRequest(key: string, now: number, windowMs: number): Promise<{ count: number; started: number }> {
    const over = sql`excluded.started - request_counts.started >= ${windowMs}`;
    const row = await this.#db
      .insertInto('request_counts')
      .values({ key, started: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when ${over} then 1 else request_counts.count + 1 end`,
          started: sql`case when ${over} then excluded.started else request_counts.started end`,
        }),
      )
      .returning(['count', 'started'])
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), started: Number(row.started) };
  }

  async pruneRequestCounts(before: number): Promise<void> {
    await this.#db.deleteFrom('request_counts').where('started', '<', before).execute();
  }

  // ---- API tokens --------------------------------------------------------

  async createToken(t: TokenRow & { tokenHash: string }): Promise<void> {
    await this.#db
      .insertInto('api_tokens')
      .values({ id: t.id, user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt, last_used_at: null, revoked_at: null })
      .execute();
  }

  async findToken(tokenHash: string): Promise<TokenRow | undefined> {
    const r = await this.#db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
    return r ? tokenOf(r) : undefined;
  }

  async listTokens(userId?: string): Promise<TokenRow[]> {
    let q = this.#db.selectFrom('api_tokens').selectAll();
    if (userId) q = q.where('user_id', '=', userId);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(tokenOf);
  }

  async revokeToken(id: string, at: string): Promise<boolean> {
    const r = await this.#db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.#db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  // ---- audit log ---------------------------------------------------------

  async addAudit(e: AuditEntry): Promise<void> {
    await this.#db
      .insertInto('audit_log')
      .values({ id: e.id, at: e.at, actor: e.actor, action: e.action, target: e.target ?? null, ip: e.ip ?? null, detail: e.detail ? JSON.stringify(e.detail) : null })
      .execute();
  }

  async listAudit(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    let q = this.#db.selectFrom('audit_log');
    if (query.since) q = q.where('at', '>=', query.since);
    if (query.actor) q = q.where('actor', '=', query.actor);
    // A prefix match: `signin` covers `signin` and `signin.failed`. Compared exactly rather than with LIKE, whose
    // escapes and case rules differ between SQLite and PostgreSQL (SQLite has no escape character unless told).
    if (query.action) q = q.where(sql<string>`substr(action, 1, ${sql.lit([...query.action].length)})`, '=', query.action);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset ?? 0).execute();
    return {
      total: Number(total.n),
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target ?? undefined,
        ip: r.ip ?? undefined,
        detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : undefined,
      })),
    };
  }

  // ---- publication schedule ----------------------------------------------

  async setSchedule(row: ScheduleRow): Promise<void> {
    await this.#db
      .insertInto('publication_schedule')
      .values({ document_id: row.documentId, publish_at: row.publishAt, actor: row.actor })
      .onConflict((oc) => oc.column('document_id').doUpdateSet({ publish_at: row.publishAt, actor: row.actor }))
      .execute();
  }

  async clearSchedule(documentId: string): Promise<void> {
    await this.#db.deleteFrom('publication_schedule').where('document_id', '=', documentId).execute();
  }

  async getSchedule(documentId: string): Promise<ScheduleRow | undefined> {
    const r = await this.#db.selectFrom('publication_schedule').selectAll().where('document_id', '=', documentId).executeTakeFirst();
    return r ? { documentId: r.document_id, publishAt: r.publish_at, actor: r.actor } : undefined;
  }

  async listSchedule(until?: string): Promise<ScheduleRow[]> {
    let q = this.#db.selectFrom('publication_schedule').selectAll();
    if (until) q = q.where('publish_at', '<=', until);
    return (await q.orderBy('publish_at').orderBy('document_id').execute()).map((r) => ({ documentId: r.document_id, publishAt: r.publish_at, actor: r.actor }));
  }
}

function userOf(r: EditorTables['users']): UserRow {
  return {
    id: r.id,
    email: r.email,
    role: r.role as Role,
    passwordHash: r.password_hash ?? undefined,
    disabled: r.disabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function tokenOf(r: EditorTables['api_tokens']): TokenRow {
  return { id: r.id, userId: r.user_id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at ?? undefined, revokedAt: r.revoked_at ?? undefined };
}
