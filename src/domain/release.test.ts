import { describe, expect, it } from 'vitest';
import { documentSchema } from './document.js';
import { releaseWarnings, sortReleases, withRelease, type Release } from './release.js';

const release = (id: string, date: string, pages: string[], extra: Partial<Release> = {}): Release => ({
  id, date, name: `Release ${date}`, pages, classification: [], restrictions: [], sources: [], ...extra,
});

describe('releases in the document model', () => {
  it('keeps an ordered list of releases with their pages, marks and sources', () => {
    const doc = documentSchema.parse({
      id: 'cia/1',
      title: 'Cable',
      date: '1963-10-01',
      releases: [
        { id: 'nara-2023', date: '2023-06-30', name: 'NARA JFK release, June 2023', pages: ['Page one [withheld]', 'Page two'], classification: ['Secret'], restrictions: ['Redact'], sources: [{ file: 'releases/2023/x.md', sheet: '2023.xlsx', row: 12 }] },
        { id: 'nara-2025', date: '2025-03-18', name: 'NARA JFK release, March 2025', pages: ['Page one in full', 'Page two'] },
      ],
    });
    expect(doc.releases.map((r) => r.id)).toEqual(['nara-2023', 'nara-2025']);
    expect(doc.releases[0]!.sources[0]).toEqual({ file: 'releases/2023/x.md', sheet: '2023.xlsx', row: 12 });
    expect(doc.releases[1]!.classification).toEqual([]);
  });

  it('refuses a release listed twice, out of date order, or with both pages and text', () => {
    const result = documentSchema.safeParse({
      id: 'cia/1',
      title: 'Cable',
      releases: [
        { id: 'b', date: '2025', name: 'B', pages: ['x'], text: 'x' },
        { id: 'a', date: '2023', name: 'A' },
        { id: 'b', date: '2026', name: 'B again' },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('releases.2.id: release "b" is listed twice');
    expect(messages.some((m) => m.startsWith('releases.1.date: release "a" (2023) is listed after'))).toBe(true);
    expect(messages).toContain('releases.0: a release has either pages or text, not both');
  });

  it('warns of a later release with fewer pages and of a release dated before the document', () => {
    const warnings = releaseWarnings({ date: '1963-10', releases: [release('a', '1962', ['1', '2', '3']), release('b', '2025', ['1'])] });
    expect(warnings).toEqual([
      'release "a" is dated 1962, before the document itself (1963-10)',
      'release "b" has fewer pages (1) than the earlier release "a" (3)',
    ]);
    expect(releaseWarnings({ date: '1963', releases: [release('a', '2017', ['1']), release('b', '2025', ['1', '2'])] })).toEqual([]);
  });

  it('adds a release in date order and replaces one with the same id, so a re-import changes nothing', () => {
    const list = [release('r2017', '2017-10-26', ['a']), release('r2025', '2025-03-18', ['c'])];
    const added = withRelease(list, release('r2023', '2023-06-30', ['b']));
    expect(added.map((r) => r.id)).toEqual(['r2017', 'r2023', 'r2025']);
    expect(withRelease(added, release('r2023', '2023-06-30', ['b']))).toEqual(added);
    expect(sortReleases([...added].reverse())).toEqual(added);
  });
});
