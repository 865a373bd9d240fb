/**
 * The publication workflow: draft → review → published → withdrawn, as a
 * table of the moves allowed, who may make each, and what each needs (a
 * comment to send back, a public reason to withdraw). Pure data; the
 * editorial service applies it.
 * @module
 */
import type { DocumentStatus } from './document.js';
import type { Permission } from './roles.js';

export interface Transition {
  from: DocumentStatus;
  to: DocumentStatus;
  /** What the move is called in the interface and the audit log. */
  name: 'submit' | 'send back' | 'approve' | 'publish' | 'withdraw' | 'republish';
  permission: Permission;
  /** A comment for the author (send back) or a public reason (withdraw) is required. */
  needs?: 'comment' | 'reason';
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', to: 'review', name: 'submit', permission: 'document.submit' },
  { from: 'review', to: 'draft', name: 'send back', permission: 'document.review', needs: 'comment' },
  { from: 'review', to: 'published', name: 'approve', permission: 'document.review' },
  // Editors hold the right to publish: they may skip review (e.g. a correction to a reviewed text).
  { from: 'draft', to: 'published', name: 'publish', permission: 'document.publish' },
  { from: 'published', to: 'withdrawn', name: 'withdraw', permission: 'document.withdraw', needs: 'reason' },
  { from: 'withdrawn', to: 'published', name: 'republish', permission: 'document.publish' },
];

export function findTransition(from: DocumentStatus, to: DocumentStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export const STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: 'Draft',
  review: 'In review',
  published: 'Published',
  withdrawn: 'Withdrawn',
};
