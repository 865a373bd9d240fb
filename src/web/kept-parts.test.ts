import { describe, expect, it } from 'vitest';
import { KeptParts } from './kept-parts.js';

const made = (text: string) => {
  const calls: string[] = [];
  return { calls, make: () => (calls.push(text), { body: text }) };
};

describe('KeptParts', () => {
  it('makes a record’s parts once per marker and drops every record’s when the marker changes', async () => {
    const kept = new KeptParts<{ body: string }>();
    const a = made('a1');
    expect(await kept.get('m1', 'a', a.make)).toEqual({ body: 'a1' });
    expect(await kept.get('m1', 'a', a.make)).toEqual({ body: 'a1' });
    expect(a.calls).toEqual(['a1']);
    await kept.get('m1', 'b', made('b1').make);
    expect(kept.size.records).toBe(2);

    const a2 = made('a2');
    expect(await kept.get('m2', 'a', a2.make)).toEqual({ body: 'a2' });
    expect(kept.size.records).toBe(1);
    const b2 = made('b2');
    expect(await kept.get('m2', 'b', b2.make)).toEqual({ body: 'b2' });
    expect(b2.calls).toEqual(['b2']);
  });

  it('keeps nothing made while the marker moved on', async () => {
    const kept = new KeptParts<{ body: string }>();
    let release!: () => void;
    const slow = kept.get('m1', 'a', () => new Promise<{ body: string }>((resolve) => (release = () => resolve({ body: 'old' }))));
    // Another request sees the next version while the first is still reading the record.
    await kept.get('m2', 'b', made('b2').make);
    release();
    expect(await slow).toEqual({ body: 'old' });
    const again = made('new');
    expect(await kept.get('m2', 'a', again.make)).toEqual({ body: 'new' });
    expect(again.calls).toEqual(['new']);
  });

  it('holds at most its characters, dropping the least recently used first', async () => {
    const kept = new KeptParts<{ body: string }>(100);
    await kept.get('m', 'a', made('x'.repeat(40)).make);
    await kept.get('m', 'b', made('y'.repeat(40)).make);
    await kept.get('m', 'a', made('unused').make); // a used again: b is now the older
    await kept.get('m', 'c', made('z'.repeat(40)).make);
    expect(kept.size.chars).toBeLessThanOrEqual(100);
    const a = made('a again');
    const b = made('b again');
    await kept.get('m', 'a', a.make);
    await kept.get('m', 'b', b.make);
    expect(a.calls).toEqual([]);
    expect(b.calls).toEqual(['b again']);
  });
});
