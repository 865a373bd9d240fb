/**
 * Documents on the editors' side: reading drafts, creating, saving,
 * moving through the workflow, scheduling, and restoring revisions. Every
 * method takes the actor and checks their role first (a wrong role is a
 * ForbiddenError and nothing changes); every write is one transaction with
 * its revision, its search-index update and its audit entry. Saves carry the
 * revision they started from, and one made on top of a newer revision is
 * refused (StaleRevisionError), never silently merged.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Backend, TransactionScope } from '../backends/backend.js';
import { zodIssues } from '../domain/archive-record.js';
import { authoritySchema, type Authority } from '../domain/authority.js';
import { documentSchema, type Document, type DocumentStatus } from '../domain/document.js';
import { ForbiddenError, NotFoundError, RecordExistsError, StaleRevisionError, ValidationError } from '../domain/errors.js';
import { slugify } from '../domain/ids.js';
import type { Actor } from '../domain/roles.js';
import { can } from '../domain/roles.js';
import { findTransition } from '../domain/workflow.js';
import type { ScheduleRow } from '../backends/editor-store.js';
import type { DocumentSummary, Page, RevisionInfo } from '../backends/store.js';
import { requirePermission, SCHEDULER_ACTOR } from './access.js';
import type { Archive, DocumentDetails } from './archive.js';
import { audit } from './audit.js';
import { saveAuthority, saveDocument } from './records.js';

export interface EditedDocument {
  document: Document;
  /** The revision this version is; a save must carry it to be accepted. */
  revision: number;
  schedule?: ScheduleRow;
}

export interface StatusChange {
  status: DocumentStatus;
  /** To the author when sending back; kept as the revision's note. */
  comment?: string;
  /** Public reason, when withdrawing. */
  reason?: string;
  /** ISO timestamp: approve now but publish then. */
  publishAt?: string;
}

/** Fields the archive manages: an edit never sets them (the workflow does). */
const MANAGED = ['status', 'withdrawnReason', 'uploadedAt', 'publishedAt', 'updatedAt'] as const;
/** What a translator may change. */
const TEXT_FIELDS = new Set(['translations', 'transcripts']);

export class Editorial {
  private readonly backend: Backend;

  constructor(private readonly archive: Archive) {
    this.backend = archive.backend;
  }

  /** What the public page will show for a document, whatever its status (the editors' preview). */
  async preview(actor: Actor, id: string): Promise<DocumentDetails> {
    requirePermission(actor, 'document.read-drafts');
    const document = await this.backend.store.getDocument(id);
    if (!document) throw new NotFoundError('Document', id);
    return this.archive.detailsOf(document);
  }

  // ---- reads -------------------------------------------------------------

  async document(actor: Actor, id: string): Promise<EditedDocument> {
    requirePermission(actor, 'document.read-drafts');
    const { store, editors } = this.backend;
    const document = await store.getDocument(id);
    if (!document) throw new NotFoundError('Document', id);
    return { document, revision: await currentRevision(this.backend, id), schedule: await editors.getSchedule(id) };
  }

  async list(actor: Actor, query: { status?: DocumentStatus | 'any'; limit: number; offset?: number }): Promise<Page<DocumentSummary>> {
    requirePermission(actor, 'document.read-drafts');
    return this.backend.store.listDocuments({ status: query.status ?? 'any', order: 'date-desc', limit: query.limit, offset: query.offset });
  }

  async revisions(actor: Actor, id: string): Promise<RevisionInfo[]> {
    requirePermission(actor, 'document.read-drafts');
    const list = await this.backend.store.listRevisions('document', id);
    if (list.length === 0) throw new NotFoundError('Document', id);
    return list;
  }

  /** One past version of a document, as it was stored. */
  async revision(actor: Actor, id: string, revision: number): Promise<Document> {
    requirePermission(actor, 'document.read-drafts');
    const record = await this.backend.store.getRevision('document', id, revision);
    if (!record) throw new NotFoundError('Revision', `${id}@${revision}`);
    return record as Document;
  }

  // ---- writes ------------------------------------------------------------

  /** Creates a document from the import format; it is always a draft, whatever the input says. */
  async create(actor: Actor, input: unknown, note?: string, extra: WithRecords = {}): Promise<EditedDocument> {
    requirePermission(actor, 'document.create');
    const raw = withoutManaged(input);
    if (raw.id === undefined && typeof raw.title === 'string') raw.id = `${slugify(raw.title, 'document').slice(0, 60)}-${randomBytes(3).toString('hex')}`;
    const doc = { ...parseDocument({ ...raw, status: 'draft' }) };
    return this.backend.transaction(async (tx) => {
      // Two editors creating one identifier at once, in two processes: the second waits here for the first's
      // commit and finds its record, instead of both finding none and the second failing on the unique key.
      await tx.store.lockForWrite();
      if (await tx.store.getDocument(doc.id)) throw new RecordExistsError('document', doc.id);
      await saveNewRecords(tx, actor, extra);
      await saveDocument(tx, doc, { actor: actor.name, note: note ?? 'Created' });
      await audit(tx, actor, 'document.create', `document:${doc.id}`);
      return edited(tx, doc.id);
    });
  }

  /**
   * Replaces a document's content from `base` (the revision the edit started from). Status and the
   * archive's own dates stay as they are; translators may change only translations and transcripts,
   * and only before publication.
   */
  async update(actor: Actor, id: string, input: unknown, base: number, note?: string, extra: WithRecords = {}): Promise<EditedDocument> {
    if (!can(actor.role, 'document.edit')) requirePermission(actor, 'document.edit-text');
    const raw = withoutManaged(input);
    if (raw.id !== undefined && raw.id !== id) throw new ValidationError([{ path: 'id', message: `does not match the document being saved ("${id}")` }]);
    return this.backend.transaction(async (tx) => {
      const current = await loadForWrite(tx, id, base);
      const doc = parseDocument({ ...raw, id, status: current.status, withdrawnReason: current.withdrawnReason, uploadedAt: current.uploadedAt, publishedAt: current.publishedAt, slug: raw.slug ?? current.slug });
      if (!can(actor.role, 'document.edit')) checkTextOnly(actor, current, doc);
      await saveNewRecords(tx, actor, extra);
      const outcome = await saveDocument(tx, doc, { actor: actor.name, note: note || undefined });
      if (outcome !== 'unchanged') await audit(tx, actor, 'document.update', `document:${id}`, { from: base, note });
      return edited(tx, id);
    });
  }

  /** Moves a document through the workflow (see domain/workflow.ts); `publishAt` in the future schedules instead. */
  async setStatus(actor: Actor, id: string, change: StatusChange, base?: number): Promise<EditedDocument> {
    return this.backend.transaction(async (tx) => {
      const current = await loadForWrite(tx, id, base);
      const move = findTransition(current.status, change.status);
      if (!move) throw new ValidationError([{ path: 'status', message: `a ${current.status} document cannot become ${change.status}` }]);
      requirePermission(actor, move.permission);
      const comment = change.comment?.trim();
      const reason = change.reason?.trim();
      if (move.needs === 'comment' && !comment) throw new ValidationError([{ path: 'comment', message: 'say what needs to change' }]);
      if (move.needs === 'reason' && !reason) throw new ValidationError([{ path: 'reason', message: 'a withdrawn document shows a public reason' }]);
      if (change.publishAt && change.status === 'published' && Date.parse(change.publishAt) > Date.now()) {
        await tx.editors.setSchedule({ documentId: id, publishAt: new Date(change.publishAt).toISOString(), actor: actor.name });
        await audit(tx, actor, 'document.schedule', `document:${id}`, { publishAt: change.publishAt });
        return edited(tx, id);
      }
      const next: Document = { ...current, status: change.status, withdrawnReason: change.status === 'withdrawn' ? reason : undefined };
      await saveDocument(tx, next, { actor: actor.name, note: comment || reason || `${capitalize(move.name)}` });
      await tx.editors.clearSchedule(id);
      await audit(tx, actor, 'document.status', `document:${id}`, { from: current.status, to: change.status, move: move.name, comment, reason });
      return edited(tx, id);
    });
  }

  /** Makes an earlier revision's content current again, as a new revision; the status stays. */
  async restore(actor: Actor, id: string, revision: number, base: number): Promise<EditedDocument> {
    requirePermission(actor, 'document.edit');
    return this.backend.transaction(async (tx) => {
      const current = await loadForWrite(tx, id, base);
      const old = await tx.store.getRevision('document', id, revision);
      if (!old) throw new NotFoundError('Revision', `${id}@${revision}`);
      const doc = parseDocument({ ...withoutManaged(old), status: current.status, withdrawnReason: current.withdrawnReason, uploadedAt: current.uploadedAt, publishedAt: current.publishedAt });
      await saveDocument(tx, doc, { actor: actor.name, note: `Restored revision ${revision}` });
      await audit(tx, actor, 'document.restore', `document:${id}`, { revision });
      return edited(tx, id);
    });
  }

  /** Publishes every scheduled document whose time has come; returns how many. */
  async publishDue(now = new Date()): Promise<number> {
    let published = 0;
    for (const row of await this.backend.editors.listSchedule(now.toISOString())) {
      await this.backend.transaction(async (tx) => {
        // The schedule row first: on PostgreSQL a second process publishing the same row waits on its lock
        // here, and then reads the document as the first left it (published), so it is published once.
        await tx.editors.clearSchedule(row.documentId);
        const doc = await tx.store.getDocument(row.documentId);
        if (!doc || (doc.status !== 'review' && doc.status !== 'draft')) return;
        await saveDocument(tx, { ...doc, status: 'published' }, { actor: SCHEDULER_ACTOR.name, note: `Scheduled by ${row.actor}` });
        await audit(tx, SCHEDULER_ACTOR, 'document.status', `document:${doc.id}`, { from: doc.status, to: 'published', move: 'scheduled', by: row.actor });
        published++;
      });
    }
    return published;
  }
}

/** Authority records made inline from a form (see reference-names.ts), saved with the document. */
export interface WithRecords {
  authorities?: Authority[];
}

async function saveNewRecords(tx: TransactionScope, actor: Actor, extra: WithRecords): Promise<void> {
  if (!extra.authorities?.length) return;
  requirePermission(actor, 'document.edit');
  for (const a of extra.authorities) {
    const parsed = authoritySchema.safeParse(a);
    if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), `The new ${a.kind} record is not valid`);
    await saveAuthority(tx, parsed.data, { actor: actor.name, note: 'Created from a document form' });
    await audit(tx, actor, 'authority.create', `${a.kind}:${a.id}`);
  }
}

export async function currentRevision(repos: Pick<Backend, 'store'>, id: string): Promise<number> {
  return (await repos.store.listRevisions('document', id))[0]?.revision ?? 0;
}

async function loadForWrite(tx: TransactionScope, id: string, base: number | undefined): Promise<Document> {
  // Two editors saving at once in two processes: the second reads the first's revision and gets the conflict page.
  if (base !== undefined) await tx.store.lockForWrite();
  const current = await tx.store.getDocument(id);
  if (!current) throw new NotFoundError('Document', id);
  if (base !== undefined) {
    const revision = await currentRevision(tx, id);
    if (revision !== base) throw new StaleRevisionError(id, base, revision);
  }
  return current;
}

async function edited(tx: TransactionScope, id: string): Promise<EditedDocument> {
  return { document: (await tx.store.getDocument(id))!, revision: await currentRevision(tx, id), schedule: await tx.editors.getSchedule(id) };
}

function withoutManaged(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError([{ path: '', message: 'expected a JSON object' }]);
  const { kind, ...rest } = input as Record<string, unknown>;
  if (kind !== undefined && kind !== 'document') throw new ValidationError([{ path: 'kind', message: 'expected "document" (or no kind)' }]);
  for (const key of MANAGED) delete rest[key];
  return rest;
}

function parseDocument(raw: unknown): Document {
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error), 'The document is not valid');
  return parsed.data;
}

function checkTextOnly(actor: Actor, current: Document, next: Document): void {
  if (current.status !== 'draft' && current.status !== 'review') {
    throw new ForbiddenError(`${actor.name} (${actor.role}) may edit translations and transcripts only before publication`);
  }
  const changed = Object.keys({ ...current, ...next }).filter(
    (k) => !TEXT_FIELDS.has(k) && k !== 'updatedAt' && JSON.stringify(current[k as keyof Document]) !== JSON.stringify(next[k as keyof Document]),
  );
  if (changed.length > 0) throw new ForbiddenError(`${actor.name} (${actor.role}) may change only translations and transcripts, not ${changed.join(', ')}`);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
