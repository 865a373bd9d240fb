/**
 * The audit log: who did what, when and from where: every write, sign-in,
 * failed sign-in and role change. Entries are written inside the same
 * transaction as the change they describe, so the log never claims a change
 * that was rolled back, nor misses one that was made.
 * @module
 */
import type { Repositories } from '../backends/backend.js';
import type { Actor } from '../domain/roles.js';
import type { AuditEntry, AuditQuery } from '../backends/editor-store.js';
import { requirePermission } from './access.js';
import type { Archive } from './archive.js';
import { timeOrderedId } from './secrets.js';

export async function audit(
  repos: Repositories,
  actor: Pick<Actor, 'name' | 'ip'>,
  action: string,
  target?: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  const at = new Date().toISOString();
  await repos.editors.addAudit({ id: timeOrderedId(at), at, actor: actor.name, action, target, ip: actor.ip, detail });
}

/** One entry in a transaction of its own, for a change made outside the editorial services (a command's run). */
export async function auditRun(archive: Archive, actor: Pick<Actor, 'name' | 'ip'>, action: string, detail?: Record<string, unknown>): Promise<void> {
  await archive.backend.transaction((tx) => audit(tx, actor, action, undefined, detail));
}

/** Entries newest first, filtered; admins only. */
export async function listAudit(archive: Archive, actor: Actor, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
  requirePermission(actor, 'audit.read');
  return archive.backend.editors.listAudit(query);
}
