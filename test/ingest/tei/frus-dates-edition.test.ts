/**
 * FRUS dates a historian can trust, and the volume a document is cited in,
 * rule by rule on small inline volumes: datelines a document signs off with,
 * a volume's plausible span, every undated document in the report, the
 * volume read from old and modern headers, page ranges, supplied titles.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../../src/cli/print-report.js';
import { parseArchiveRecord } from '../../../src/domain/archive-record.js';
import { emptyReport, importItems } from '../../../src/ingest/import-service.js';
import type { SourceItem } from '../../../src/ingest/source-item.js';
import { readTeiFile } from '../../../src/ingest/tei/tei-reader.js';
import { openTestArchive, tempDir } from '../../helpers.js';

const NS = 'xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"';

/** A volume with the given header titles (type → text) and body. */
function volume(id: string, titles: Record<string, string>, body: string, published = '1902'): string {
  const t = Object.entries(titles).map(([type, text]) => `<title type="${type}">${text}</title>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI ${NS} xml:id="${id}"><teiHeader><fileDesc><titleStmt>${t}<editor role="primary">Jane Editor</editor></titleStmt>
<publicationStmt><publisher>Government Printing Office</publisher><pubPlace>Washington</pubPlace><date>${published}</date></publicationStmt>
<sourceDesc><p>Printed book</p></sourceDesc></fileDesc></teiHeader><text><body>${body}</body></text></TEI>`;
}

async function read(xml: string, name: string): Promise<SourceItem[]> {
  const path = join(tempDir(), name);
  writeFileSync(path, xml);
  const items: SourceItem[] = [];
  for await (const item of readTeiFile({ path, display: name })) items.push(item);
  return items;
}

async function docs(xml: string, name: string) {
  const out = new Map<string, { record: Record<string, any>; warnings: string[] }>();
  for (const item of await read(xml, name)) {
    const parsed = parseArchiveRecord(item.raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    if (parsed.record.kind === 'document') out.set(parsed.record.id, { record: parsed.record, warnings: item.warnings ?? [] });
  }
  return out;
}

const OLD = { complete: 'Papers Relating to the Foreign Relations of the United States, 1930, Volume I', series: 'Papers relating to the foreign relations of the United States', subseries: '1930', volumenumber: 'Volume I' };

describe('a dateline at the end of a document', () => {
  const body = `<div type="chapter" xml:id="ch1"><head>General</head>
    <div type="document" xml:id="d1" n="1"><head>Memorandum by the British Embassy</head>
      <p>His Majesty’s Government would not object.</p>
      <p><hi rend="smallcaps">Washington</hi>, May 22, 1930.</p></div>
    <div type="document" xml:id="d2" n="2"><head>Report</head><p>Respectfully submitted,</p>
      <closer><signed><hi rend="smallcaps">H. L. Stimson</hi></signed> Washington, May 29, 1930.</closer></div>
    <div type="document" xml:id="d3" n="3"><head>Note</head>
      <p>The treaty signed at Washington on October 6th, 1930, will be laid before the Senate.</p></div>
    <div type="document" xml:id="d4" n="4"><head>Message</head><p>I transmit a report.</p>
      <closer><signed>Theodore Roosevelt.</signed></closer>
      <postscript><p><hi rend="smallcaps">White House</hi>,<lb/><hi rend="italic">Washington, December 11, 1901.</hi></p></postscript></div>
    <div type="document" xml:id="d5" n="5"><head>Dated at its head</head>
      <opener><dateline><placeName>Paris</placeName>, <date when="1930-01-02">January 2, 1930</date></dateline></opener>
      <p>Text.</p><p>Paris, March 3, 1930.</p></div>
    <div type="document" xml:id="d6" n="6"><head>Telegram of the Taotai</head><p>Favor me with a reply.</p>
      <closer><signed><list><item><hi rend="smallcaps">Yu Lien-yuen</hi>, <hi rend="italic">Taotai at Shanghai.</hi></item>
        <item><hi rend="smallcaps">Kwang-hsu</hi>, <hi rend="italic">twenty-sixth year, sixth moon, 23d day</hi> (<hi rend="italic">July 19, 1900</hi>)</item></list></signed>.</closer></div>
    <div type="document" xml:id="d7" n="7"><head>Copy</head><p>Text of the copy.</p><p>Received June 3, 1930.</p></div>
  </div>`;

  it('is read when the document has no dateline at its head: a last paragraph, a closer, a postscript', async () => {
    const d = await docs(volume('frus1930t', OLD, body, '1945'), 'frus1930t.xml');
    expect(d.get('frus1930t/d1')!.record).toMatchObject({ date: '1930-05-22', dateText: 'Washington, May 22, 1930.', placeWritten: 'Washington' });
    expect(d.get('frus1930t/d1')!.warnings.join(' ')).not.toContain('undated');
    expect(d.get('frus1930t/d2')!.record).toMatchObject({ date: '1930-05-29' });
    expect(d.get('frus1930t/d4')!.record).toMatchObject({ date: '1901-12-11', placeWritten: 'White House, Washington' });
    // A closer that gives the Chinese calendar date with its Western equivalent in brackets.
    expect(d.get('frus1930t/d6')!.record).toMatchObject({ date: '1900-07-19', dateText: 'July 19, 1900' });
  });

  it('is never taken from inside a sentence, and never overrides the dateline at the head', async () => {
    const d = await docs(volume('frus1930t', OLD, body, '1945'), 'frus1930t.xml');
    expect(d.get('frus1930t/d3')!.record.date).toBeUndefined();
    expect(d.get('frus1930t/d3')!.warnings).toContain('no dateline: undated');
    expect(d.get('frus1930t/d5')!.record).toMatchObject({ date: '1930-01-02', placeWritten: 'Paris' });
    // The day a copy was received is not the day the document was written.
    expect(d.get('frus1930t/d7')!.record.date).toBeUndefined();
  });
});

describe("a date outside the volume's plausible span", () => {
  const titles = { complete: 'Papers Relating to the Foreign Relations of the United States, 1870', series: 'Papers Relating to the Foreign Relations of the United States', 'sub-series': '1870' };
  const body = `<div type="chapter" xml:id="ch1"><head>Great Britain</head>
    <div type="document" xml:id="d1" n="1" frus:doc-dateTime-min="1670-11-01T00:00:00-05:00" frus:doc-dateTime-max="1670-11-01T23:59:59-05:00">
      <head>Mr. Moran to Mr. Fish</head>
      <opener><dateline><placeName>London</placeName>, <date when="1670-11-01">November 1, 1670.</date></dateline></opener><p>Sir.</p></div>
    <div type="document" xml:id="d2" n="2"><head>Treaty quoted</head>
      <opener><dateline><date when="1806-06-09">June 9, 1806</date></dateline></opener><p>Articles.</p></div>
    <div type="document" xml:id="d3" n="3"><head>Mr. Fish to Mr. Moran</head>
      <opener><dateline><date when="0201-07-04">July 4, 1870.</date></dateline></opener><p>Sir.</p></div>
  </div>`;

  it('is not published as a date: kept as the printed text, noted, and reported as dirty', async () => {
    const d = await docs(volume('frus1870t', titles, body, '1870'), 'frus1870t.xml');
    const moran = d.get('frus1870t/d1')!;
    expect(moran.record.date).toBeUndefined();
    expect(moran.record.dateText).toBe('November 1, 1670.');
    expect(moran.record.notes).toContain('more than 100 years before the volume\'s year (1870)');
    expect(moran.warnings.some((w) => w.startsWith('dirty date') && w.includes('1670-11-01'))).toBe(true);
    expect(d.get('frus1870t/d3')!.record.date).toBeUndefined();
    // A paper the volume quotes from 64 years earlier is within the span.
    expect(d.get('frus1870t/d2')!.record.date).toBe('1806-06-09');
  });

  it('every undated document is listed in the import report, whatever the reason', async () => {
    const archive = await openTestArchive();
    const path = join(tempDir(), 'frus1870t.xml');
    writeFileSync(path, volume('frus1870t', titles, body + `<div type="document" xml:id="d4" n="4"><head>No date at all</head><p>Text.</p></div>`, '1870'));
    const items = readTeiFile({ path, display: 'frus1870t.xml' });
    const report = await importItems(archive, items, { actor: 'test' }, emptyReport());
    expect(report.failures).toEqual([]);
    expect(report.undated.map((u) => u.id).sort()).toEqual(['frus1870t/d1', 'frus1870t/d3', 'frus1870t/d4']);
    expect(report.undated[0]!.locator).toMatchObject({ file: 'frus1870t.xml', path: '//div[@xml:id="d1"]' });
    expect(formatReport(report)).toContain('Undated documents (3)');
  });
});

describe('the volume a document is cited in, from any header', () => {
  it('reads a modern volume: volume number before its subject, as the complete title gives them', async () => {
    const titles = {
      complete: 'Foreign Relations of the United States, 1969–1976, Volume XVII, China, 1969–1972',
      series: 'Foreign Relations of the United States',
      'sub-series': '1969–1976',
      'volume-number': 'Volume XVII',
      volume: 'China, 1969–1972',
    };
    const body = `<div type="chapter" xml:id="ch1"><head>Chapter</head><pb n="1" xml:id="pg_1"/>
      <div type="document" xml:id="d1" n="1"><head>1. Memorandum</head><p>First page.</p><pb n="2" xml:id="pg_2"/><p>Second page.</p><pb n="3" xml:id="pg_3"/></div>
      <div type="document" xml:id="d2" n="2"><head>2. Telegram</head><p>Third page.</p></div></div>`;
    const d = await docs(volume('frus1969-76v17', titles, body, '2006'), 'frus1969-76v17.xml');
    expect(d.get('frus1969-76v17/d1')!.record.publishedIn).toEqual({
      title: 'Foreign Relations of the United States, 1969–1976, Volume XVII, China, 1969–1972',
      series: 'Foreign Relations of the United States',
      year: '1969–1976',
      subseries: 'China, 1969–1972',
      volume: 'Volume XVII',
      document: '1',
      pages: '1–2',
      editors: ['Jane Editor'],
      publisher: 'Government Printing Office',
      place: 'Washington',
      issued: '2006',
    });
    // A break after a document's last words opens the next document's page.
    expect(d.get('frus1969-76v17/d2')!.record.publishedIn.pages).toBe('3');
  });

  it('takes the year from the volume id when the header has none, and names the series as the Office of the Historian does', async () => {
    const titles = { complete: 'Message of the President of the United States to the Two Houses of Congress', subseries: 'Message of the President of the United States to the Two Houses of Congress' };
    const body = `<div type="chapter" xml:id="ch1"><head>Correspondence</head>
      <div type="document" xml:id="d1" n="1"><head>[Untitled]</head><p>M. Supervielle, who has just arrived in Paris, in the character of special envoy from the Confederate States, is a Frenchman by birth.</p></div>
      <div type="document" xml:id="d2" n="2"><head/><p>Mr. Seward has received the note. It is answered.</p></div></div>`;
    const d = await docs(volume('frus1861t', titles, body, '1861'), 'frus1861t.xml');
    const first = d.get('frus1861t/d1')!;
    expect(first.record.publishedIn).toMatchObject({ title: 'Foreign Relations of the United States, 1861', year: '1861', document: '1' });
    expect(first.record.publishedIn.subseries).toBeUndefined();
    expect(first.record.title).toBe('[M. Supervielle, who has just arrived in Paris, in the character of special envoy from the…]');
    expect(first.warnings).toContain('titled "[Untitled]" in the source: title supplied from its first line');
    expect(d.get('frus1861t/d2')!.record.title).toBe('[Mr. Seward has received the note]');
  });

  it("falls back on the title page for what the header leaves empty: subject, volume number", async () => {
    const xml = volume('frus1936t', { complete: 'Foreign Relations of the United States Diplomatic Papers, 1936', series: 'Foreign Relations of the United States Diplomatic Papers', subseries: '1936', volumenumber: '', volume: '' },
      `<div type="chapter" xml:id="ch1"><head>Ethiopia</head><div type="document" xml:id="d1" n="1"><head>Memorandum</head><p>Text.</p></div></div>`, '1953')
      .replace('<text><body>', `<text><front><titlePage type="main"><docTitle>
        <titlePart type="series">FOREIGN RELATIONS OF THE UNITED STATES<lb/>DIPLOMATIC PAPERS</titlePart>
        <titlePart type="subseries">1936<lb/>(In Five Volumes)</titlePart>
        <titlePart type="volumeno">(IN FIVE VOLUMES)<lb/>VOLUME III</titlePart>
        <titlePart type="volumetitle">THE NEAR EAST AND AFRICA</titlePart></docTitle></titlePage></front><body>`);
    const d = await docs(xml, 'frus1936t.xml');
    expect(d.get('frus1936t/d1')!.record.publishedIn).toMatchObject({
      title: 'Foreign Relations of the United States, 1936, The Near East and Africa, Volume III',
      subseries: 'The Near East and Africa',
      volume: 'Volume III',
    });
  });
});
