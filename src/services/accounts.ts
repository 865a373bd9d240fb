/**
 * Editors' accounts: adding them, listing, changing roles, disabling, and
 * one-time password links (there is no mail server: the link is printed for
 * an admin to pass on). Only admins manage accounts; every change is audited
 * and ends the sessions it should (a disabled account or a reset password is
 * signed out everywhere).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { roleSchema, type Actor, type Role } from '../domain/roles.js';
import type { UserRow } from '../backends/editor-store.js';
import { requirePermission } from './access.js';
import { audit } from './audit.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { hashSecret, newSecret } from './secrets.js';
import type { Archive } from './archive.js';

export const emailSchema = z.string().trim().toLowerCase().max(254).email('expected an email address');

/** How long a one-time password link works. */
const RESET_HOURS = 24;

export type PublicUser = Omit<UserRow, 'passwordHash'> & { hasPassword: boolean };

export function publicUser(u: UserRow): PublicUser {
  const { passwordHash, ...rest } = u;
  return { ...rest, hasPassword: passwordHash !== undefined };
}

export class Accounts {
  private readonly backend: Backend;

  constructor(archive: Archive) {
    this.backend = archive.backend;
  }

  /** Adds an account. Without a password, it can only be used after its one-time link (see {@link reset}). */
  async add(actor: Actor, input: { email: string; role: string; password?: string }): Promise<PublicUser> {
    requirePermission(actor, 'users.manage');
    const email = parseEmail(input.email);
    const role = parseRole(input.role);
    if (input.password !== undefined) checkPassword(input.password);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    const at = new Date().toISOString();
    const user: UserRow = { id: randomUUID(), email, role, passwordHash, disabled: false, createdAt: at, updatedAt: at };
    await this.backend.transaction(async (tx) => {
      if (await tx.editors.getUserByEmail(email)) throw new ConflictError(`An account for ${email} already exists`);
      await tx.editors.createUser(user);
      await audit(tx, actor, 'user.add', `user:${email}`, { role });
    });
    return publicUser(user);
  }

  async list(actor: Actor): Promise<PublicUser[]> {
    requirePermission(actor, 'users.manage');
    return (await this.backend.editors.listUsers()).map(publicUser);
  }

  async setRole(actor: Actor, email: string, role: string): Promise<PublicUser> {
    requirePermission(actor, 'users.manage');
    const newRole = parseRole(role);
    return this.backend.transaction(async (tx) => {
      const user = await findUser(tx.editors, email);
      if (user.role === newRole) return publicUser(user);
      await tx.editors.updateUser(user.id, { role: newRole, updatedAt: new Date().toISOString() });
      await audit(tx, actor, 'user.role', `user:${user.email}`, { from: user.role, to: newRole });
      return publicUser({ ...user, role: newRole });
    });
  }

  /** Disables (or with `disabled: false`, enables) an account; a disabled account is signed out everywhere and its tokens stop working. */
  async setDisabled(actor: Actor, email: string, disabled = true): Promise<PublicUser> {
    requirePermission(actor, 'users.manage');
    return this.backend.transaction(async (tx) => {
      const user = await findUser(tx.editors, email);
      await tx.editors.updateUser(user.id, { disabled, updatedAt: new Date().toISOString() });
      if (disabled) await tx.editors.deleteUserSessions(user.id);
      await audit(tx, actor, disabled ? 'user.disable' : 'user.enable', `user:${user.email}`);
      return publicUser({ ...user, disabled });
    });
  }

  /** Makes a one-time link (its secret part) for setting a new password; ends the account's sessions. */
  async reset(actor: Actor, email: string): Promise<{ token: string; expiresAt: string }> {
    requirePermission(actor, 'users.manage');
    const token = newSecret();
    const expiresAt = new Date(Date.now() + RESET_HOURS * 3600_000).toISOString();
    await this.backend.transaction(async (tx) => {
      const user = await findUser(tx.editors, email);
      await tx.editors.createReset(hashSecret(token), user.id, expiresAt);
      await tx.editors.deleteUserSessions(user.id);
      await audit(tx, actor, 'user.reset', `user:${user.email}`);
    });
    return { token, expiresAt };
  }

  /** Sets a new password through a one-time link; the link is used up whether or not it had expired. */
  async completeReset(token: string, password: string, ip?: string): Promise<PublicUser> {
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    return this.backend.transaction(async (tx) => {
      const userId = await tx.editors.takeReset(hashSecret(token), new Date().toISOString());
      const user = userId ? await tx.editors.getUser(userId) : undefined;
      if (!user) throw new NotFoundError('Password link', 'this link');
      await tx.editors.updateUser(user.id, { passwordHash, updatedAt: new Date().toISOString() });
      await tx.editors.deleteUserSessions(user.id);
      await audit(tx, { name: user.email, ip }, 'user.password', `user:${user.email}`);
      return publicUser({ ...user, passwordHash });
    });
  }
}

async function findUser(editors: Backend['editors'], email: string): Promise<UserRow> {
  const user = await editors.getUserByEmail(parseEmail(email));
  if (!user) throw new NotFoundError('Account', email);
  return user;
}

function parseEmail(email: string): string {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) throw new ValidationError([{ path: 'email', message: 'expected an email address' }]);
  return parsed.data;
}

function parseRole(role: string): Role {
  const parsed = roleSchema.safeParse(role);
  if (!parsed.success) throw new ValidationError([{ path: 'role', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError([{ path: 'password', message: problem }]);
}
