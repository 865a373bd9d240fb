/**
 * OAI-PMH over real FRUS volumes (two of ../shared/data/frus, imported with
 * the real TEI import): every ListRecords page in both formats and the set
 * list validate against the published schemas, the harvest brings every
 * published document once, and a volume's chapters are sets inside the
 * volume's set. Skipped when the shared data is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyReport, importItems } from '../../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../../src/ingest/sources.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp } from '../../src/web/app.js';
import { openTestArchive, SHARED_DATA } from '../helpers.js';
import { schemaErrors, SCHEMAS } from '../http/xml-schemas.js';

const VOLUMES = ['frus1861.xml', 'frus1918Russiav03.xml'].map((f) => join(SHARED_DATA, 'frus', f));
const present = VOLUMES.every((v) => existsSync(v));
if (!present) console.warn(`Skipping OAI-PMH over FRUS: ${VOLUMES.join(', ')} absent (set DOSSIER_TEST_DATA to the shared data folder).`);

describe.skipIf(!present)('OAI-PMH over FRUS volumes', () => {
  let archive: Archive;
  let app: ReturnType<typeof createWebApp>;
  beforeAll(async () => {
    archive = await openTestArchive();
    const report = await importItems(archive, readSources(await findSourceFiles(VOLUMES, 'tei'), undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
    expect(report.failures).toEqual([]);
    app = createWebApp(archive, { log: 'silent', baseUrl: 'https://frus.example.org', interfaces: { oaiPageSize: 150 } });
  }, 120_000);

  it('harvests every published document in both formats, every page valid', async () => {
    const { published } = await archive.stats();
    expect(published).toBeGreaterThan(300);
    for (const prefix of ['oai_dc', 'dossier']) {
      const seen = new Set<string>();
      let query = `verb=ListRecords&metadataPrefix=${prefix}`;
      for (let pages = 0; query && pages < 100; pages++) {
        const xml = await (await app.request(`/oai?${query}`)).text();
        expect(schemaErrors(xml, SCHEMAS.oaiPmh), `${prefix} page ${pages + 1}`).toEqual([]);
        for (const m of xml.matchAll(/<record><header><identifier>([^<]+)</g)) seen.add(m[1]!);
        const token = /<resumptionToken[^>]*>([^<]+)</.exec(xml)?.[1];
        query = token ? `verb=ListRecords&resumptionToken=${encodeURIComponent(token)}` : '';
      }
      expect(seen.size, prefix).toBe(published);
    }
  }, 120_000);

  it('lists volumes and their chapters as nested sets; a volume set takes its chapters’ records', async () => {
    const sets = await (await app.request('/oai?verb=ListSets')).text();
    expect(schemaErrors(sets, SCHEMAS.oaiPmh)).toEqual([]);
    const specs = [...sets.matchAll(/<setSpec>([^<]+)</g)].map((m) => m[1]!);
    const nested = specs.filter((s) => s.includes(':'));
    expect(nested.length).toBeGreaterThan(0);
    const top = nested[0]!.split(':')[0]!;
    expect(specs).toContain(top);
    const headers = async (set: string) => {
      const out: string[] = [];
      let query = `verb=ListIdentifiers&metadataPrefix=oai_dc&set=${encodeURIComponent(set)}`;
      while (query) {
        const xml = await (await app.request(`/oai?${query}`)).text();
        out.push(...[...xml.matchAll(/<identifier>([^<]+)</g)].map((m) => m[1]!));
        const token = /<resumptionToken[^>]*>([^<]+)</.exec(xml)?.[1];
        query = token ? `verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}` : '';
      }
      return out;
    };
    const chapter = await headers(nested[0]!);
    const volume = await headers(top);
    expect(chapter.length).toBeGreaterThan(0);
    for (const id of chapter) expect(volume).toContain(id);
  }, 60_000);
});
