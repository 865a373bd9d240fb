/**
 * The editor's worklist: their own drafts, what waits for review, what
 * changed lately and what is scheduled. "Mine" and "recent" are read from
 * the audit log, which already knows who touched which document and when.
 * @module
 */
import type { Backend } from '../backends/backend.js';
import type { Document } from '../domain/document.js';
import type { Actor } from '../domain/roles.js';
import type { DocumentSummary } from '../backends/store.js';
import { requirePermission } from './access.js';
import { summarize } from './archive.js';
import type { Archive } from './archive.js';

export interface WorkItem extends DocumentSummary {
  /** Who last touched it, what they did and when (from the audit log). */
  lastBy?: string;
  lastAction?: string;
  lastAt?: string;
  publishAt?: string;
}

export interface Worklist {
  mine: WorkItem[];
  review: WorkItem[];
  recent: WorkItem[];
  scheduled: WorkItem[];
}

/** What each audited change is called on the worklist. */
const PAST: Record<string, string> = {
  create: 'created', update: 'edited', restore: 'restored', schedule: 'scheduled', submit: 'submitted', 'send back': 'sent back',
  approve: 'approved', publish: 'published', withdraw: 'withdrawn', republish: 'published again', scheduled: 'published on schedule',
};

export async function worklist(archive: Archive, actor: Actor, limit = 15): Promise<Worklist> {
  requirePermission(actor, 'document.read-drafts');
  const { store, editors } = archive.backend;
  const [recentLog, mineLog, review, schedule] = await Promise.all([
    editors.listAudit({ action: 'document', limit: 300 }),
    editors.listAudit({ action: 'document', actor: actor.name, limit: 300 }),
    store.listDocuments({ status: 'review', order: 'date-desc', limit: 100 }),
    editors.listSchedule(),
  ]);
  const last = new Map<string, { by: string; action: string; at: string }>();
  for (const e of recentLog.items) {
    const id = e.target?.startsWith('document:') ? e.target.slice(9) : undefined;
    if (id && !last.has(id)) last.set(id, { by: e.actor, action: PAST[String(e.detail?.move ?? e.action.replace('document.', ''))] ?? 'changed', at: e.at });
  }
  const mineIds = [...new Set(mineLog.items.flatMap((e) => (e.target?.startsWith('document:') ? [e.target.slice(9)] : [])))];
  const docs = await store.getDocuments([...mineIds, ...last.keys(), ...schedule.map((s) => s.documentId)]);
  const item = (d: Document | DocumentSummary): WorkItem => {
    const l = last.get(d.id);
    return { ...('translations' in d ? summarize(d) : d), lastBy: l?.by, lastAction: l?.action, lastAt: l?.at };
  };
  const scheduledIds = new Set(schedule.map((s) => s.documentId));
  return {
    mine: mineIds.flatMap((id) => { const d = docs.get(id); return d?.status === 'draft' ? [item(d)] : []; }).slice(0, limit),
    review: review.items.filter((d) => !scheduledIds.has(d.id)).map(item).sort((a, b) => (b.lastAt ?? '').localeCompare(a.lastAt ?? '')).slice(0, limit),
    recent: [...last.keys()].flatMap((id) => { const d = docs.get(id); return d ? [item(d)] : []; }).slice(0, limit),
    scheduled: schedule.flatMap((s) => { const d = docs.get(s.documentId); return d ? [{ ...item(d), publishAt: s.publishAt }] : []; }),
  };
}
