import { copyFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { DEMO_MEDIA_DIR } from '../package-paths.js';
import { IiifImageStore } from './iiif-images.js';

function store() {
  const media = tempDir('dossier-media-');
  const warnings: string[] = [];
  const images = new IiifImageStore({ dir: tempDir('dossier-iiif-'), mediaDirs: [media], warn: (m) => warnings.push(m) });
  return { media, warnings, images };
}

describe('IIIF image derivatives', () => {
  it('are built once however many requests arrive together, and kept across restarts', async () => {
    const { media, images } = store();
    copyFileSync(join(DEMO_MEDIA_DIR, 'demo-0029-p1.jpg'), join(media, 'p.jpg'));
    const all = await Promise.all(Array.from({ length: 8 }, () => images.info('p.jpg')));
    expect(new Set(all).size).toBe(1);
    expect(all[0]).toMatchObject({ width: 1240, height: 1754, tiles: [{ width: 512, height: 512, scaleFactors: [1, 2, 4] }] });
    const dir = (images as unknown as { options: { dir: string } }).options.dir;
    expect(readdirSync(join(dir, 'images'))).toEqual(['p.jpg']);
    const made = statSync(join(dir, 'images', 'p.jpg', 'info.json')).mtimeMs;
    // Another process (or the next start) finds the build on disk.
    const again = new IiifImageStore({ dir, mediaDirs: [media] });
    expect(await again.info('p.jpg')).toEqual(all[0]);
    expect(statSync(join(dir, 'images', 'p.jpg', 'info.json')).mtimeMs).toBe(made);
  });

  it('are made again when the scan is replaced', async () => {
    const { media, images } = store();
    const file = join(media, 'p.png');
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#123456' } }).png().toFile(file);
    expect(await images.info('p.png')).toMatchObject({ width: 300, height: 200, sizes: [{ width: 75, height: 50 }, { width: 150, height: 100 }, { width: 300, height: 200 }] });
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#654321' } }).png().toFile(file);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await images.info('p.png')).toMatchObject({ width: 640, height: 480 });
  });

  it('check a scan by its content and its size, never by its name', async () => {
    const { media, images, warnings } = store();
    writeFileSync(join(media, 'text.jpg'), 'not an image');
    copyFileSync(join(DEMO_MEDIA_DIR, 'demo-0039.pdf'), join(media, 'pdf.jpg'));
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } }).png().toBuffer();
    png.writeUInt32BE(50_000, 16); // IHDR width and height: 50,000 × 50,000 pixels claimed by a 70-byte file
    png.writeUInt32BE(50_000, 20);
    writeFileSync(join(media, 'bomb.png'), png);
    for (const id of ['text.jpg', 'pdf.jpg', 'bomb.png', 'missing.jpg']) expect(await images.info(id), id).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/text\.jpg skipped: .*unsupported image format/i);
    expect(warnings.join('\n')).toMatch(/pdf\.jpg skipped: the record calls it an image, but its content is a PDF/);
    expect(warnings.join('\n')).toMatch(/bomb\.png skipped: .*(exceeds pixel limit|over the limit)/i);
    expect(warnings.join('\n')).toMatch(/missing\.jpg skipped: the file is not in the media folder/);
  });
});

describe('PDF pages', () => {
  it('are drawn in a worker thread: the event loop keeps turning while a page is drawn', async () => {
    const { media, images } = store();
    copyFileSync(join(DEMO_MEDIA_DIR, 'demo-0039.pdf'), join(media, 'r.pdf'));
    let last = performance.now();
    let longest = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const [one, two] = await Promise.all([images.info('r.pdf~page-1'), images.info('r.pdf~page-2')]);
    clearInterval(tick);
    expect(one).toMatchObject({ width: 1240, height: 1754 });
    expect(two).toMatchObject({ width: 1240, height: 1754 });
    // Drawing one page takes several hundred milliseconds of PDF.js; none of it stalls this thread (it takes ~15 ms here at worst).
    expect(longest).toBeLessThan(300);
    expect(await images.info('r.pdf~page-3')).toBeUndefined();
  }, 30_000);
});
