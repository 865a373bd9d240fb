import { beforeAll, describe, expect, it } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { until } from '../../test/until.js';
import type { Archive } from './archive.js';
import { PageParts } from './page-parts.js';

let archive: Archive;
beforeAll(async () => {
  archive = await openTestArchive();
});

describe('page parts written a moment later', () => {
  it('answers its own pending parts at once, and writes them all in one go', async () => {
    const { store } = archive.backend;
    const parts = new PageParts(archive, 60_000);
    parts.put('a', 'citations', 'k1', 'one');
    parts.put('b', 'citations', 'k1', 'two');
    parts.put('a', 'citations', 'k2', 'one again');
    expect(await parts.get('a', 'citations', 'k2')).toBe('one again');
    // The pending part replaces the earlier one: its key no longer answers, even if the catalog has it.
    expect(await parts.get('a', 'citations', 'k1')).toBeUndefined();
    expect(await store.getPagePart('b', 'citations', 'k1')).toBeUndefined();
    await parts.flush();
    expect(await store.getPagePart('a', 'citations', 'k2')).toBe('one again');
    expect(await store.getPagePart('b', 'citations', 'k1')).toBe('two');
    expect(await new PageParts(archive).get('b', 'citations', 'k1')).toBe('two');
  });

  it('writes on its own after the delay', async () => {
    const parts = new PageParts(archive, 10);
    parts.put('c', 'similar', 'm1', '[]');
    expect(await until('the part written', async () => (await archive.backend.store.getPagePart('c', 'similar', 'm1')) === '[]', 5_000, 10)).toBe(true);
  });
});
