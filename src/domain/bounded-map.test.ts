/**
 * The bounded map beside a model a reader can check by eye (a list, oldest
 * first, searched and spliced), over generated sequences of operations
 * (fast-check, a fixed seed so a failure replays); then the cases each of
 * its users depends on, written out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.js';

const SEED = Number(process.env.DOSSIER_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.DOSSIER_FUZZ_RUNS ?? 200);

type Op =
  | { op: 'get' | 'peek' | 'delete'; key: string }
  | { op: 'set'; key: string; value: number; size: number }
  | { op: 'resize'; key: string; size: number }
  | { op: 'clear' };

/** The model: a plain list, least recently used first. */
class ListModel {
  entries: { key: string; value: number; size: number }[] = [];
  constructor(readonly maxSize: number, readonly maxEntrySize: number) {}
  total(): number {
    return this.entries.reduce((s, e) => s + e.size, 0);
  }
  at(key: string): number {
    return this.entries.findIndex((e) => e.key === key);
  }
  get(key: string): number | undefined {
    const i = this.at(key);
    if (i < 0) return undefined;
    const [e] = this.entries.splice(i, 1);
    this.entries.push(e!);
    return e!.value;
  }
  peek(key: string): number | undefined {
    return this.entries[this.at(key)]?.value;
  }
  delete(key: string): boolean {
    const i = this.at(key);
    if (i >= 0) this.entries.splice(i, 1);
    return i >= 0;
  }
  set(key: string, value: number, size: number): boolean {
    this.delete(key);
    if (size > this.maxEntrySize) return false;
    this.entries.push({ key, value, size });
    while (this.total() > this.maxSize) this.entries.shift();
    return true;
  }
  resize(key: string, size: number): void {
    const e = this.entries[this.at(key)];
    if (!e) return;
    e.size = size;
    if (size > this.maxEntrySize) this.delete(key);
    while (this.total() > this.maxSize) this.entries.shift();
  }
}

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('get' as const, 'peek' as const, 'delete' as const), key }),
  fc.record({ op: fc.constant('set' as const), key, value: fc.integer(), size: fc.nat(40) }),
  fc.record({ op: fc.constant('set' as const), key, value: fc.integer(), size: fc.nat(40) }),
  fc.record({ op: fc.constant('resize' as const), key, size: fc.nat(40) }),
  fc.record({ op: fc.constant('clear' as const) }),
);

describe('BoundedMap', () => {
  it('answers every operation as the list model does, and holds the same entries in the same order', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.option(fc.nat(60), { nil: undefined }), fc.array(op, { maxLength: 80 }), (maxSize, maxEntrySize, ops) => {
        const map = new BoundedMap<string, number>({ maxSize, maxEntrySize });
        const model = new ListModel(maxSize, Math.min(maxEntrySize ?? maxSize, maxSize));
        for (const o of ops) {
          if (o.op === 'clear') {
            map.clear();
            model.entries = [];
          } else if (o.op === 'set') {
            expect(map.set(o.key, o.value, o.size)).toBe(model.set(o.key, o.value, o.size));
          } else if (o.op === 'resize') {
            map.resize(o.key, o.size);
            model.resize(o.key, o.size);
          } else {
            expect(map[o.op](o.key)).toBe(model[o.op](o.key));
          }
          expect([...map.keys()]).toEqual(model.entries.map((e) => e.key));
          expect(map.totalSize).toBe(model.total());
          expect(map.count).toBe(model.entries.length);
          expect(map.totalSize).toBeLessThanOrEqual(maxSize);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('counts a replaced entry once, whether the same key is set again by one caller or by two that read it at once', () => {
    const map = new BoundedMap<string, string>({ maxSize: 100 });
    map.set('a', 'rows', 30);
    map.set('a', 'rows again', 40);
    expect(map.totalSize).toBe(40);
    expect(map.get('a')).toBe('rows again');
  });

  it('keeps an entry set again over those used before it: setting is a use, as a read is', () => {
    const map = new BoundedMap<string, string>({ maxSize: 100 });
    for (const k of ['a', 'b', 'c', 'd']) map.set(k, k, 25);
    // Two searches read 'a' at once; the second to finish keeps it again. It is the most recently used.
    map.set('a', 'a', 25);
    map.set('e', 'e', 25);
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => map.peek(k))).toEqual(['a', undefined, 'c', 'd', 'e']);
  });

  it('refuses an outsized entry without letting the others go, and drops what it would have replaced', () => {
    const map = new BoundedMap<string, string>({ maxSize: 100, maxEntrySize: 25 });
    map.set('a', 'a', 25);
    map.set('b', 'b', 20);
    expect(map.set('huge', 'huge', 26)).toBe(false);
    expect(map.set('b', 'b grown', 26)).toBe(false);
    expect([...map.keys()]).toEqual(['a']);
    expect(map.totalSize).toBe(25);
    // Without maxEntrySize the bound itself is the largest entry.
    const whole = new BoundedMap<string, string>({ maxSize: 10 });
    whole.set('small', 's', 5);
    expect(whole.set('big', 'b', 11)).toBe(false);
    expect(whole.peek('small')).toBe('s');
  });

  it('lets the oldest go when an entry grows past the bound, and peek leaves the order alone', () => {
    const map = new BoundedMap<string, string>({ maxSize: 100 });
    for (const k of ['a', 'b', 'c']) map.set(k, k, 30);
    map.peek('a');
    map.resize('c', 50);
    expect([...map.keys()]).toEqual(['b', 'c']);
    expect(map.totalSize).toBe(80);
  });
});
