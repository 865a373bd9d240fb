/**
 * Versioned, citable translations. Every revision in which a document was
 * published with a different translation than the published revision before
 * it is a version of the translation: the document page says when the
 * translation was last revised (with the editor's note), and each version
 * stays readable at `/documents/<id>/v/<revision>`, so a citation can name
 * the text it quotes. Only revisions that were published count: a draft's
 * text never reaches the public this way.
 * @module
 */
import type { Document } from '../domain/document.js';
import { NotFoundError } from '../domain/errors.js';
import type { Store } from '../backends/store.js';
import type { Archive, DocumentDetails } from './archive.js';

export interface TranslationVersion {
  revision: number;
  /** When this version was published (the revision's time). */
  at: string;
  /** The editor's note on the change, e.g. "Corrected the name of the minister". */
  note?: string;
}

/** The published versions of a document's translations, oldest first; empty for a document without translations. */
export async function translationVersions(archive: Archive, id: string): Promise<TranslationVersion[]> {
  const { store } = archive.backend;
  const revisions = (await store.listRevisions('document', id)).filter((r) => !r.deleted).reverse();
  const versions: TranslationVersion[] = [];
  let previous: string | undefined;
  for (const r of revisions) {
    const record = (await store.getRevision('document', id, r.revision)) as Document | undefined;
    if (record?.status !== 'published' || record.translations.length === 0) continue;
    const text = JSON.stringify(record.translations.map((t) => [t.language, t.html]));
    if (text === previous) continue;
    previous = text;
    versions.push({ revision: r.revision, at: r.changedAt, note: r.note });
  }
  return versions;
}

/** Each published version of the translations with its text, oldest first (the JSON API carries them all). */
export async function translationVersionTexts(archive: Archive, id: string): Promise<(TranslationVersion & { translations: Document['translations'] })[]> {
  const { store } = archive.backend;
  const out = [];
  for (const v of await translationVersions(archive, id)) {
    const record = (await store.getRevision('document', id, v.revision)) as Document | undefined;
    if (record) out.push({ ...v, translations: record.translations });
  }
  return out;
}

/**
 * A published document as it read at an earlier published revision: its texts and description then,
 * its people, places and collections as they are now. NotFoundError unless that revision was published.
 */
export async function documentAtVersion(archive: Archive, id: string, revision: number): Promise<DocumentDetails> {
  const current = await archive.document(id);
  const record = (await archive.backend.store.getRevision('document', id, revision)) as Document | undefined;
  if (record?.status !== 'published') throw new NotFoundError('Version', `${id}/v/${revision}`);
  return { ...current, document: record };
}
