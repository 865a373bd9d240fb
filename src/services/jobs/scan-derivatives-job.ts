/**
 * A scan's derivatives as a job: the upload, already stored as received
 * (scans.ts), is checked in full and drawn into what the site shows (a
 * display image and a thumbnail; for a PDF, each page; scan-files.ts), and
 * the document gets them as a new revision, audited, in the transaction
 * that completes the job, so a worker killed anywhere on the way adds the
 * pages once, when the job runs again. Derivative names come from the
 * upload's, so a run again replaces what a run cut short left behind. An
 * upload that cannot be used (damaged, a pixel bomb, too many pages) is
 * removed and the job failed for good with the reason; so is one whose
 * document was deleted meanwhile.
 * @module
 */
import { z } from 'zod';
import { LeaseLostError } from '../../backends/job-queue.js';
import type { Media } from '../../domain/document.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { ROLES } from '../../domain/roles.js';
import { audit } from '../audit.js';
import { readMediaBytes, type MediaStorage } from '../media-storage.js';
import { saveDocument } from '../records.js';
import { processScan } from '../scan-files.js';
import { defineJob } from './job-kind.js';

export const SCAN_DERIVATIVES_JOB = 'scan-derivatives';

const payload = z.object({
  documentId: z.string().min(1),
  /** The upload as received, in the media storage: `<stem>-original.<ext>` or `<stem>.pdf`. */
  original: z.string().min(1),
  /** Where the derivatives go: `<stem>-thumb.jpg`, `<stem>.jpg`, or `<stem>-p<n>…` for a PDF's pages. */
  stem: z.string().min(1),
  label: z.string().max(300).optional(),
  actor: z.object({ name: z.string().min(1), role: z.enum(ROLES), userId: z.string().optional(), ip: z.string().optional() }),
});

export type ScanJob = z.infer<typeof payload>;

export function scanDerivativesJob(storage: MediaStorage) {
  return defineJob({
    kind: SCAN_DERIVATIVES_JOB,
    payload,
    async run(archive, scan, job) {
      const written: string[] = [];
      const put = async (path: string, bytes: Uint8Array) => {
        await storage.remove(path); // left by a run cut short
        await storage.write(path, bytes);
        written.push(path);
      };
      try {
        const { result } = await processScan(await readMediaBytes(storage, scan.original));
        const { label, stem } = scan;
        const added: Media[] = [];
        if (result.kind === 'pdf') {
          // Its pages become the document's page images (the viewer's and the IIIF manifest's canvases); the PDF stays as the download.
          for (const [i, page] of result.images.entries()) {
            await put(`${stem}-p${i + 1}-thumb.jpg`, page.thumbnail);
            await put(`${stem}-p${i + 1}.jpg`, page.display);
            added.push({ kind: 'image', url: `media/${stem}-p${i + 1}.jpg`, mimeType: 'image/jpeg', width: page.width, height: page.height, label: label ? `${label.slice(0, 280)}, page ${i + 1}` : `Page ${i + 1}` });
          }
          added.push({ kind: 'pdf', url: `media/${scan.original}`, mimeType: 'application/pdf', pages: result.pages, label });
        } else {
          await put(`${stem}-thumb.jpg`, result.thumbnail);
          await put(`${stem}.jpg`, result.display);
          added.push({ kind: 'image', url: `media/${stem}.jpg`, mimeType: 'image/jpeg', width: result.width, height: result.height, label });
        }
        const note = result.kind === 'pdf' ? `Added a PDF of ${result.pages} ${result.pages === 1 ? 'page' : 'pages'}${label ? `: ${label}` : ''}` : `Added a scan${label ? `: ${label}` : ''}`;
        await archive.backend.transaction(async (tx) => {
          const doc = await tx.store.getDocument(scan.documentId);
          if (!doc) throw new NotFoundError('Document', scan.documentId);
          await saveDocument(tx, { ...doc, media: [...doc.media, ...added] }, { actor: scan.actor.name, note });
          await audit(tx, scan.actor, 'document.scan-add', `document:${doc.id}`, { note });
          await job.completeIn(tx);
        });
      } catch (error) {
        // Another worker holding the job now writes the same names: its files stay.
        if (error instanceof LeaseLostError) throw error;
        await Promise.all(written.map((f) => storage.remove(f)));
        // Nothing a retry could mend: the upload goes too, so a refused file leaves nothing behind.
        if (error instanceof ValidationError || error instanceof NotFoundError) await storage.remove(scan.original);
        throw error;
      }
    },
  });
}
