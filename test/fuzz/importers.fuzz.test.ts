/**
 * Importers given mutated files — truncated, bytes flipped, re-encoded,
 * deeply nested, with giant attributes or fields — finish with records or
 * located failures, never a crash; and whatever they wrote reads back as a
 * valid record (nothing half-written). A TEI volume that fails is absent
 * whole. Seeds: the project's small fixtures, a TEI volume, and the opening
 * of a real FRUS file when ../shared/data is present.
 */
import { existsSync, openSync, readFileSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArchiveRecord } from '../../src/domain/archive-record.js';
import { emptyReport, importItems } from '../../src/ingest/import-service.js';
import { exportRecords } from '../../src/ingest/export-service.js';
import { findSourceFiles, loadFieldMap, readSources } from '../../src/ingest/sources.js';
import { FIXTURES, openTestArchive, SHARED_DATA, SMALL_ARCHIVE, tempDir } from '../helpers.js';
import { fuzz } from './budget.js';

const TEI = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1900z">
  <teiHeader><fileDesc><titleStmt><title type="complete">Papers Relating to the Foreign Relations of the United States, 1900</title></titleStmt>
    <publicationStmt><date>1902</date><idno type="frus">frus1900z</idno></publicationStmt></fileDesc></teiHeader>
  <text><body><div type="chapter" xml:id="ch1"><head>China</head>
    <div type="document" xml:id="d1" n="1" frus:doc-dateTime-min="1900-06-01T00:00:00Z" frus:doc-dateTime-max="1900-06-01T23:59:59Z"><head>Mr. Conger to Mr. Hay</head>
      <dateline><placeName>Peking</placeName>, <date when="1900-06-01">June 1, 1900</date></dateline><p>The legations <hi rend="italic">are</hi> besieged.<note n="1">A note.</note></p><pb n="2" xml:id="pg_2"/></div>
    <div type="document" xml:id="d2" n="2"><head>Mr. Hay to Mr. Conger</head><p>Received. <ref target="#d1">See No. 1</ref>.</p></div>
  </div></body></text>
</TEI>`;

function realFrusOpening(): Buffer | undefined {
  const path = join(SHARED_DATA, 'frus', 'frus1861.xml');
  if (!existsSync(path)) return undefined;
  const buf = Buffer.alloc(48 * 1024);
  const fd = openSync(path, 'r');
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf.subarray(0, n);
}

interface Seed { name: string; ext: string; bytes: Buffer; map?: string }
const seeds: Seed[] = [
  { name: 'jsonl', ext: '.jsonl', bytes: readFileSync(SMALL_ARCHIVE) },
  { name: 'csv', ext: '.csv', bytes: readFileSync(join(FIXTURES, 'csv', 'basic.csv')), map: join(FIXTURES, 'csv', 'basic-map.json') },
  { name: 'tei', ext: '.xml', bytes: Buffer.from(TEI) },
];
const real = realFrusOpening();
if (real) seeds.push({ name: 'frus1861 opening', ext: '.xml', bytes: real });
else console.log(`fuzz importers: ${SHARED_DATA} absent, the real FRUS seed is skipped`);

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; flips: [number, number][] }
  | { kind: 'encode'; as: 'utf16le' | 'latin1' }
  | { kind: 'nest'; at: number; depth: number; open: string }
  | { kind: 'giant'; at: number; size: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }) }),
  fc.record({ kind: fc.constant('encode' as const), as: fc.constantFrom('utf16le' as const, 'latin1' as const) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 100, max: 20_000 }), open: fc.constantFrom('<div>', '<hi>', '[', '{"a":', '"') }),
  fc.record({ kind: fc.constant('giant' as const), at: fc.nat(), size: fc.integer({ min: 10_000, max: 2_000_000 }) }),
);

function mutate(bytes: Buffer, m: Mutation): Buffer {
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, m.at % bytes.length);
    case 'flip': {
      const out = Buffer.from(bytes);
      for (const [i, b] of m.flips) out[i % out.length] = b;
      return out;
    }
    case 'encode':
      return Buffer.from(bytes.toString('utf8'), m.as);
    case 'nest': {
      const at = m.at % bytes.length;
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.open.repeat(m.depth)), bytes.subarray(at)]);
    }
    case 'giant': {
      // An attribute in the first tag after the position, or a giant run of text where there is no tag.
      const text = bytes.toString('utf8');
      const at = m.at % text.length;
      const tag = text.indexOf('<', at);
      const space = tag >= 0 ? text.indexOf(' ', tag) : -1;
      const insertAt = space > 0 ? space : at;
      const insert = space > 0 ? ` giant="${'x'.repeat(m.size)}"` : 'x'.repeat(m.size);
      return Buffer.from(text.slice(0, insertAt) + insert + text.slice(insertAt));
    }
  }
}

describe('fuzz: importers on mutated files', () => {
  it('finish with records or located failures, and write only whole, valid records', async () => {
    const maps = new Map<string, Awaited<ReturnType<typeof loadFieldMap>>>();
    for (const s of seeds) if (s.map) maps.set(s.name, await loadFieldMap(s.map));
    let failures = 0;
    let records = 0;
    await fuzz('importers', fc.record({ seed: fc.constantFrom(...seeds), mutation }), async ({ seed, mutation: m }) => {
      const dir = tempDir('dossier-fuzz-');
      const file = join(dir, `frus1900z${seed.ext}`);
      writeFileSync(file, mutate(seed.bytes, m));
      const archive = await openTestArchive();
      try {
        const files = await findSourceFiles([file]);
        const report = await importItems(archive, readSources(files, maps.get(seed.name), { bytesRead: 0 }), { actor: 'fuzz', batchSize: 50 }, emptyReport());
        for (const f of report.failures) {
          expect(f.locator.file, JSON.stringify(f)).toMatch(/frus1900z/);
          expect(f.issues.length).toBeGreaterThan(0);
        }
        failures += report.failed;
        let stored = 0;
        for await (const record of exportRecords(archive)) {
          const check = parseArchiveRecord(JSON.parse(JSON.stringify(record)));
          expect(check.ok, JSON.stringify(record).slice(0, 300)).toBe(true);
          stored++;
        }
        records += stored;
        // A TEI volume is one transaction: a fatal failure leaves none of it.
        if (seed.ext === '.xml' && report.failures.some((f) => /nothing of this volume was imported/.test(f.issues[0]?.message ?? ''))) {
          expect(stored).toBe(0);
        }
      } finally {
        await archive.backend.close();
      }
    }, 1);
    console.log(`fuzz importers: ${records} records written and ${failures} located failures across the cases`);
  }, 600_000);
});
