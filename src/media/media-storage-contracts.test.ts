/** The MediaStorage contract on the media folder and on an S3 bucket (a local s3rver), at its root and under a prefix. */
import { runMediaStorageContract } from '../services/media-storage.contract.js';
import { FilesystemMediaStorage } from '../services/media-storage.js';
import { startS3Server } from '../../test/s3-server.js';
import { tempDir } from '../../test/helpers.js';
import { S3MediaStorage } from './s3-media-storage.js';

runMediaStorageContract('media folder', async () => ({ storage: new FilesystemMediaStorage(tempDir('dossier-media-')), close: async () => {} }));

for (const prefix of ['', 'archive-a/media']) {
  runMediaStorageContract(`S3 bucket${prefix ? ' under a prefix' : ''}`, async () => {
    const server = await startS3Server();
    const storage = new S3MediaStorage(server.config(prefix));
    return {
      storage,
      async close() {
        storage.close();
        await server.stop();
      },
    };
  });
}
