/**
 * The role check every editorial service calls before it reads a draft or
 * writes anything: a wrong role is a ForbiddenError (403 on the web, exit 1
 * in the CLI) and nothing changes.
 * @module
 */
import { ForbiddenError } from '../domain/errors.js';
import { can, type Actor, type Permission } from '../domain/roles.js';

const WHAT: Record<Permission, string> = {
  'document.read-drafts': 'read unpublished documents',
  'document.create': 'create documents',
  'document.edit': 'edit documents',
  'document.edit-text': 'edit translations and transcripts',
  'document.submit': 'submit documents for review',
  'document.review': 'review documents',
  'document.publish': 'publish documents',
  'document.withdraw': 'withdraw documents',
  'users.manage': 'manage accounts',
  'audit.read': 'read the audit log',
};

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new ForbiddenError(`${actor.name} (${actor.role}) may not ${WHAT[permission]}`);
}

/** The actor of `dossier` commands run on the server itself: whoever can run them can already read the database. */
export const CLI_ACTOR: Actor = { name: 'cli', role: 'admin', via: 'cli' };

/** The actor of scheduled publication. */
export const SCHEDULER_ACTOR: Actor = { name: 'scheduler', role: 'editor', via: 'system' };
