import { describe, expect, it } from 'vitest';
import { collectionSchema, type Collection } from '../../../domain/collection.js';
import { setTree } from './sets.js';

const c = (id: string, parent?: string): Collection => collectionSchema.parse({ kind: 'collection', id, title: id, parent });

describe('collections as OAI-PMH sets', () => {
  const tree = setTree([c('frus1861'), c('frus1861/ch1', 'frus1861'), c('frus1861/ch1/s1', 'frus1861/ch1'), c('other'), c('orphan', 'missing')]);

  it('spells a collection as the path from its top-level collection, "/" as "!"', () => {
    expect(tree.specOf('frus1861')).toBe('frus1861');
    expect(tree.specOf('frus1861/ch1/s1')).toBe('frus1861:frus1861!ch1:frus1861!ch1!s1');
    expect(tree.specOf('orphan')).toBe('orphan');
  });

  it('reads every setSpec back to its collection, and nothing else', () => {
    for (const col of tree.all) expect(tree.find(tree.specOf(col.id))?.id).toBe(col.id);
    expect(tree.find('frus1861!ch1')).toBeUndefined();
    expect(tree.find('frus1861:ch1')).toBeUndefined();
  });

  it('a set holds its subsets', () => {
    expect(tree.subtree('frus1861').sort()).toEqual(['frus1861', 'frus1861/ch1', 'frus1861/ch1/s1']);
    expect(tree.subtree('other')).toEqual(['other']);
  });

  it('survives a loop an older archive may hold', () => {
    const loop = setTree([c('a', 'b'), c('b', 'a')]);
    expect(loop.specOf('a')).toMatch(/^(b:a|a)$/);
    expect(loop.subtree('a').sort()).toEqual(['a', 'b']);
  });
});
