/**
 * `dossier iiif build` and `dossier serve` on a real archive folder: the
 * derivatives land in `<data>/iiif`, are made once (a second build keeps
 * them), and the server finds the archive's own scans in `<data>/media` and
 * answers IIIF from the files the build made.
 * @module
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEDIA_DIR } from '../../src/package-paths.js';
import { tempDir } from '../helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');
const dossier = (args: string[]) => run(process.execPath, [BIN, ...args], { cwd: ROOT });

beforeAll(async () => {
  await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}, 60_000);

describe('dossier iiif build', () => {
  it('makes every published scan page once, in the archive folder, and serve answers from it', { timeout: 90_000 }, async () => {
    const data = tempDir();
    await dossier(['init', '--demo', '--data', data]);
    mkdirSync(join(data, 'media'));
    copyFileSync(join(DEMO_MEDIA_DIR, 'demo-0039.pdf'), join(data, 'media', 'typescript.pdf'));
    const records = join(tempDir(), 'scan.jsonl');
    writeFileSync(records, JSON.stringify({ id: 'cli-pdf', title: 'A PDF scan', date: '1957', media: [{ kind: 'pdf', url: 'media/typescript.pdf' }] }) + '\n');
    await dossier(['import', records, '--data', data]);

    const first = await dossier(['iiif', 'build', '--data', data]);
    // The demo's four page images and the two pages of the PDF.
    expect(first.stdout).toMatch(/IIIF: 6 scan pages of 4 documents ready/);
    const info = join(data, 'iiif', 'images', 'typescript.pdf~page-2', 'info.json');
    expect(existsSync(info)).toBe(true);
    const made = statSync(info).mtimeMs;
    const second = await dossier(['iiif', 'build', '--data', data]);
    expect(second.stdout).toMatch(/IIIF: 6 scan pages of 4 documents ready/);
    expect(statSync(info).mtimeMs).toBe(made);

    const server = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /Open (http:\/\/[^/]+)\//.exec(out);
          if (m) resolve(m[1]!);
        });
        server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      expect((await fetch(`${url}/media/typescript.pdf`)).status).toBe(200);
      const manifest = (await (await fetch(`${url}/iiif/documents/cli-pdf/manifest.json`)).json()) as { items: { width: number; height: number }[] };
      expect(manifest.items).toHaveLength(2);
      const tile = await fetch(`${url}/iiif/documents/cli-pdf/images/typescript.pdf~page-2/0,0,512,512/512,512/0/default.jpg`);
      expect(tile.status).toBe(200);
      const meta = await sharp(Buffer.from(await tile.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([512, 512]);
      // Served from the build: nothing was made again.
      expect(statSync(info).mtimeMs).toBe(made);
    } finally {
      server.kill('SIGTERM');
    }
  });
});
