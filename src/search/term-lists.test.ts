import { describe, expect, it } from 'vitest';
import { analyze } from './analyzer.js';
import { TermLists } from './term-lists.js';

describe('term lists packed for keeping', () => {
  it('gives every term its own list, in its order, and nothing for a term not held', () => {
    const text = 'The consul met Zhou Enlai 周恩来 in Peking; Молотов wrote. The consul wrote again, 1955 and 1956 – naïve café.';
    const lists = new Map<string, number[]>();
    analyze(text).forEach((t, i) => lists.set(t.term, [...(lists.get(t.term) ?? []), i * 3, i * 3 + 1]));
    lists.set('', [7]);
    lists.set('z'.repeat(40), [9, 2, 5]);
    const packed = TermLists.pack(lists);
    expect(packed.size).toBe(lists.size);
    for (const [term, list] of lists) expect([...(packed.get(term) ?? [])], term).toEqual(list);
    for (const absent of ['consu', 'consuls', 'a', '周', 'Молотов', 'zz', '\uffff']) expect(packed.get(absent), absent).toBeUndefined();
    expect(TermLists.pack(new Map()).get('anything')).toBeUndefined();
  });
});
