/**
 * The behaviour every SearchIndex must have, written once: matching (stems,
 * folding, AND/OR/NOT, phrases, prefixes, fields, names), drafts never
 * found, facets (multi-select, counted without their own selection), date
 * overlap, qualifiers and order, replacing and removing documents through
 * many writes, clearing and indexing again (a reindex). Each database's test
 * file runs it: `runSearchIndexContract('SQLite', () => openSqliteBackend(':memory:'))`.
 * Snippets and variant expansion are not the port's: the search service
 * makes them the same way whatever the index (search/snippet.ts, variants.ts).
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentInput } from '../domain/document.js';
import { parseQuery } from '../search/query-parser.js';
import type { IndexEntry, SearchFilters, SearchIndex, SearchRequest } from './search-index.js';
import { makeDocument } from './store.contract.js';

/** What the suite opens for each test: a fresh, empty index and a way to close it. */
export interface OpenIndex {
  search: SearchIndex;
  close(): Promise<void>;
}

const text = (html: string) => [{ language: 'en', html: `<p>${html}</p>` }];
const entry = (input: Partial<DocumentInput> & { id: string }, authorities: IndexEntry['authorities'] = []): IndexEntry => ({
  document: makeDocument(input),
  names: (authorities ?? []).flatMap((a) => a.names),
  authorities,
});

export function runSearchIndexContract(name: string, open: () => Promise<OpenIndex>): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let opened: OpenIndex;
    let index: SearchIndex;
    beforeEach(async () => {
      opened = await open();
      index = opened.search;
    });
    afterEach(async () => {
      await opened.close();
    });

    async function total(q: string): Promise<number> {
      return (await index.search({ query: parseQuery(q).root, filters: {}, sort: 'relevance', limit: 1, offset: 0 })).total;
    }

    async function ids(q: string, filters: SearchFilters = {}, extra: Partial<SearchRequest> = {}): Promise<string[]> {
      const result = await index.search({ query: parseQuery(q).root, filters, sort: q ? 'relevance' : 'date', limit: 50, offset: 0, ...extra });
      return result.hits.map((h) => h.id);
    }

    it('expands a prefix with more words than it takes to the most frequent, ties in word order, on every database', async () => {
      // 300 words of one document each (letters no stemmer touches), past the 128 a prefix takes: all tie.
      const letters = 'bcdfghjklmnpqrtvwxz';
      const words = Array.from({ length: 300 }, (_, i) => `zqv${letters[Math.floor(i / letters.length)]}${letters[i % letters.length]}`);
      const entries = words.map((w, i) => entry({ id: `w${String(i).padStart(3, '0')}`, transcripts: text(w) }));
      // In several segments, each holding every part of the alphabet, as a grown index does.
      for (let k = 0; k < 4; k++) await index.index(entries.filter((_, i) => i % 4 === k));
      const found = await index.search({ query: parseQuery('zqv*').root, filters: {}, sort: 'relevance', limit: 200, offset: 0 });
      expect(found.total).toBe(128);
      expect(found.hits.map((h) => h.id).sort()).toEqual(words.slice(0, 128).map((_, i) => `w${String(i).padStart(3, '0')}`));
    });

    it('counts the total only up to a bound when asked: the same hits, exact below the bound, else at least it and at most the true count', async () => {
      // 1,200 documents: "harbour" in every one, "cable" in two of three; the first forty hold both often and in their
      // titles, the rest once in bodies of varied length, so that most blocks of both lists cannot reach the top 20.
      const entries = Array.from({ length: 1200 }, (_, i) => {
        const strong = i < 40;
        const body = `${strong ? 'harbour cable harbour cable harbour ' : 'harbour '}${'quay '.repeat(i % 60)}${i % 3 ? 'cable' : 'fisheries'}`;
        return entry({ id: `h${String(i).padStart(4, '0')}`, title: strong ? `Harbour cable ${i}` : `Note ${i}`, date: i % 2 ? '1955-03-01' : '1960-07-01', transcripts: text(body) });
      });
      for (let k = 0; k < 2; k++) await index.index(entries.slice(k * 600, (k + 1) * 600));
      const relations = new Set<string | undefined>();
      const phrases = new Set<string | undefined>();
      for (const q of ['harbour', 'harbour cable', 'cable harbour', 'title:harbour', '"harbour cable"', '"quay cable"', '"harbour quay"']) {
        for (const filters of [{}, { dateFrom: '1955', dateTo: '1955' }]) {
          const request: SearchRequest = { query: parseQuery(q).root, filters, sort: 'relevance', limit: 20, offset: 0 };
          const exact = await index.search(request);
          expect(exact.totalRelation ?? 'eq', q).toBe('eq');
          for (const upTo of [1, 30, 5000]) {
            const bounded = await index.search({ ...request, totalUpTo: upTo });
            expect(bounded.hits, `${q} ${upTo}`).toEqual(exact.hits);
            relations.add(bounded.totalRelation);
            if (q.startsWith('"')) phrases.add(bounded.totalRelation);
            // Never counted below the page's end and one more.
            const floor = Math.max(upTo, 21);
            if (exact.total < floor) expect(bounded.totalRelation ?? 'eq', `${q} ${upTo}`).toBe('eq');
            if (bounded.totalRelation === 'gte') expect([bounded.total >= floor, bounded.total <= exact.total], `${q} ${upTo}`).toEqual([true, true]);
            else expect(bounded.total, `${q} ${upTo}`).toBe(exact.total);
          }
        }
      }
      // Some of these totals stopped short, a phrase's among them: the bound was used, not only allowed.
      expect([...relations].sort()).toEqual(['eq', 'gte']);
      expect([...phrases].sort()).toEqual(['eq', 'gte']);
    });

    describe('matching', () => {
      beforeEach(async () => {
        await index.index([
          entry({ id: 'a', title: 'Treaty of friendship', transcripts: text('The treaties were signed at Lüshun by Chou En-lai.') }),
          entry({ id: 'b', title: 'Memorandum on trade', transcripts: text('Trade in yen loans was discussed; the treaty came up once.') }),
          entry({ id: 'c', title: 'Loan agreement', transcripts: text('A yen loan, not a treaty.') }, [{ kind: 'person', id: 'sato', names: ['Sato Eisaku', '佐藤栄作'] }]),
          entry({ id: 'd', title: 'Draft', status: 'draft', transcripts: text('treaty draft') }),
        ]);
      });

      it('finds words by stem and folded form, ranking a title match first', async () => {
        expect(await ids('treaties')).toEqual(['a', 'c', 'b']);
        expect(await ids('lushun')).toEqual(['a']);
      });

      it('runs AND, OR, NOT, phrases, prefixes and fields', async () => {
        expect(await ids('yen loan')).toEqual(expect.arrayContaining(['b', 'c']));
        expect(await ids('"yen loan"')).toEqual(['c', 'b']);
        expect(await ids('"loan yen"')).toEqual([]);
        expect((await ids('friendship OR memorandum')).sort()).toEqual(['a', 'b']);
        expect(await ids('treaty -loan')).toEqual(['a']);
        expect((await ids('agree*')).sort()).toEqual(['c']);
        expect(await ids('title:treaty')).toEqual(['a']);
        expect(await ids('text:loan')).toEqual(expect.arrayContaining(['b', 'c']));
        expect(await ids('person:sato')).toEqual(['c']);
        expect(await ids('person:佐藤')).toEqual(['c']);
        expect(await ids('"Chou Enlai"')).toEqual(['a']);
        expect(await ids('Chou En-lai')).toEqual(['a']);
      });

      it('never returns a draft', async () => {
        expect(await ids('draft')).toEqual([]);
        expect(await index.count()).toBe(3);
      });

      it('matches nothing for a query with nothing searchable, and everything for no query', async () => {
        expect((await index.search({ query: { type: 'term', text: '***' }, filters: {}, sort: 'relevance', limit: 10, offset: 0 })).total).toBe(0);
        expect((await index.search({ filters: {}, sort: 'date', limit: 10, offset: 0 })).total).toBe(3);
      });
    });

    describe('facets', () => {
      beforeEach(async () => {
        await index.index([
          entry({ id: 'p1', type: 'cable', languages: ['ja'], date: '1955', classification: ['SECRET'], collections: [{ id: 'c1' }], subjects: ['trade', 'fisheries'] }),
          entry({ id: 'p2', type: 'cable', languages: ['ru'], date: '1957-05-21', classification: ['Secret'], collections: [{ id: 'c1' }], subjects: ['trade'] }),
          entry({ id: 'p3', type: 'memo', languages: ['ja'], date: '1972', collections: [{ id: 'c2' }], subjects: ['fisheries'], media: [{ kind: 'pdf', url: 'media/x.pdf' }] }),
          entry({ id: 'p4', type: 'memo', languages: ['en'], collections: [{ id: 'c2' }], status: 'withdrawn', withdrawnReason: 'gone' }),
          entry({ id: 'p5', type: 'memo', languages: ['en'], status: 'draft', collections: [{ id: 'c2' }] }),
        ]);
      });

      const facets = async (filters: SearchFilters) =>
        (await index.search({ filters, sort: 'date', limit: 10, offset: 0, facets: [{ id: 'type', limit: 10 }, { id: 'language', limit: 10 }, { id: 'decade', limit: 0 }, { id: 'classification', limit: 10 }, { id: 'includes', limit: 10 }, { id: 'subject', limit: 10 }] }))
          .facets!;

      it('counts every facet over published documents only', async () => {
        const f = await facets({});
        expect(f.type).toEqual([{ value: 'cable', count: 2 }, { value: 'memo', count: 1 }]);
        expect(f.language).toEqual([{ value: 'ja', count: 2 }, { value: 'ru', count: 1 }]);
        expect(f.decade).toEqual([{ value: '1950', count: 2 }, { value: '1970', count: 1 }]);
        expect(f.classification).toEqual([{ value: 'Secret', count: 2 }]);
        expect(f.includes).toEqual([{ value: 'scan', count: 1 }]);
      });

      it('combines values of one facet with OR and facets with AND, counting each facet without its own selection', async () => {
        const result = await index.search({ filters: { facets: { language: ['ja', 'ru'], type: ['cable'] } }, sort: 'date', limit: 10, offset: 0, facets: [{ id: 'type', limit: 10 }, { id: 'language', limit: 10 }] });
        expect(result.hits.map((h) => h.id)).toEqual(['p1', 'p2']);
        expect(result.facets!.type).toEqual([{ value: 'cable', count: 2 }, { value: 'memo', count: 1 }]);
        expect(result.facets!.language).toEqual([{ value: 'ja', count: 1 }, { value: 'ru', count: 1 }]);
      });

      it('keeps "search in" a collection working with every other filter', async () => {
        expect(await ids('', { collections: ['c1'], facets: { type: ['cable'] }, dateFrom: '1957' })).toEqual(['p2']);
        expect(await ids('', { collections: ['c2'] })).toEqual(['p3']);
      });

      it('filters by type:, lang: and collection: in the query', async () => {
        expect(await ids('type:memo')).toEqual(['p3']);
        expect((await ids('lang:ja')).sort()).toEqual(['p1', 'p3']);
        expect(await ids('lang:ja -type:memo')).toEqual(['p1']);
      });
    });

    describe('dates', () => {
      beforeEach(async () => {
        await index.index([
          entry({ id: 'y1955', date: '1955' }),
          entry({ id: 'd1955', date: '1955-01-01' }),
          entry({ id: 'm1948', date: '1948-06' }),
          entry({ id: 'approx', date: '1955~' }),
          entry({ id: 'unsure', date: '1956?' }),
          entry({ id: 'decade', date: '195X' }),
          entry({ id: 'span', date: '1949/1951' }),
          entry({ id: 'none' }),
        ]);
      });

      it('matches every document whose date range overlaps the filter', async () => {
        expect((await ids('', { dateFrom: '1950', dateTo: '1960' })).sort()).toEqual(['approx', 'd1955', 'decade', 'span', 'unsure', 'y1955']);
        expect((await ids('', { dateFrom: '1955-06', dateTo: '1955-06' })).sort()).toEqual(['approx', 'decade', 'y1955']);
        expect((await ids('', { dateTo: '1948-06-30' })).sort()).toEqual(['m1948']);
        expect((await ids('date:1950..1951')).sort()).toEqual(['decade', 'span']);
      });

      it('includes or excludes approximate and uncertain dates', async () => {
        expect((await ids('', { dateFrom: '1955', dateTo: '1956', qualifiers: 'exclude' })).sort()).toEqual(['d1955', 'decade', 'y1955']);
      });

      it('sorts "1955" at the start of 1955 and undated documents last, both ways', async () => {
        expect(await ids('')).toEqual(['m1948', 'span', 'decade', 'y1955', 'approx', 'd1955', 'unsure', 'none']);
        const desc = await ids('', {}, { sort: 'date-desc' });
        expect(desc[0]).toBe('unsure');
        expect(desc[desc.length - 1]).toBe('none');
      });
    });

    describe('updates', () => {
      it('replaces and removes documents, through many segments and merges', async () => {
        for (let i = 0; i < 40; i++) await index.index([entry({ id: `n${i}`, title: `Note ${i}`, transcripts: text(i % 2 ? 'odd harbour' : 'even harbour') })]);
        await index.index([entry({ id: 'n3', title: 'Note 3', transcripts: text('now even') })]);
        await index.remove(['n5']);
        expect((await ids('odd')).length).toBe(18);
        expect((await ids('harbour')).length).toBe(38);
        expect(await ids('"now even"')).toEqual(['n3']);
        expect(await index.count()).toBe(39);
      });

      it('keeps documents written one at a time pending, then writes them out as a segment, in order with batches', async () => {
        for (let i = 0; i < 300; i++) await index.index([entry({ id: `s${i}`, transcripts: text(i % 3 ? 'plain harbour pilot' : 'harbour master') })]);
        await index.index(Array.from({ length: 100 }, (_, i) => entry({ id: `b${i}`, transcripts: text('harbour master of the batch') })));
        for (let i = 0; i < 5; i++) await index.index([entry({ id: `t${i}`, transcripts: text('harbour master pending') })]);
        await index.index([entry({ id: 's0', transcripts: text('replaced') })]);
        expect(await total('harbour')).toBe(404);
        expect(await total('"harbour master"')).toBe(99 + 100 + 5);
        expect(await ids('replaced')).toEqual(['s0']);
        expect(await total('pend*')).toBe(5);
      });

      it('keeps every term through merges, whatever its script', async () => {
        const words = ['harbour', 'Lüshun', '正常化', '𠀀𠀁𠀂', 'переговоры', '인권을', 'ﬁnal'];
        for (let i = 0; i < 24; i++) await index.index(Array.from({ length: 64 }, (_, k) => entry({ id: `m${i}-${k}`, transcripts: text(`${words[(i + k) % words.length]} ${i}`) })));
        const expected = (w: string) => {
          let n = 0;
          for (let i = 0; i < 24; i++) for (let k = 0; k < 64; k++) if (words[(i + k) % words.length] === w) n++;
          return n;
        };
        for (const w of words) expect(await total(w)).toBe(expected(w));
      });

      it('answers the same after compacting: pending documents written out, replaced ones dropped', async () => {
        for (let i = 0; i < 20; i++) await index.index([entry({ id: `c${i}`, title: `Cable ${i}`, transcripts: text(i % 2 ? 'odd harbour' : 'even harbour') })]);
        const before = { harbour: await ids('harbour'), odd: await ids('odd'), phrase: await ids('"even harbour"') };
        await index.compact(); // where single writes wait as pending rows (SQLite), they become a segment
        expect(await index.compact()).toBe(false); // nothing left to do
        expect({ harbour: await ids('harbour'), odd: await ids('odd'), phrase: await ids('"even harbour"') }).toEqual(before);
        // Replacing every document leaves as many dead rows as live ones: a whole rewrite, after which the same answers.
        await index.index(Array.from({ length: 20 }, (_, i) => entry({ id: `c${i}`, title: `Cable ${i}`, transcripts: text(i % 2 ? 'odd pier' : 'even pier') })));
        expect(await index.compact()).toBe(true);
        expect(await index.compact()).toBe(false);
        expect(await ids('harbour')).toEqual([]);
        expect((await ids('pier')).sort()).toEqual([...before.harbour].sort());
        expect(await ids('odd')).toHaveLength(10);
        expect(await index.count()).toBe(20);
      });

      it('forgets everything on clear', async () => {
        await index.index([entry({ id: 'x', title: 'Harbour' })]);
        await index.clear();
        expect(await ids('harbour')).toEqual([]);
        await index.index([entry({ id: 'y', title: 'Harbour' })]);
        expect(await ids('harbour')).toEqual(['y']);
      });

      it('answers the same after a reindex (clear, then every document again)', async () => {
        const entries = Array.from({ length: 90 }, (_, i) =>
          entry({ id: `r${i}`, title: `Report ${i}`, date: `19${50 + (i % 30)}`, type: i % 2 ? 'cable' : 'memo', transcripts: text(i % 3 ? 'fisheries talks' : 'trade talks') }),
        );
        for (const e of entries.slice(0, 30)) await index.index([e]);
        await index.index(entries.slice(30));
        await index.remove(['r7']);
        const request = { query: parseQuery('talks').root, filters: { dateFrom: '1960' }, sort: 'relevance' as const, limit: 100, offset: 0, facets: [{ id: 'type' as const, limit: 10 }] };
        const before = await index.search(request);
        await index.clear();
        expect(await index.count()).toBe(0);
        await index.index(entries.filter((e) => e.document.id !== 'r7'));
        const after = await index.search(request);
        expect(await index.count()).toBe(89);
        expect(after.total).toBe(before.total);
        expect(after.hits.map((h) => h.id).sort()).toEqual(before.hits.map((h) => h.id).sort());
        expect(after.facets).toEqual(before.facets);
      });
    });
  });
}
