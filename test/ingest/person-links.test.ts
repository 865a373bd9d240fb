/**
 * One person, one record: a person imported under a new id whose name
 * (either order, any variant, titles aside) an existing person answers to is
 * linked to it, documents follow, re-imports stay idempotent; what is not
 * certain is listed by `dossier authority duplicates` and merged with
 * `dossier authority merge`; the A–Z index files people by family name. The
 * FRUS part (two volumes with persons lists) skips when ../shared/data is absent.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import type { CliContext } from '../../src/cli/context.js';
import { formatReport } from '../../src/cli/print-report.js';
import { loadConfig } from '../../src/config.js';
import { openArchive } from '../../src/open-archive.js';
import type { Archive } from '../../src/services/archive.js';
import { runSearch, searchParamsSchema } from '../../src/services/search.js';
import { createWebApp } from '../../src/web/app.js';
import { importPaths, openTestArchive, SHARED_DATA, tempDir } from '../helpers.js';

const FRUS = join(SHARED_DATA, 'frus');
const present = existsSync(join(FRUS, 'frus1919Parisv01.xml'));
if (!present) console.warn(`FRUS person-linking tests skipped: ${FRUS} is absent (set DOSSIER_TEST_DATA)`);

function jsonl(dir: string, name: string, records: object[]): string {
  const path = join(dir, name);
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n'));
  return path;
}

async function cli(dataDir: string, ...args: string[]): Promise<string> {
  const out: string[] = [];
  const ctx: CliContext = { config: loadConfig({}), open: () => openArchive({ dataDir }), dataDir: () => dataDir, out: (t) => out.push(t), err: (t) => out.push(`err: ${t}`) };
  await (await buildProgram(ctx, ['node', 'dossier', ...args])).parseAsync(['node', 'dossier', ...args]);
  return out.join('\n');
}

const personIds = async (archive: Archive) => (await archive.backend.store.listAuthorities('person')).items.map((p) => p.id).sort();

describe('importing a person the archive already has', () => {
  it('links "Jawaharlal Nehru" to "Nehru, Jawaharlal" and "Lin, Biao" to "Lin Biao": no duplicate, documents follow, re-import unchanged', async () => {
    const dir = tempDir();
    const archive = await openTestArchive();
    await importPaths(archive, [
      jsonl(dir, 'a.jsonl', [
        { kind: 'person', id: 'nehru', name: 'Nehru, Jawaharlal' },
        { kind: 'person', id: 'lin-biao', name: 'Lin Biao', variants: [{ name: '林彪' }] },
      ]),
    ]);
    const second = jsonl(dir, 'b.jsonl', [
      { kind: 'person', id: 'other/jn', name: 'Jawaharlal Nehru' },
      { kind: 'person', id: 'other/lin', name: 'Lin, Biao' },
      { kind: 'person', id: 'other/motilal', name: 'Motilal Nehru' },
      { kind: 'document', id: 'talk', title: 'Talk with the Prime Minister', agents: [{ id: 'other/jn', role: 'creator' }, { id: 'other/lin', role: 'mentioned' }, { id: 'other/motilal', role: 'mentioned' }] },
    ]);
    const report = await importPaths(archive, [second]);
    expect(report.failures).toEqual([]);
    expect(report.linked.map((l) => [l.id, l.into])).toEqual([['other/jn', 'nehru'], ['other/lin', 'lin-biao']]);
    expect(formatReport(report)).toContain('Jawaharlal Nehru (other/jn) → nehru');
    expect(await personIds(archive)).toEqual(['lin-biao', 'nehru', 'other/motilal']);
    expect((await archive.backend.store.getDocument('talk'))!.agents.map((a) => a.id)).toEqual(['nehru', 'lin-biao', 'other/motilal']);
    // The existing record stays as its own source wrote it, so re-importing either source changes nothing.
    expect((await archive.backend.store.getAuthority('person', 'nehru'))!.variants).toEqual([]);
    const again = await importPaths(archive, [second]);
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: 4 });
    expect(await importPaths(archive, [join(dir, 'a.jsonl')])).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(again.linked).toHaveLength(2);
  });

  it('does not link two people a source itself lists apart, nor a name several records answer to', async () => {
    const dir = tempDir();
    const archive = await openTestArchive();
    const report = await importPaths(archive, [
      jsonl(dir, 'a.jsonl', [
        { kind: 'person', id: 'v1/a', name: 'White, John' },
        { kind: 'person', id: 'v1/b', name: 'John White' },
      ]),
    ]);
    expect(report.linked).toEqual([]);
    expect(await personIds(archive)).toEqual(['v1/a', 'v1/b']);
    const third = await importPaths(archive, [jsonl(dir, 'b.jsonl', [{ kind: 'person', id: 'v2/a', name: 'White, John' }])]);
    expect(third.linked).toEqual([]);
    expect(await personIds(archive)).toEqual(['v1/a', 'v1/b', 'v2/a']);
  });
});

describe('dossier authority duplicates, then merge', () => {
  it('lists names that agree once order, titles or initials are set aside, bare family names last, never different given names; merging empties the list', async () => {
    const dataDir = tempDir();
    await cli(dataDir, 'init');
    const dir = tempDir();
    const archive = await openArchive({ dataDir });
    await importPaths(archive, [
      jsonl(dir, 'people.jsonl', [
        { kind: 'person', id: 'morris-1918', name: 'Morris, Roland S.' },
        { kind: 'person', id: 'morris-1919', name: 'Roland Morris' },
        { kind: 'person', id: 'ira-morris', name: 'Morris, Ira N.' },
        { kind: 'person', id: 'uchida', name: 'Uchida Yasuya' },
        { kind: 'person', id: 'gibson-1925', name: 'Gibson' },
        { kind: 'person', id: 'gibson-1934', name: 'Mr. Gibson' },
        { kind: 'person', id: 'lansing-john', name: 'Lansing, John' },
        { kind: 'person', id: 'lansing-robert', name: 'Robert Lansing' },
        { kind: 'document', id: 'd1', title: 'Cable', agents: [{ id: 'uchida', role: 'creator' }] },
      ]),
    ]);
    await archive.backend.close();
    await cli(dataDir, 'authority', 'add', 'person', 'uchida-viscount', 'Uchida, Viscount, Yasuya');
    const listed = JSON.parse(await cli(dataDir, 'authority', 'duplicates', '--json'));
    expect(listed.kind).toBe('person');
    const groups = listed.groups.map((g: { reason: string; records: { id: string }[]; into: string }) => [g.reason, g.records.map((r) => r.id).sort(), g.into]);
    expect(groups).toEqual(
      expect.arrayContaining([
        ['initials', ['morris-1918', 'morris-1919'], 'morris-1918'],
        ['same name', ['uchida', 'uchida-viscount'], 'uchida'],
      ]),
    );
    expect(groups).toHaveLength(3);
    // Strongest first; a bare family name last, and two different given names never.
    expect(groups.map((g: [string]) => g[0])).toEqual(['same name', 'initials', 'family name only']);
    expect(groups[2]).toEqual(['family name only', ['gibson-1925', 'gibson-1934'], 'gibson-1925']);
    expect(await cli(dataDir, 'authority', 'duplicates')).toContain('dossier authority merge person uchida-viscount uchida');
    await cli(dataDir, 'authority', 'merge', 'person', 'uchida-viscount', 'uchida');
    await cli(dataDir, 'authority', 'merge', 'person', 'morris-1919', 'morris-1918');
    await cli(dataDir, 'authority', 'merge', 'person', 'gibson-1934', 'gibson-1925');
    expect(JSON.parse(await cli(dataDir, 'authority', 'duplicates', '--json')).groups).toEqual([]);
    expect(await cli(dataDir, 'authority', 'duplicates')).toContain('No possible duplicates among people.');
  });
});

describe('the A–Z index of people', () => {
  it('files every person by family name, East Asian names without a comma', async () => {
    const dir = tempDir();
    const archive = await openTestArchive();
    const people = [['nehru', 'Jawaharlal Nehru'], ['lin', 'Lin Biao'], ['adams', 'Adams, John'], ['vb', 'Martin van Buren'], ['zhou', 'Zhou Enlai'], ['baker', 'Newton D. Baker']];
    await importPaths(archive, [
      jsonl(dir, 'a.jsonl', [
        ...people.map(([id, name]) => ({ kind: 'person', id, name })),
        { kind: 'document', id: 'd', title: 'Minutes', agents: people.map(([id]) => ({ id, role: 'mentioned' })) },
      ]),
    ]);
    const html = await (await createWebApp(archive, { log: 'silent' }).request('/people')).text();
    const names = [...html.matchAll(/class="name-index__name"[^>]*>([^<]+)</g)].map((m) => m[1]!.trim());
    expect(names).toEqual(['Adams, John', 'Baker, Newton D.', 'Lin Biao', 'Nehru, Jawaharlal', 'van Buren, Martin', 'Zhou Enlai']);
    const letters = [...html.matchAll(/class="letter-group__letter"[^>]*>\s*([^<\s]+)/g)].map((m) => m[1]);
    expect(letters).toEqual(['A', 'B', 'L', 'N', 'V', 'Z']);
  });
});

describe.skipIf(!present)('FRUS: two volumes with persons lists', () => {
  it('keeps one record for a person both volumes list, East Asian names without a comma', async () => {
    const archive = await openTestArchive();
    // One run, as `dossier import frus/` reads them: each volume's own list is kept apart, the two are linked.
    const second = await importPaths(archive, [join(FRUS, 'frus1918Russiav03.xml'), join(FRUS, 'frus1919Parisv01.xml')]);
    expect(second.failures).toEqual([]);
    expect(second.linked.every((l) => l.id.startsWith('frus1919Parisv01/') && l.into.startsWith('frus1918Russiav03/'))).toBe(true);
    // A bare family name ("Adams", as senders are named) may be anyone: never linked.
    expect(second.linked.some((l) => !/[ ,]/.test(l.name))).toBe(false);
    const linked = new Map(second.linked.map((l) => [l.id, l.into]));
    expect(linked.get('frus1919Parisv01/p_LR1')).toBe('frus1918Russiav03/p_LR1'); // Lansing, Robert
    expect(linked.get('frus1919Parisv01/p_UVY1')).toBe('frus1918Russiav03/p_UY1'); // Uchida, Viscount, Yasuya = Uchida, Yasuya
    expect(await archive.backend.store.getAuthority('person', 'frus1919Parisv01/p_LR1')).toBeUndefined();
    // Every 1919 document that names Lansing points to the one record.
    const lansing = await archive.backend.store.listDocuments({ ref: { kind: 'person', id: 'frus1918Russiav03/p_LR1' }, limit: 1000 });
    expect(lansing.items.some((d) => d.id.startsWith('frus1919Parisv01/'))).toBe(true);
    expect(await archive.backend.store.getAuthority('person', 'frus1918Russiav03/p_HT1')).toMatchObject({ name: 'Hara Takashi', variants: [{ name: 'Takashi Hara' }] });
    expect(await archive.backend.store.getAuthority('person', 'frus1918Russiav03/p_GSB1')).toMatchObject({ name: 'Goto Shimpei, Baron' });
    const again = await importPaths(archive, [join(FRUS, 'frus1919Parisv01.xml')]);
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
  }, 120_000);
});

describe('searching for a person by either order of the name', () => {
  it('finds "Nehru, Jawaharlal" by "Jawaharlal Nehru" and "Lin Biao" by "Biao Lin", in text and catalogue', async () => {
    const dir = tempDir();
    const archive = await openTestArchive();
    await importPaths(archive, [
      jsonl(dir, 'a.jsonl', [
        { kind: 'person', id: 'nehru', name: 'Nehru, Jawaharlal' },
        { kind: 'person', id: 'lin', name: 'Lin Biao' },
        { kind: 'document', id: 'text', title: 'Minutes', translations: [{ language: 'en', html: '<p>Present: Nehru, Jawaharlal; the Ambassador.</p>' }] },
        { kind: 'document', id: 'linked', title: 'Cable on the border', agents: [{ id: 'lin', role: 'mentioned' }] },
      ]),
    ]);
    const hits = async (q: string) => (await runSearch(archive, searchParamsSchema.parse({ q }))).hits.map((h) => h.id);
    expect(await hits('Jawaharlal Nehru')).toEqual(['text']);
    expect(await hits('"Jawaharlal Nehru"')).toEqual(['text']);
    expect(await hits('Biao Lin')).toEqual(['linked']);
  });
});
