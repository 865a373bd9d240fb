/**
 * The public site for bench/web.ts, in its own process (so the load tool and
 * the server each have a core): `tsx bench/web-server.ts <data-dir> <port> [--no-cache]`.
 * Prints "ready" when it listens.
 * @module
 */
import { serve } from '@hono/node-server';
import { openArchive } from '../src/open-archive.js';
import { warmLongTexts } from '../src/services/long-text-warmup.js';
import { createWebApp } from '../src/web/app.js';

const [dataDir, port, flag] = process.argv.slice(2);
if (!dataDir || !port) {
  console.error('usage: tsx bench/web-server.ts <data-dir> <port> [--no-cache]');
  process.exit(2);
}
const archive = await openArchive({ dataDir });
const app = createWebApp(archive, { log: 'error', cache: flag !== '--no-cache' });
// As `dossier serve` does: the long texts made ready for search in the background, a second after listening.
serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, () => {
  console.log('ready');
  const warm = () => warmLongTexts(archive).then((r) => process.env.DOSSIER_BENCH_WARM_LOG && console.error(`warm-up: ${r.documents} documents, ${r.chars} characters, ${r.ms.toFixed(0)} ms`));
  setTimeout(() => void warm(), 1000).unref();
});
// Stopped with SIGTERM (bench-server.ts): the archive is closed, and the temporary folders the site made for it go with it.
process.once('SIGTERM', () => void archive.close().finally(() => process.exit(0)));
