/**
 * A document's scans on the editors' side: upload (kept as received through
 * the MediaStorage port, then checked and turned into derivatives by the
 * scan-derivatives job), move a page up or down, remove one. Each is a
 * revision of the document from the revision the editor started from (an
 * upload: the latest when its job runs), audited in the same transaction. A
 * refused upload leaves no file; a removed page's files are kept, since
 * earlier revisions still show them.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Backend, TransactionScope } from '../backends/backend.js';
import type { Document } from '../domain/document.js';
import { NotFoundError, StaleRevisionError, ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import { requirePermission } from './access.js';
import type { Archive } from './archive.js';
import { audit } from './audit.js';
import { currentRevision } from './editorial.js';
import type { MediaStorage } from './media-storage.js';
import { saveDocument } from './records.js';
import { JobRunner } from './jobs/job-runner.js';
import { queueJob } from './jobs/queue-job.js';
import { SCAN_DERIVATIVES_JOB, scanDerivativesJob, type ScanJob } from './jobs/scan-derivatives-job.js';
import { checkUpload } from './scan-files.js';

export interface UnfinishedScan {
  label?: string;
  status: 'pending' | 'failed';
  /** Why the upload was refused. */
  error?: string;
  at: string;
}

const uploadFolder = (id: string) => `uploads/${id.replace(/[^A-Za-z0-9._-]+/g, '_')}`;

export class Scans {
  private readonly backend: Backend;

  readonly #runner: JobRunner;

  constructor(
    private readonly archive: Archive,
    private readonly storage: MediaStorage | undefined,
    /** `workers`: jobs are run by workers (`dossier worker`), not in the request; `nudge` after queueing one. */
    private readonly options: { workers?: boolean; nudge?: () => void } = {},
  ) {
    this.backend = archive.backend;
    this.#runner = new JobRunner(archive, storage ? [scanDerivativesJob(storage)] : []);
  }

  /**
   * Takes an upload: checks what can be checked at once (size, type by
   * content, the revision the editor started from), keeps the file as
   * received, and queues the job that draws its derivatives and adds them to
   * the document (jobs/scan-derivatives-job.ts). Where workers run the
   * jobs, the upload is answered at once (`queued`); else the job runs here
   * and now, so a refused file is refused in this answer, as it always was.
   * Returns the document's revision after the upload (before it, if queued).
   */
  async add(actor: Actor, id: string, base: number, upload: { bytes: Uint8Array; label?: string }): Promise<{ revision: number; queued: boolean }> {
    requirePermission(actor, 'document.edit');
    if (!this.storage) throw new ValidationError([{ path: 'file', message: 'this archive has no media folder to keep uploads in' }]);
    const type = checkUpload(upload.bytes);
    if (!(await this.backend.store.getDocument(id))) throw new NotFoundError('Document', id);
    const revision = await currentRevision(this.backend, id);
    if (revision !== base) throw new StaleRevisionError(id, base, revision);
    const stem = `${uploadFolder(id)}/${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    // The scan as received, for the archive's own keeping (a PDF is also the document's download).
    const original = type.kind === 'pdf' ? `${stem}.pdf` : `${stem}-original.${type.format.replace('jpeg', 'jpg')}`;
    await this.storage.write(original, upload.bytes);
    try {
      return await this.#queue(original, stem, id, actor, upload.label);
    } catch (error) {
      await this.storage.remove(original); // refused, or not queued: nothing of the upload is kept
      throw error;
    }
  }

  async #queue(original: string, stem: string, id: string, actor: Actor, label: string | undefined): Promise<{ revision: number; queued: boolean }> {
    const scan: ScanJob = { documentId: id, original, stem, label: label?.trim().slice(0, 300) || undefined, actor: { name: actor.name, role: actor.role, userId: actor.userId, ip: actor.ip } };
    const inRequest = !this.options.workers;
    const { id: job } = await queueJob(this.archive, { kind: SCAN_DERIVATIVES_JOB, key: `${SCAN_DERIVATIVES_JOB}:${original}`, payload: scan, maxAttempts: inRequest ? 1 : undefined });
    if (!inRequest) {
      this.options.nudge?.();
      return { revision: await currentRevision(this.backend, id), queued: true };
    }
    await this.#runner.runNow(job);
    return { revision: await currentRevision(this.backend, id), queued: false };
  }

  /** Uploads of this document whose derivatives are still being made, or whose job failed (kept a week). */
  async unfinished(actor: Actor, id: string): Promise<UnfinishedScan[]> {
    requirePermission(actor, 'document.edit');
    const jobs = await this.backend.jobs.list({ kind: SCAN_DERIVATIVES_JOB, keyPrefix: `${SCAN_DERIVATIVES_JOB}:${uploadFolder(id)}/`, limit: 50 });
    return jobs.flatMap((job) => {
      const scan = job.payload as ScanJob;
      if (scan.documentId !== id || job.status === 'done') return [];
      return [{ label: scan.label, status: job.status === 'failed' ? 'failed' : 'pending', error: job.status === 'failed' ? job.lastError?.replace(/^attempt \d+: /, '') : undefined, at: job.createdAt }];
    });
  }

  /** Moves page `index` one place up (-1) or down (+1). */
  async move(actor: Actor, id: string, base: number, index: number, by: -1 | 1): Promise<number> {
    requirePermission(actor, 'document.edit');
    return this.#change(actor, id, base, 'document.scan-move', (doc) => {
      const to = index + by;
      if (!doc.media[index] || !doc.media[to]) throw new ValidationError([{ path: 'index', message: 'there is no page there to move' }]);
      const media = [...doc.media];
      [media[index], media[to]] = [media[to]!, media[index]!];
      return { ...doc, media };
    }, `Moved scan ${index + 1} ${by < 0 ? 'up' : 'down'}`);
  }

  async remove(actor: Actor, id: string, base: number, index: number): Promise<number> {
    requirePermission(actor, 'document.edit');
    return this.#change(actor, id, base, 'document.scan-remove', (doc) => {
      if (!doc.media[index]) throw new ValidationError([{ path: 'index', message: 'there is no such page' }]);
      return { ...doc, media: doc.media.filter((_, i) => i !== index) };
    }, `Removed scan ${index + 1}`);
  }

  async #change(actor: Actor, id: string, base: number, action: string, fn: (doc: Document) => Document, note: string): Promise<number> {
    return this.backend.transaction(async (tx: TransactionScope) => {
      await tx.store.lockForWrite(); // no other process's save between the revision check and this one
      const doc = await tx.store.getDocument(id);
      if (!doc) throw new NotFoundError('Document', id);
      const revision = await currentRevision(tx, id);
      if (revision !== base) throw new StaleRevisionError(id, base, revision);
      await saveDocument(tx, fn(doc), { actor: actor.name, note });
      await audit(tx, actor, action, `document:${id}`, { note });
      return currentRevision(tx, id);
    });
  }
}
