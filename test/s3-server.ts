/**
 * A throwaway S3-compatible server for tests: s3rver (npm) on loopback and a
 * free port, its objects in a temp folder, one bucket made for the caller.
 * Real HTTP and the real AWS client's signing and XML, with no download and
 * no Debian package; it starts in a few milliseconds.
 * @module
 */
import { rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import S3rver from 's3rver';
import type { S3MediaConfig } from '../src/media/media-config.js';
import { tempDir } from './helpers.js';

export interface S3TestServer {
  /** A media configuration for the bucket, path-style with s3rver's fixed keys. */
  config(prefix?: string): S3MediaConfig;
  port: number;
  /** Stops the server (a storage pointed at it then fails to connect) and deletes its files unless `remove` is false; again, a no-op. */
  stop(options?: { remove?: boolean }): Promise<void>;
}

export async function startS3Server(bucket = 'scans'): Promise<S3TestServer> {
  const directory = tempDir('dossier-s3-');
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  answerAfterWriting(server);
  const { port } = await server.run();
  let running = true;
  return {
    port,
    config: (prefix = '') => ({
      bucket,
      prefix,
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      pathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
    async stop(options = {}) {
      if (running) await server.close();
      running = false;
      if (options.remove !== false) rmSync(directory, { recursive: true, force: true });
    },
  };
}

interface ObjectStore {
  putObject(object: { bucket: string; key: string }): Promise<{ size: number; md5: string }>;
  getResourcePath(bucket: string, key: string, resource: string): string;
}

/**
 * s3rver's filesystem store answers a PUT once the body has gone into the file's write stream, not once the file
 * holds it, so a HEAD or GET sent straight after could find the file shorter (seen: a size of 0). S3 answers a PUT
 * once the object is stored; here the answer waits until the file holds every byte.
 */
function answerAfterWriting(server: S3rver): void {
  const store = (server as unknown as { store: ObjectStore }).store;
  const putObject = store.putObject.bind(store);
  store.putObject = async (object) => {
    const stored = await putObject(object);
    const file = store.getResourcePath(object.bucket, object.key, 'object');
    for (let waited = 0; (await stat(file)).size < stored.size; waited += 2) {
      if (waited > 5_000) throw new Error(`s3rver did not finish writing ${object.key}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return stored;
  };
}
