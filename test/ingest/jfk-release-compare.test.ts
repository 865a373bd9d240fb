/**
 * The comparison on real pairs of releases: three JFK records of the 2023
 * release and their 2025 re-releases, imported from a temporary folder (the
 * real files and NARA's real lists), then compared as the releases page
 * compares them. A passage withheld in 2023 and released in 2025 is marked
 * and listed; a page whose lines fell differently in the second OCR, and a
 * page read twice with OCR's usual differences, show no change. Skipped when
 * ../shared/data is absent.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { releasePages } from '../../src/domain/release.js';
import { compareReleases } from '../../src/domain/release-diff.js';
import { emptyReport, importItems } from '../../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../../src/ingest/sources.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp } from '../../src/web/app.js';
import { openTestArchive, SHARED_DATA, tempDir } from '../helpers.js';

const ROOT = join(SHARED_DATA, 'jfk-records');
const present = existsSync(join(ROOT, 'xlsx')) && existsSync(join(ROOT, 'releases'));
if (!present) console.warn(`Skipping the JFK release comparison test: ${ROOT} is absent (set DOSSIER_TEST_DATA to the shared data folder).`);

/** A record whose 2025 release reveals a paragraph about a Fulbright professor that 2023 withheld. */
const REVEALED = '104-10014-10064';
/** Page 2 has the same words in both releases, its lines broken in different places. */
const REFLOWED = '104-10326-10087';
/** Page 1 was read twice by OCR with small differences and nothing withheld or released. */
const REREAD = '104-10111-10094';

describe.skipIf(!present)('comparing real JFK re-releases', () => {
  let archive: Archive;
  beforeAll(async () => {
    const dir = join(tempDir(), 'jfk-records');
    for (const d of ['xlsx', 'releases/2023', 'releases/2025/0318']) mkdirSync(join(dir, d), { recursive: true });
    for (const f of ['national-archives-jfk-assassination-records-2023-release.xlsx', '2025-release.xlsx']) copyFileSync(join(ROOT, 'xlsx', f), join(dir, 'xlsx', f));
    for (const r of [REVEALED, REFLOWED, REREAD]) {
      copyFileSync(join(ROOT, 'releases', '2023', `${r}.md`), join(dir, 'releases', '2023', `${r}.md`));
      copyFileSync(join(ROOT, 'releases', '2025', '0318', `${r}.md`), join(dir, 'releases', '2025', '0318', `${r}.md`));
    }
    archive = await openTestArchive();
    const report = await importItems(archive, readSources(await findSourceFiles([dir], 'jfk-records'), undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
    expect(report.failures).toEqual([]);
  });

  const releasesOf = async (record: string) => {
    const d = (await archive.backend.store.getDocument(`jfk/${record}`))!;
    expect(d.releases.map((r) => r.date)).toEqual(['2023-06-27', '2025-03-18']);
    return d.releases;
  };

  it('marks and lists a passage present only in the later release', async () => {
    const [earlier, later] = await releasesOf(REVEALED);
    expect(releasePages(earlier!).join(' ')).not.toMatch(/FULBRIGHT/);
    const c = compareReleases(earlier!, later!);
    const passage = c.passages.find((p) => p.text.includes('INSTRUCTING ON A FULBRIGHT GRANT'));
    expect(passage).toBeDefined();
    expect(passage!.words).toBeGreaterThanOrEqual(8);
    expect(c.pagesChanged).toContain(passage!.page);

    const app = createWebApp(archive, { log: 'silent', cache: false });
    const res = await app.request(`/documents/jfk/${REVEALED}/releases`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const n = c.passages.indexOf(passage!) + 1;
    expect(html).toMatch(new RegExp(`<ins id="passage-${n}"><span class="visually-hidden">\\[newly released: </span>[^<]*INSTRUCTING ON A FULBRIGHT GRANT`));
    expect(html).toContain(`<a href="#passage-${n}">Page ${passage!.page}</a>`);
    // This passage runs over a paragraph break: two elements, one id, so every link has one target.
    expect(html.match(/<ins>[^<]*<span class="visually-hidden">\[newly released: <\/span>[^<]*ST PETERSBURG STATE UNIV/)).not.toBeNull();
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (let k = 1; k <= c.passages.length; k++) expect(ids).toContain(`passage-${k}`);
  });

  it('shows no change on a page whose lines fell differently in the later release', async () => {
    const [earlier, later] = await releasesOf(REFLOWED);
    const [a, b] = [releasePages(earlier!)[1]!, releasePages(later!)[1]!];
    // The same words, lines broken elsewhere: the texts differ, their words do not (the banner's year aside).
    expect(a).not.toBe(b);
    const words = (s: string) => s.replace(/20(23|25) RELEASE/, 'RELEASE').split(/\s+/).join(' ');
    expect(words(a)).toBe(words(b));
    const c = compareReleases(earlier!, later!);
    expect(c.pagesChanged).not.toContain(2);
    const onPage2 = c.segments.filter((s) => s.kind !== 'same').flatMap((s) => s.tokens).filter((t) => t.page === 2);
    expect(onPage2).toEqual([]);
    expect(compareReleases({ pages: [a] }, { pages: [b] })).toMatchObject({ addedWords: 0, removedWords: 0, passages: [] });
  });

  it('shows no change on a page OCR read twice with small differences', async () => {
    const [earlier, later] = await releasesOf(REREAD);
    const [a, b] = [releasePages(earlier!)[0]!, releasePages(later!)[0]!];
    expect(a.replace(/\s+/g, ' ')).not.toBe(b.replace(/\s+/g, ' ').replace('2025 RELEASE', '2023 RELEASE'));
    expect(compareReleases({ pages: [a] }, { pages: [b] })).toMatchObject({ addedWords: 0, removedWords: 0, passages: [] });
  });
});
