/**
 * `dossier iiif build`: makes the IIIF derivatives (tiles, sizes, info.json)
 * of every published document's scans ahead of visitors, so that no first
 * visit waits for them (a PDF page takes about a second to draw). Derivatives
 * already made for the same file are kept; the site would otherwise make each
 * one on its first request.
 * @module
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { IiifImageStore } from '../../media/iiif-images.js';
import { openMediaStorage } from '../../media/open-media-storage.js';
import { DEMO_MEDIA_DIR } from '../../package-paths.js';
import type { CliContext } from '../context.js';

export function iiifCommand(ctx: CliContext): Command {
  const iiif = new Command('iiif').description('IIIF image derivatives of the scans');
  iiif
    .command('build')
    .description("make the IIIF tiles of every published document's scans (kept in <data>/iiif)")
    .action(async (_opts: unknown, cmd: Command) => {
      const archive = await ctx.open(cmd);
      try {
        // The data folder, not beside archive.location: on PostgreSQL that is the database's URL.
        const dataDir = ctx.dataDir(cmd);
        const warnings: string[] = [];
        // Uploads kept in a bucket (DOSSIER_MEDIA_URL) are fetched from it once each.
        const media = ctx.config.media.kind === 's3' ? await openMediaStorage(ctx.config.media, undefined) : undefined;
        const store = new IiifImageStore({ dir: join(dataDir, 'iiif'), mediaDirs: [join(dataDir, 'media'), DEMO_MEDIA_DIR], media, warn: (m) => warnings.push(m) });
        const started = performance.now();
        let documents = 0;
        let pages = 0;
        for await (const doc of archive.scannedDocumentsAll()) {
          documents++;
          pages += await store.build(doc.media);
        }
        for (const w of warnings) ctx.err(w);
        ctx.out(`IIIF: ${pages} scan pages of ${documents} documents ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${join(dataDir, 'iiif')}).`);
        if (warnings.length > 0) process.exitCode = 1;
      } finally {
        await archive.close();
      }
    });
  return iiif;
}
