/**
 * `dossier authority add | list | merge` and `dossier search --json`, run
 * through the program (no child process) on an archive in a temp folder.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildProgram } from '../../src/cli/program.js';
import type { CliContext } from '../../src/cli/context.js';
import { openArchive } from '../../src/open-archive.js';
import { makeDocument } from '../../src/backends/store.contract.js';
import { tempDir } from '../helpers.js';

let data: string;
let out: string[] = [];

async function run(...args: string[]): Promise<string> {
  out = [];
  const ctx: CliContext = {
    config: loadConfig({}),
    open: () => openArchive({ dataDir: data }),
    dataDir: () => data,
    out: (t) => out.push(t),
    err: (t) => out.push(`err: ${t}`),
  };
  await (await buildProgram(ctx, ['node', 'dossier', ...args])).parseAsync(['node', 'dossier', ...args]);
  return out.join('\n');
}

beforeAll(() => {
  data = tempDir();
});

describe('dossier authority', () => {
  it('adds people with variants, lists them and finds them by any name', async () => {
    expect(await run('authority', 'add', 'person', 'chiang-kai-shek', 'Chiang Kai-shek', '-v', 'Jiang Jieshi', '-v', '蔣介石@zh-Hant')).toContain('created');
    expect(await run('authority', 'add', 'person', 'chiang-kai-shek', '-v', 'Чан Кайши@ru', '-v', 'jiang jieshi')).toContain('updated');
    const listed = JSON.parse(await run('authority', 'list', '--kind', 'person', '--name', '蔣介石', '--json'));
    expect(listed).toHaveLength(1);
    expect(listed[0].variants.map((v: { name: string }) => v.name)).toEqual(['Jiang Jieshi', '蔣介石', 'Чан Кайши']);
  });

  it('merges a duplicate: documents move to the survivor, names become variants, search follows', async () => {
    await run('authority', 'add', 'person', 'generalissimo', 'The Generalissimo', '-v', 'Chiang Chung-cheng');
    const archive = await openArchive({ dataDir: data });
    await archive.save({ kind: 'document', ...makeDocument({ id: 'd2', title: 'Memo on the blockade', agents: [{ id: 'generalissimo', role: 'mentioned' }] }) }, { actor: 'test' });
    await archive.backend.close();

    expect(await run('authority', 'merge', 'person', 'generalissimo', 'chiang-kai-shek')).toContain('1 document updated');
    const merged = JSON.parse(await run('authority', 'list', '--name', 'Chiang Chung-cheng', '--json'));
    expect(merged.map((a: { id: string }) => a.id)).toEqual(['chiang-kai-shek']);
    expect(merged[0].variants.map((v: { name: string }) => v.name)).toContain('The Generalissimo');

    const result = JSON.parse(await run('search', 'Jiang', 'Jieshi', '--json'));
    expect(result.hits.map((h: { id: string }) => h.id)).toEqual(['d2']);
    expect(result.hits[0].matched).toEqual([{ query: 'Jiang Jieshi', variant: 'Chiang Kai-shek', authority: 'chiang-kai-shek', how: 'linked' }]);
    expect(Object.keys(result.facets)).toContain('person');
    expect(result.facets.person).toEqual([{ value: 'chiang-kai-shek', label: 'Chiang Kai-shek', count: 1 }]);
  });

  it('refuses an unknown kind or a missing record', async () => {
    await expect(run('authority', 'add', 'planet', 'mars', 'Mars')).rejects.toThrow(/not one of/);
    await expect(run('authority', 'merge', 'person', 'nobody', 'chiang-kai-shek')).rejects.toThrow(/nobody/);
  });
});
