/**
 * A document's scans on the editors' side: upload (checked and turned into
 * derivatives by scan-files.ts, stored through the MediaStorage port), move
 * a page up or down, remove one. Each is a revision of the document from the
 * revision the editor started from, audited in the same transaction. Files
 * are written before the transaction and removed again if it fails; a
 * removed page's files are kept, since earlier revisions still show them.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Backend, TransactionScope } from '../backends/backend.js';
import type { Document, Media } from '../domain/document.js';
import { NotFoundError, StaleRevisionError, ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import { requirePermission } from './access.js';
import type { Archive } from './archive.js';
import { audit } from './audit.js';
import { currentRevision } from './editorial.js';
import type { MediaStorage } from './media-storage.js';
import { saveDocument } from './records.js';
import { processScan } from './scan-files.js';

export class Scans {
  private readonly backend: Backend;

  constructor(
    archive: Archive,
    private readonly storage: MediaStorage | undefined,
  ) {
    this.backend = archive.backend;
  }

  async add(actor: Actor, id: string, base: number, upload: { bytes: Uint8Array; label?: string }): Promise<number> {
    requirePermission(actor, 'document.edit');
    if (!this.storage) throw new ValidationError([{ path: 'file', message: 'this archive has no media folder to keep uploads in' }]);
    const storage = this.storage;
    const { type, result } = await processScan(upload.bytes);
    const folder = `uploads/${id.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
    const name = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const files: string[] = [];
    const put = async (path: string, bytes: Uint8Array) => {
      await storage.write(path, bytes);
      files.push(path);
    };
    const label = upload.label?.trim().slice(0, 300) || undefined;
    let media: Media;
    try {
      if (result.kind === 'pdf') {
        // Its pages become the document's page images (the viewer's and the IIIF manifest's canvases); the PDF stays as the download.
        const pages: Media[] = [];
        for (const [i, page] of result.images.entries()) {
          const stem = `${folder}/${name}-p${i + 1}`;
          await put(`${stem}-thumb.jpg`, page.thumbnail);
          await put(`${stem}.jpg`, page.display);
          pages.push({ kind: 'image', url: `media/${stem}.jpg`, mimeType: 'image/jpeg', width: page.width, height: page.height, label: label ? `${label.slice(0, 280)}, page ${i + 1}` : `Page ${i + 1}` });
        }
        await put(`${folder}/${name}.pdf`, upload.bytes);
        const pdf: Media = { kind: 'pdf', url: `media/${folder}/${name}.pdf`, mimeType: 'application/pdf', pages: result.pages, label };
        return await this.#change(actor, id, base, 'document.scan-add', (doc) => ({ ...doc, media: [...doc.media, ...pages, pdf] }), `Added a PDF of ${result.pages} ${result.pages === 1 ? 'page' : 'pages'}${label ? `: ${label}` : ''}`);
      } else {
        const ext = type.kind === 'image' ? type.format.replace('jpeg', 'jpg') : 'bin';
        await put(`${folder}/${name}-original.${ext}`, upload.bytes); // the scan as received, for the archive's own keeping
        await put(`${folder}/${name}-thumb.jpg`, result.thumbnail);
        await put(`${folder}/${name}.jpg`, result.display);
        media = { kind: 'image', url: `media/${folder}/${name}.jpg`, mimeType: 'image/jpeg', width: result.width, height: result.height, label };
      }
      return await this.#change(actor, id, base, 'document.scan-add', (doc) => ({ ...doc, media: [...doc.media, media] }), `Added a scan${label ? `: ${label}` : ''}`);
    } catch (error) {
      await Promise.all(files.map((f) => storage.remove(f)));
      throw error;
    }
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
