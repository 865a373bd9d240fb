/**
 * Dates of the corpus-map sources a historian can trust, on the shared
 * corpora and on inline files: Stalin's titles give the day inside the
 * header's year; an ROC law whose first history entry has no date is dated
 * by the next dated entry, and the report says so; a date outside the years
 * a source covers is kept as text and reported, never stored.
 * Skipped (the corpus parts) when ../shared/data is absent.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSourceFiles, readSources } from '../../src/ingest/sources.js';
import type { SourceItem } from '../../src/ingest/source-item.js';
import { SHARED_DATA, tempDir } from '../helpers.js';

async function items(path: string, format: string): Promise<Map<string, SourceItem>> {
  const out = new Map<string, SourceItem>();
  const files = await findSourceFiles([path], format as never);
  for await (const item of readSources(files, undefined, { bytesRead: 0 })) {
    const raw = item.raw as { kind?: string; id?: string } | undefined;
    if (raw?.kind === 'document' && raw.id) out.set(raw.id, item);
  }
  return out;
}
const raw = (item: SourceItem | undefined) => item!.raw as Record<string, any>;

function stalinFile(dir: string, n: number, year: string, subject: string): void {
  mkdirSync(join(dir, 'volume_4'), { recursive: true });
  writeFileSync(join(dir, 'volume_4', String(n)), `Volume: 4\r\nYear: ${year}\r\nType: Доклад\r\nTranslation: 0\r\nSource: Правда\r\nSubject: ${subject}\r\nTopic:\r\n\r\nТекст.\r\n`);
}

describe('corpus-map dates, on inline files', () => {
  it('refines a year by the day its title gives, only inside that year, and refuses a year outside the source', async () => {
    const dir = join(tempDir(), 'stalin-works');
    stalinFile(dir, 1, '1917', 'О независимости Финляндии. Доклад на заседании ВЦИК 22 декабря 1917 г.');
    stalinFile(dir, 2, '1919', 'Отчет о причинах падения Перми в декабре 1918 года');
    stalinFile(dir, 3, '0201', 'Речь');
    stalinFile(dir, 4, '1918', 'Телеграммы 7 июня 1918 г. и 9 июля 1918 г.');
    const got = await items(dir, 'stalin-works');
    expect(raw(got.get('stalin-works/v4-1')).date).toBe('1917-12-22');
    // A report written in 1919 about December 1918 keeps its year; the disagreement is reported.
    expect(raw(got.get('stalin-works/v4-2')).date).toBe('1919');
    expect(got.get('stalin-works/v4-2')!.warnings).toContain('Subject dates it 1918-12, outside 1919; 1919 kept');
    expect(raw(got.get('stalin-works/v4-3')).date).toBeUndefined();
    expect(raw(got.get('stalin-works/v4-3')).dateText).toBe('0201');
    expect(got.get('stalin-works/v4-3')!.warnings!.join(' ')).toMatch(/outside the years this source covers \(1895–1953\)|could not be read/);
    expect(raw(got.get('stalin-works/v4-4')).date).toBe('1918');
  });
});

describe('a history whose first entry has no date, on an inline file', () => {
  it('dates the law by the next dated entry and says so; a law whose first entry is dated keeps it', async () => {
    const dir = join(tempDir(), 'roc-laws', 'FalVMingLing');
    mkdirSync(dir, { recursive: true });
    const law = (code: string, history: string) =>
      writeFileSync(join(dir, `${code}.json`), JSON.stringify({ 法規名稱: `法規 ${code}`, 沿革內容: history, 法規內容: [{ 條號: '第 1 條', 條文內容: '本法施行。' }] }));
    law('X0000001', '1.\r\n2.中華民國七十八年十月三十日財政部函修正發布\r\n3.中華民國八十三年十月十八日發布廢\r\n  止');
    law('X0000002', '1.中華民國三十八年七月七日公布\r\n2.中華民國七十八年十月三十日修正');
    const got = await items(join(dir, '..'), 'roc-laws');
    expect(raw(got.get('roc-laws/X0000001')).date).toBe('1989-10-30');
    expect(got.get('roc-laws/X0000001')!.warnings!.some((w) => w.startsWith('history entry 1 has no date: the law is dated by entry 2'))).toBe(true);
    expect(raw(got.get('roc-laws/X0000002')).date).toBe('1949-07-07');
    expect(got.get('roc-laws/X0000002')!.warnings ?? []).not.toContainEqual(expect.stringContaining('history entry'));
  });
});

const STALIN = join(SHARED_DATA, 'stalin-works');
const ROC = join(SHARED_DATA, 'roc-laws');

describe.skipIf(!existsSync(STALIN) || !existsSync(ROC))('corpus-map dates, on the shared corpora', () => {
  it("dates Stalin's works to the day their titles name, and to the year otherwise", async () => {
    const got = await items(STALIN, 'stalin-works');
    expect(got.size).toBe(805);
    expect(raw(got.get('stalin-works/v4-5'))).toMatchObject({ date: '1917-12-22', title: 'О независимости Финляндии. Доклад на заседании ВЦИК 22 декабря 1917 г.' });
    let days = 0;
    for (const item of got.values()) {
      const r = raw(item);
      expect(r.date, r.id).toMatch(/^(19[0-5]\d)(?:-\d\d(?:-\d\d)?)?(?:\/19[0-5]\d-\d\d-\d\d)?$/);
      if (/^\d{4}-\d\d-\d\d$/.test(r.date)) days++;
    }
    expect(days).toBeGreaterThan(200);
  });

  it('dates an ROC law whose first history entry is blank by the next dated entry, and says so', async () => {
    const got = await items(ROC, 'roc-laws');
    const law = got.get('roc-laws/G0300042')!;
    expect(raw(law).date).toBe('1989-10-30');
    expect(law.warnings!.some((w) => w.startsWith('history entry 1 has no date: the law is dated by entry 2'))).toBe(true);
    for (const item of got.values()) expect(raw(item).date, raw(item).id).toBeDefined();
  });
});

const WILSON_API = join(SHARED_DATA, 'wilson-center', 'api-records');

describe.skipIf(!existsSync(WILSON_API))('the date a source published a record', () => {
  it("keeps the Wilson Center's own creation date of a transcript as the source's publication date", async () => {
    const got = await items(WILSON_API, 'wilson-api');
    expect(raw(got.get('wcda-transcript-33548')).source).toMatchObject({ publishedAt: '2017-10-13' });
  });
});
