/**
 * Editors' roles and what each may do. The services check these on every
 * write (not only the routes), so the CLI, the forms and the write API obey
 * the same rules. Pure data: no I/O.
 * @module
 */
import { z } from 'zod';

export const ROLES = ['admin', 'editor', 'reviewer', 'translator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });

/** Everything the editors' side lets someone do; each service method asks for one of these. */
export type Permission =
  | 'document.read-drafts'
  | 'document.create'
  | 'document.edit'
  /** Translations and transcripts only: a translator's edit may touch nothing else. */
  | 'document.edit-text'
  | 'document.submit'
  | 'document.review'
  | 'document.publish'
  | 'document.withdraw'
  | 'users.manage'
  | 'audit.read';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    'document.read-drafts', 'document.create', 'document.edit', 'document.edit-text', 'document.submit',
    'document.review', 'document.publish', 'document.withdraw', 'users.manage', 'audit.read',
  ],
  editor: [
    'document.read-drafts', 'document.create', 'document.edit', 'document.edit-text', 'document.submit',
    'document.review', 'document.publish', 'document.withdraw',
  ],
  reviewer: ['document.read-drafts', 'document.review'],
  translator: ['document.read-drafts', 'document.edit-text', 'document.submit'],
  viewer: ['document.read-drafts'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Someone acting on the archive: a signed-in editor, a script with a token, or the system itself. */
export interface Actor {
  /** The account's id; absent for the CLI and the scheduler. */
  userId?: string;
  /** What the audit log and revision history show, e.g. `alice@example.org`, `cli`, `scheduler`. */
  name: string;
  role: Role;
  /** The client's address, for the audit log. */
  ip?: string;
  /** How the actor came in: a session, an API token, the command line, the scheduler. */
  via: 'session' | 'token' | 'cli' | 'system';
}
