/**
 * The search engine's tables on PostgreSQL: a segment built by the engine's
 * own SegmentBuilder comes back byte for byte and in the engine's term order,
 * doc numbers and facet ids stay gapless and in commit order under two
 * writing processes, and the change marker is announced only on commit.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startCluster, type PostgresCluster } from '../../../test/postgres-cluster.js';
import { compareTerms, SegmentBuilder } from '../../search/engine/segment.js';
import { FIELD } from '../../search/index-fields.js';
import { openPostgres, poolOf, type PostgresHandle } from './open-postgres.js';
import { createSegmentTables, listenForChanges, PG_INDEX_LAYOUT, SegmentTables, type DocColumnRow } from './segment-tables.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgresAvailable())('PostgreSQL segment tables', () => {
  let cluster: PostgresCluster;
  let url: string;
  let one: PostgresHandle;
  let two: PostgresHandle;
  beforeAll(async () => {
    cluster = await startCluster();
    url = await cluster.createDatabase();
    [one, two] = await Promise.all([openPostgres(url), openPostgres(url)]);
    await Promise.all([createSegmentTables(one.db), createSegmentTables(two.db)]);
  });
  afterAll(async () => {
    await one?.db.destroy();
    await two?.db.destroy();
    await cluster?.destroy();
  });

  it('keeps a segment the engine built, byte for byte, its terms in the engine’s order', async () => {
    const builder = new SegmentBuilder();
    // Terms beyond the Basic Multilingual Plane and in the private-use area are where UTF-16 order and byte order part.
    const texts = ['zhou enlai cable tokyo', 'Zhou 𠀀 cable \uE000 naïve', 'Beijing Peking ABC abc'];
    texts.forEach((text, i) => builder.add(100 + i, [{ field: Object.values(FIELD)[0] as never, texts: [text] }]));
    const encoded = [...builder.encode(100, false)];
    const tables = new SegmentTables(one.db);
    await one.db.transaction().execute(async (trx) => {
      await new SegmentTables(trx).writeSegment(
        { base: 100, last: builder.maxDoc, docs: builder.docs, level: 0, terms: builder.termList() },
        encoded.map((e) => ({ term: e.term, n: e.n, data: e.postings, positions: e.positions })),
      );
    });
    expect(await tables.segments()).toEqual([{ base: 100, last: 102, docs: 3, level: 0, terms: builder.termList() }]);
    const terms = encoded.map((e) => e.term);
    const first = terms[0]!;
    const last = terms.at(-1)!;
    const back = await tables.range(100, first, last);
    expect(back.map((r) => r.term)).toEqual([...terms].sort(compareTerms));
    for (const e of encoded) {
      const row = back.find((r) => r.term === e.term)!;
      expect([row.n, Buffer.from(row.data), Buffer.from(row.positions)]).toEqual([e.n, Buffer.from(e.postings), Buffer.from(e.positions)]);
    }
    const cable = await tables.postings('cabl');
    expect(cable.map((r) => [r.base, r.n])).toEqual([[100, 2]]);
    expect((await tables.termsInRange('c', 'd', 5))[0]).toEqual({ term: 'cabl', df: 2 });

    // The engine orders terms by code point; JavaScript's default order puts U+E000 after astral characters.
    const odd = ['\uE000x', '𠀀', 'z', 'Z', '\u0001a', 'ß', 'ss'];
    expect([...odd].sort()).not.toEqual([...odd].sort(compareTerms));
    const empty = new Uint8Array(0);
    await tables.writeSegment({ base: 200, last: 200, docs: 1, level: 0, terms: [...odd].sort(compareTerms) }, odd.map((term) => ({ term, n: 1, data: empty, positions: empty })));
    expect((await tables.range(200, '\u0001', '\u{10FFFF}')).map((r) => r.term)).toEqual([...odd].sort(compareTerms));
    expect((await tables.segments()).map((g) => g.terms)).toEqual([builder.termList(), [...odd].sort(compareTerms)]);

    await tables.deleteRange(100, first, last);
    await tables.deleteSegments([100, 200]);
    expect(await tables.range(100, first, last)).toEqual([]);
    expect(await tables.segments()).toEqual([]);
  });

  it('reads a search’s postings and positions back whole, in the order of their segments, each in a buffer of its own', async () => {
    // Three segments whose bases sort otherwise as text (“10” < “2000” < “300”), each with its own lists of two words.
    const bases = [300, 10, 2000];
    const written = new Map<string, { base: number; data: Uint8Array; positions: Uint8Array }[]>();
    for (const base of bases) {
      const builder = new SegmentBuilder();
      const texts = Array.from({ length: 40 + base / 10 }, (_, i) => `cable ${'tokyo '.repeat(1 + (i % 5))}cable ${i} zhou`);
      texts.forEach((text, i) => builder.add(base + i, [{ field: Object.values(FIELD)[0] as never, texts: [text] }]));
      const encoded = [...builder.encode(base, false)];
      await new SegmentTables(one.db).writeSegment(
        { base, last: builder.maxDoc, docs: builder.docs, level: 0, terms: builder.termList() },
        encoded.map((e) => ({ term: e.term, n: e.n, data: e.postings, positions: e.positions })),
      );
      for (const e of encoded.filter((x) => x.term === 'cabl' || x.term === 'tokyo')) {
        written.set(e.term, [...(written.get(e.term) ?? []), { base, data: e.postings, positions: e.positions }]);
      }
    }
    const inOrder = (term: string) => [...written.get(term)!].sort((a, b) => a.base - b.base);
    const tables = new SegmentTables(one.db, poolOf(one.db));
    const postings = await tables.postingsOf([2000, 10, 300], ['tokyo', 'cabl']);
    const positions = await tables.positionsOf([2000, 10, 300], ['tokyo', 'cabl']);
    for (const term of ['cabl', 'tokyo']) {
      expect(postings.get(term)!.map((r) => [r.base, Buffer.from(r.data)])).toEqual(inOrder(term).map((r) => [r.base, Buffer.from(r.data)]));
      expect(positions.get(term)!.map((r) => Buffer.from(r.positions))).toEqual(inOrder(term).map((r) => Buffer.from(r.positions)));
      // The engine's decoders read a list from its buffer's start.
      for (const r of [...postings.get(term)!.map((x) => x.data), ...positions.get(term)!.map((x) => x.positions)]) expect(r.byteOffset).toBe(0);
    }
    // A phrase's words' postings read with their positions: the rows the postings statement gives, segment identities
    // included, and the same positions; a word whose postings were not asked for brings none.
    const pairs = await tables.postingsOfPairs([2000, 10, 300, 2000, 10, 300], ['tokyo', 'tokyo', 'tokyo', 'zzz', 'zzz', 'zzz']);
    const both = await tables.positionsAndPostingsOf([2000, 10, 300], ['tokyo', 'cabl', 'zzz'], ['tokyo', 'zzz']);
    const byPair = (rows: typeof pairs) => rows.map((r) => ({ ...r, row: r.row && { n: r.row.n, data: Buffer.from(r.row.data) } })).sort((a, b) => a.base - b.base || a.term.localeCompare(b.term));
    expect(byPair(both.postings)).toEqual(byPair(pairs));
    expect(both.postings.filter((r) => r.term === 'tokyo').map((r) => r.row !== null)).toEqual([true, true, true]);
    for (const r of both.postings) if (r.row) expect(r.row.data.byteOffset).toBe(0);
    for (const term of ['cabl', 'tokyo']) expect(both.positions.get(term)!.map((r) => Buffer.from(r.positions))).toEqual(inOrder(term).map((r) => Buffer.from(r.positions)));
    // Inside a transaction the same rows, read as the transaction's other reads are.
    await one.db.transaction().execute(async (trx) => {
      const inside = await new SegmentTables(trx).positionsOf([2000, 10, 300], ['tokyo', 'cabl']);
      for (const term of ['cabl', 'tokyo']) expect(inside.get(term)!.map((r) => Buffer.from(r.positions))).toEqual(inOrder(term).map((r) => Buffer.from(r.positions)));
    });
    // A term that must be quoted to be written into a statement's text, beside one that is in no segment.
    const odd = "o'hara\\n\"x";
    await tables.writeSegment({ base: 5000, last: 5000, docs: 1, level: 0, terms: [odd] }, [{ term: odd, n: 1, data: new Uint8Array([2, 0, 9]), positions: new Uint8Array([7, 255, 0]) }]);
    const quoted = await tables.positionsOf([10, 5000], [odd, 'absent']);
    expect([...quoted.keys()]).toEqual([odd]);
    expect(Buffer.from(quoted.get(odd)![0]!.positions)).toEqual(Buffer.from([7, 255, 0]));
    await one.db.transaction().execute(async (trx) => {
      for (const base of [...bases, 5000]) await new SegmentTables(trx).deleteRange(base, '', '\u{10FFFF}');
      await new SegmentTables(trx).deleteSegments([...bases, 5000]);
    });
  });

  it('keeps the doc columns, marks a replaced version dead and hands out doc numbers gapless in commit order', async () => {
    const row = (doc: number, docId: string, sortKey: number | null): DocColumnRow => ({
      doc, docId, live: true, length: 12, dateStart: 19550602, dateEnd: 19550602, dateFlags: 1, sortKey,
      facets: new Uint8Array(new Uint32Array([(3 << 24) | 7, 0]).buffer),
    });
    // Two processes indexing at once: one holds its reservation open while the other waits.
    let reserved!: () => void;
    const held = new Promise<void>((resolve) => (reserved = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = one.db.transaction().execute(async (trx) => {
      const t = new SegmentTables(trx);
      const { firstDoc } = await t.reserve(2);
      reserved();
      await gate;
      await t.insertDocs([row(firstDoc, 'a', 195506024), row(firstDoc + 1, 'b', null)]);
      return firstDoc;
    });
    await held;
    let fastDone = false;
    const fast = two.db.transaction().execute(async (trx) => {
      const t = new SegmentTables(trx);
      const { firstDoc } = await t.reserve(1);
      await t.insertDocs([row(firstDoc, 'c', 1.5)]);
      fastDone = true;
      return firstDoc;
    });
    await sleep(300);
    expect(fastDone).toBe(false);
    release();
    const [slowFirst, fastFirst] = await Promise.all([slow, fast]);
    expect(fastFirst).toBe(slowFirst + 2);
    // A reservation rolled back gives its numbers back.
    await one.db.transaction().execute(async (trx) => {
      await new SegmentTables(trx).reserve(5);
      throw new Error('rolled back');
    }).catch(() => {});
    const tables = new SegmentTables(one.db);
    expect((await tables.state()).nextDoc).toBe(fastFirst + 1);

    const docs = await tables.docsFrom(slowFirst);
    expect(docs.map((d) => [d.doc, d.docId, d.sortKey])).toEqual([[slowFirst, 'a', 195506024], [slowFirst + 1, 'b', null], [fastFirst, 'c', 1.5]]);
    expect(docs[0]!.facets).toEqual(row(0, 'a', null).facets);
    await tables.addPending(slowFirst, new Uint8Array([1, 0, 2]));
    expect(await tables.replace('a')).toBe(slowFirst);
    expect(await tables.replace('a')).toBeUndefined();
    expect(await tables.deadDocs()).toEqual([slowFirst]);
    expect(await tables.pending()).toEqual([]);
    await tables.addPending(fastFirst, new Uint8Array([0, 255]));
    expect(await tables.pending()).toEqual([{ doc: fastFirst, data: Buffer.from([0, 255]), live: true }]);
  });

  it('gives a new facet value one dense id even when two processes add it at once', async () => {
    const add = (db: PostgresHandle, value: string) => db.db.transaction().execute((trx) => new SegmentTables(trx).facetValueId(4, value));
    const [x1, x2] = await Promise.all([add(one, 'Zhou Enlai'), add(two, 'Zhou Enlai')]);
    expect(x1).toBe(x2);
    const ids = await Promise.all(['Mao', 'Nehru', 'mao', 'Zhou Enlai'].map((v, i) => add(i % 2 ? one : two, v)));
    expect(ids[3]).toBe(x1);
    expect(new Set([x1, ...ids]).size).toBe(4);
    const values = (await new SegmentTables(one.db).facetValues()).filter((v) => v.facet === 4);
    expect(values.map((v) => v.id)).toEqual([0, 1, 2, 3]);
  });

  it('announces a new generation to other processes when an index write commits, and never for one rolled back', async () => {
    const heard: number[] = [];
    const stop = await listenForChanges(url, (generation) => heard.push(generation));
    try {
      const before = (await new SegmentTables(one.db).state()).generation;
      let inside = -1;
      await two.db.transaction().execute(async (trx) => {
        inside = (await new SegmentTables(trx).reserve(0)).generation;
        await sleep(200);
        expect(heard).toEqual([]);
      });
      await two.db.transaction().execute(async (trx) => {
        await new SegmentTables(trx).reserve(0);
        throw new Error('rolled back');
      }).catch(() => {});
      for (let i = 0; i < 50 && heard.length === 0; i++) await sleep(20);
      await sleep(100);
      expect(inside).toBe(before + 1);
      expect(heard).toEqual([before + 1]);
      expect((await new SegmentTables(one.db).state()).generation).toBe(before + 1);
    } finally {
      await stop();
    }
  });

  it('creates its tables once, keeps them when opened again, and rebuilds them empty when their layout changes', async () => {
    const tables = new SegmentTables(one.db);
    await createSegmentTables(one.db);
    expect((await tables.state()).layout).toBe(PG_INDEX_LAYOUT);
    expect((await tables.docsFrom(0)).length).toBeGreaterThan(0);
    await cluster.query(`update search_state set layout = 'older'`, [], new URL(url).pathname.slice(1));
    await createSegmentTables(one.db);
    expect(await tables.docsFrom(0)).toEqual([]);
    expect((await tables.state()).nextDoc).toBe(1);
  });
});
