/**
 * Hand-written cross-script and variant queries over the multilingual
 * corpora (the UDHR in 17 languages from ../shared/data), each with the
 * documents it must find: every language searchable in its own script,
 * simplified and traditional Chinese as one, inflected forms of Russian and
 * English, diacritics folded, Cyrillic found by its Latin transliteration. Skips with a message when the corpora are absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/services/archive.js';
import { runSearch } from '../../src/services/search.js';
import { searchParamsSchema } from '../../src/search/search-state.js';
import { makeDocument } from '../../src/backends/store.contract.js';
import { openTestArchive, SHARED_DATA } from '../helpers.js';

const UDHR = join(SHARED_DATA, 'udhr');
const present = existsSync(UDHR);
if (!present) console.warn(`cross-script tests skipped: ${UDHR} is absent (set DOSSIER_TEST_DATA)`);

/** [query, documents it must find (file names without .html), documents it must not]. */
const CASES: [string, string[], string[]][] = [
  ['人权宣言', ['cmn_hans', 'cmn_hant'], ['jpn', 'kor']], // simplified query, traditional text too
  ['人權宣言', ['cmn_hans', 'cmn_hant'], []], // traditional query, simplified text too
  ['聯合國憲章', ['cmn_hans', 'cmn_hant'], []],
  ['世界人権宣言', ['jpn'], []], // Japanese shinjitai 権
  ['基本的人権', ['jpn'], []],
  ['인권', ['kor'], []], // a Korean word inside 인권과, 인권을
  ['국제연합', ['kor'], []],
  ['достоинство', ['rus'], ['ukr', 'bel', 'bul']], // Russian, any case ending
  ['прав человека', ['rus'], []],
  ['гідність', ['ukr'], ['rus']],
  ['الإنسان', ['arb'], []],
  ['האדם', ['heb'], []],
  ['मानव', ['hin'], []],
  ['สิทธิมนุษยชน', ['tha'], []], // Thai, written without spaces
  ['dignité', ['fra'], []],
  ['dignite', ['fra'], []], // without the accent
  ['Würde', ['deu_1996'], []],
  ['wurde', ['deu_1996'], []],
  ['dignidad', ['spa'], []],
  ['"human rights"', ['eng'], ['fra']],
  ['declarations', ['eng'], []], // English stem: declaration
  ['ihmisoikeuksien', ['fin'], []],
  // Cyrillic text found by its Latin transliteration, scholarly and English.
  ['dostoinstvo', ['rus'], ['ukr', 'eng']],
  ['celoveka', ['rus'], []],
  ['cheloveka', ['rus'], []],
  ['gidnist', ['ukr'], ['rus']],
  ['dostojnstvo', ['bul'], ['rus']],
];

describe.skipIf(!present)('cross-script queries over the UDHR in 17 languages', () => {
  let archive: Archive;
  beforeAll(async () => {
    archive = await openTestArchive();
    for (const file of readdirSync(UDHR).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(join(UDHR, file), 'utf8');
      const lang = (/<html[^>]*lang="([^"]+)"/.exec(html)?.[1] ?? 'und').replace(/-1996$/, '');
      const body = html.replace(/<\/(h\d|p|li)>/g, '\n').replace(/<[^>]+>/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
      const doc = makeDocument({
        id: file.replace(/\.html$/, ''),
        title: `UDHR (${lang})`,
        date: '1948-12-10',
        languages: [lang],
        transcripts: [{ language: lang, html: body.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('') }],
      });
      await archive.save({ kind: 'document', ...doc }, { actor: 'test' });
    }
  }, 120_000);

  it.each(CASES)('%s', async (q, found, notFound) => {
    const page = await runSearch(archive, searchParamsSchema.parse({ q, perPage: 50 }));
    const ids = page.hits.map((h) => h.id);
    for (const id of found) expect(ids, `${q} should find ${id}`).toContain(id);
    for (const id of notFound) expect(ids, `${q} should not find ${id}`).not.toContain(id);
    expect(page.hits.find((h) => h.id === found[0])!.snippets.some((s) => s.html.includes('<mark>'))).toBe(true);
  });
});
