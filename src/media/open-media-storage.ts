/**
 * The MediaStorage a process uses, from configuration: the archive's
 * `media/` folder unless `DOSSIER_MEDIA_URL` names a bucket. The S3 client
 * is loaded only then, so an archive on disk never pays for it at start.
 * @module
 */
import { FilesystemMediaStorage, type MediaStorage } from '../services/media-storage.js';
import type { MediaConfig } from './media-config.js';

/**
 * `folder` is the `media/` folder beside the archive; undefined for an in-memory archive (no uploads) unless S3 is
 * set. A bucket is probed once in the background and `warn` told if it does not answer: a wrong name or key shows
 * at start, not at the first visitor's scan, yet pages (which never need it) are served meanwhile.
 */
export async function openMediaStorage(config: MediaConfig, folder: string | undefined, warn?: (message: string) => void): Promise<MediaStorage | undefined> {
  if (config.kind === 's3') {
    const { S3MediaStorage } = await import('./s3-media-storage.js');
    const storage = new S3MediaStorage(config);
    if (warn) void storage.check().catch((e: unknown) => warn(`${(e as Error).message}. Pages are served; scans answer 503 until the storage answers.`));
    return storage;
  }
  return folder === undefined ? undefined : new FilesystemMediaStorage(folder);
}
