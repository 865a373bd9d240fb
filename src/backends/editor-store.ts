/**
 * The EditorStore port: accounts, sessions, sign-in failures, password-reset
 * links, API tokens, the audit log and the publication schedule. It lives in
 * the archive's database beside the catalog (and joins its transactions), so
 * several server processes share sessions and throttling, and an edit and
 * its audit entry are written together or not at all.
 * @module
 */
import type { Role } from '../domain/roles.js';

export interface UserRow {
  id: string;
  email: string;
  role: Role;
  passwordHash?: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SessionRow {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute expiry, fixed at sign-in. */
  expiresAt: string;
  ip?: string;
}

export interface TokenRow {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  /** e.g. `document.update`, `document.status`, `signin`, `signin.failed`, `user.role`. */
  action: string;
  /** What was acted on, e.g. `document:frus1969-76v17/d1`, `user:alice@example.org`. */
  target?: string;
  ip?: string;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  /** ISO timestamp: entries at or after it. */
  since?: string;
  actor?: string;
  /** A prefix of the action, e.g. `signin` or `document`. */
  action?: string;
  limit: number;
  offset?: number;
}

export interface ScheduleRow {
  documentId: string;
  publishAt: string;
  actor: string;
}

export interface EditorStore {
  createUser(user: UserRow): Promise<void>;
  getUser(id: string): Promise<UserRow | undefined>;
  getUserByEmail(email: string): Promise<UserRow | undefined>;
  listUsers(): Promise<UserRow[]>;
  updateUser(id: string, change: Partial<Pick<UserRow, 'role' | 'passwordHash' | 'disabled'>> & { updatedAt: string }): Promise<void>;

  createSession(session: SessionRow): Promise<void>;
  getSession(idHash: string): Promise<SessionRow | undefined>;
  touchSession(idHash: string, at: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a user; returns how many. */
  deleteUserSessions(userId: string): Promise<number>;
  deleteExpiredSessions(now: string, idleSince: string): Promise<void>;

  createReset(tokenHash: string, userId: string, expiresAt: string): Promise<void>;
  /** The user a reset link belongs to, consuming it; undefined when unknown or expired. */
  takeReset(tokenHash: string, now: string): Promise<string | undefined>;

  addLoginFailure(keys: readonly string[], at: string): Promise<void>;
  /** Failures recorded for `key` since `since`, and the earliest of them. */
  loginFailures(key: string, since: string): Promise<{ count: number; earliest?: string }>;
  clearLoginFailures(key: string): Promise<void>;

  /**
   * Counts one request for `key` at `now` (ms) in its fixed window of
   * `windowMs`, which starts at the key's first request and again at the
   * first after it ends, and returns the requests counted in the window,
   * this one included. A process whose clock is behind counts into the
   * current window. One statement, so processes sharing the database share
   * the count (migration 0006a-web-processes).
   */
  countRequest(key: string, now: number, windowMs: number): Promise<{ count: number; started: number }>;
  /** Forgets the keys whose window started before `before` (ms). */
  pruneRequestCounts(before: number): Promise<void>;

  createToken(token: TokenRow & { tokenHash: string }): Promise<void>;
  /** A live (unrevoked) token by its hash. */
  findToken(tokenHash: string): Promise<TokenRow | undefined>;
  listTokens(userId?: string): Promise<TokenRow[]>;
  revokeToken(id: string, at: string): Promise<boolean>;
  touchToken(id: string, at: string): Promise<void>;

  addAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }>;

  setSchedule(row: ScheduleRow): Promise<void>;
  clearSchedule(documentId: string): Promise<void>;
  getSchedule(documentId: string): Promise<ScheduleRow | undefined>;
  /** Scheduled publications, soonest first; only those due by `until` when given. */
  listSchedule(until?: string): Promise<ScheduleRow[]>;
}
