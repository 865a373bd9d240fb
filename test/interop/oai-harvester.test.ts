/**
 * A real harvest: the demo archive served over HTTP on 127.0.0.1 with a
 * small page size, harvested by Debian's HTTP::OAI harvester (`oai_pmh`,
 * package libhttp-oai-perl), which follows the resumption tokens itself.
 * Its record count must equal the archive's published documents. Without
 * the harvester the suite skips with a message, except in CI (.ci/run installs it).
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/ingest/demo.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp } from '../../src/web/app.js';
import { harvestFigures } from '../../bench/oai-harvest.js';
import { openTestArchive } from '../helpers.js';

const HARVESTER = spawnSync('sh', ['-c', 'command -v oai_pmh'], { encoding: 'utf8' }).stdout.trim();
if (!HARVESTER) {
  if (process.env.CI) throw new Error('oai_pmh is missing; .ci/run installs it (apt-get install libhttp-oai-perl)');
  console.warn('Skipping the OAI-PMH harvester test: no oai_pmh (apt-get install -y libhttp-oai-perl)');
}
const PAGE = 3;

interface Harvested {
  identifier: string;
  status: string;
  sets: string[];
  metadata: string;
}

/** Runs the harvester; asynchronously, since the server answering it runs in this process. */
async function harvest(baseUrl: string, args: string[]): Promise<Harvested[]> {
  const run = await promisify(execFile)(HARVESTER, [...args, baseUrl], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  return run.stdout
    .split('\f')
    .filter((chunk) => chunk.includes('identifier: '))
    .map((chunk) => ({
      identifier: /^identifier: (.*)$/m.exec(chunk)![1]!,
      status: /^status: (.*)$/m.exec(chunk)?.[1] ?? '',
      sets: [...chunk.matchAll(/^setSpec: (.*)$/gm)].map((m) => m[1]!),
      metadata: chunk.slice(chunk.indexOf('\n\n') + 2),
    }));
}

describe.skipIf(!HARVESTER)('harvested by HTTP::OAI (libhttp-oai-perl) over HTTP', () => {
  let archive: Archive;
  let server: ReturnType<typeof serve>;
  let baseUrl: string;
  let requests = 0;
  let published: string[];

  beforeAll(async () => {
    archive = await openTestArchive();
    await loadDemo(archive);
    const app = createWebApp(archive, { log: 'silent', interfaces: { oaiPageSize: PAGE } });
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: (req) => (new URL(req.url).pathname === '/oai' && requests++, app.fetch(req)), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oai`;
    published = [];
    for await (const d of archive.backend.store.scanDocuments({ status: 'published' })) published.push(d.id);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await archive.backend.close();
  });

  it('ListRecords in oai_dc: as many live records as published documents, over several resumption tokens', async () => {
    requests = 0;
    const records = await harvest(baseUrl, []);
    const live = records.filter((r) => r.status !== 'deleted');
    expect(live.length).toBe(published.length);
    expect(new Set(live.map((r) => r.identifier.replace(/^oai:127\.0\.0\.1:/, ''))).size).toBe(published.length);
    expect(live.map((r) => r.identifier.replace(/^oai:127\.0\.0\.1:/, '')).sort()).toEqual([...published].sort());
    expect(records.filter((r) => r.status === 'deleted').map((r) => r.identifier)).toEqual(['oai:127.0.0.1:demo-0036']);
    expect(requests).toBe(Math.ceil(records.length / PAGE));
    expect(live.every((r) => r.metadata.includes('<dc:title>'))).toBe(true);
  });

  it('the benchmark’s own harvest (bench/oai-harvest.ts) counts what the harvester counts', async () => {
    requests = 0;
    const figures = await harvestFigures(baseUrl);
    expect(figures.records).toBe(published.length);
    expect(figures.deleted).toBe(1);
    expect(figures.requests).toBe(Math.ceil((published.length + 1) / PAGE));
    expect(requests).toBe(figures.requests);
  });

  it('ListRecords in the dossier format, and ListIdentifiers of one set', async () => {
    const own = (await harvest(baseUrl, ['-X', 'ListRecords', '--metadataPrefix', 'dossier'])).filter((r) => r.status !== 'deleted');
    expect(own.length).toBe(published.length);
    expect(own.every((r) => r.metadata.includes('urn:x-dossier:document:1'))).toBe(true);
    const inSet = await harvest(baseUrl, ['-X', 'ListIdentifiers', '--metadataPrefix', 'oai_dc', '--set', 'sino-japanese-relations']);
    expect(inSet.length).toBeGreaterThan(PAGE);
    expect(inSet.every((r) => r.sets.some((s) => s.startsWith('sino-japanese-relations')))).toBe(true);
  });
});
