/**
 * The MediaStorage a process uses, from configuration: the archive's
 * `media/` folder unless `DOSSIER_MEDIA_URL` names a bucket. The S3 client
 * is loaded only then, so an archive on disk never pays for it at start.
 * @module
 */
import { FilesystemMediaStorage, type MediaStorage } from '../services/media-storage.js';
import type { MediaConfig } from './media-config.js';

/** `folder` is the `media/` folder beside the archive; undefined for an in-memory archive (no uploads) unless S3 is set. */
export async function openMediaStorage(config: MediaConfig, folder: string | undefined): Promise<MediaStorage | undefined> {
  if (config.kind === 's3') {
    const { S3MediaStorage } = await import('./s3-media-storage.js');
    return new S3MediaStorage(config);
  }
  return folder === undefined ? undefined : new FilesystemMediaStorage(folder);
}
