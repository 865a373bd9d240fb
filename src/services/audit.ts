/**
 * The audit log: who did what, when and from where: every write, sign-in,
 * failed sign-in and role change. Entries are written inside the same
 * transaction as the change they describe, so the log never claims a change
 * that was rolled back, nor misses one that was made.
 * @module
 */
import type { Backend, Repositories } from '../backends/backend.js';
import type { Actor } from '../domain/roles.js';
import type { AuditEntry, AuditQuery } from '../backends/editor-store.js';
import { requirePermission } from './access.js';
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

/** Entries newest first, filtered; admins only. */
export async function listAudit(backend: Backend, actor: Actor, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
  requirePermission(actor, 'audit.read');
  return backend.editors.listAudit(query);
}
