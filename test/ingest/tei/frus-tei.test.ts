/**
 * The TEI rules one by one: an inline FRUS snippet in, the normalized records out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArchiveRecord } from '../../../src/domain/archive-record.js';
import { readTeiFile } from '../../../src/ingest/tei/tei-reader.js';
import type { SourceItem } from '../../../src/ingest/source-item.js';
import { formatReport } from '../../../src/cli/print-report.js';
import { openTestArchive, tempDir } from '../../helpers.js';
import { emptyReport, importItems } from '../../../src/ingest/import-service.js';

const NS = 'xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"';

function volume(body: string, options: { id?: string; front?: string; bom?: boolean; year?: string } = {}): string {
  const id = options.id ?? 'frus1900t';
  return `${options.bom === false ? '' : '\uFEFF'}<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="../../schemas/frus.rnc" type="application/relax-ng-compact-syntax"?>
<TEI ${NS} xml:id="${id}">
  <teiHeader><fileDesc>
    <titleStmt><title type="complete">Papers Relating to the Foreign Relations of the United States, 1900</title>
      <title type="subseries"/><title type="volumenumber"/><editor role="primary">Jane Editor</editor><editor role="general"/></titleStmt>
    <publicationStmt><publisher>Government Printing Office</publisher><pubPlace>Washington</pubPlace><date>${options.year ?? '1902'}</date>
      <idno type="frus">${id}</idno><xi:include href="../shared/frus-dates.xml"/></publicationStmt>
    <sourceDesc><p>Released in 1902 as printed book</p></sourceDesc></fileDesc></teiHeader>
  <text><front>${options.front ?? ''}</front><body>${body}</body></text>
</TEI>`;
}

async function read(xml: string, name = 'frus1900t.xml'): Promise<SourceItem[]> {
  const path = join(tempDir(), name);
  writeFileSync(path, xml);
  const items: SourceItem[] = [];
  for await (const item of readTeiFile({ path, display: name })) items.push(item);
  return items;
}

async function records(xml: string) {
  const items = await read(xml);
  return items.map((item) => {
    const parsed = parseArchiveRecord(item.raw);
    if (!parsed.ok) throw new Error(`${JSON.stringify(parsed.issues)} in ${JSON.stringify(item.raw)}`);
    return { record: parsed.record as Record<string, any>, warnings: item.warnings ?? [], locator: item.locator };
  });
}

async function doc(xml: string, id: string) {
  const found = (await records(xml)).find((r) => r.record.id === id);
  if (!found) throw new Error(`no record ${id}`);
  return found;
}

const telegram = `
<pb n="1" xml:id="pg_1" facs="0001"/>
<div type="compilation" xml:id="comp1"><head>China<lb/>Boxer Troubles</head>
 <div type="chapter" xml:id="ch1"><head>Chapter I. Protection of legations<note n="1" xml:id="ch1fn1">See also chapter II.</note></head>
  <div type="document" xml:id="d1" n="1">
   <note rend="inline" type="source">File No. 893.00/131: Telegram</note>
   <note rend="inline" type="source">[Strictly confidential.]</note>
   <head><hi rend="italic">The <gloss type="from">Secretary of State</gloss> to the Minister in China</hi> (<persName type="to" corresp="#p_CEH1">Conger</persName>)<note n="1" xml:id="d1fn1">Not printed.</note></head>
   <dateline><placeName><hi rend="smallcaps">Washington</hi></placeName>, <date when="1900-06-26T18:00:00+03:00"><hi rend="italic">June 26, 1900, 6 p.m.</hi></date></dateline>
   <p>Your 312 of <hi rend="italic">June</hi> 20.<note n="2" xml:id="d1fn2">See <ref target="#pg_2">document 2</ref> &amp; <ref target="frus1899#pg_5">vol. 1899, p. 5</ref>.</note> <pb n="2" xml:id="pg_2" facs="0002"/>Protect the legation &lt;at once&gt;:</p>
   <list type="subject"><label>(a)</label><item>first</item><label>(b)</label><item>second</item></list>
   <table rows="2" cols="2"><row role="label"><cell>Name</cell><cell>Date</cell></row><row><cell cols="2">Hay</cell></row></table>
   <closer><signed><persName corresp="#p_HJ1">Hay</persName></signed></closer>
  </div>
 </div>
</div>`;

const persons = `<div type="section" xml:id="persons"><head>Persons</head><list type="names">
 <item><hi rend="strong"><persName xml:id="p_CEH1">Conger, Edwin H.</persName></hi>, Minister in China.</item>
 <item><persName xml:id="p_HJ1">Hay, John</persName>, Secretary of State.</item></list></div>
 <div type="section" xml:id="terms"><list><item><hi rend="strong"><term xml:id="t_LEG1">Leg.</term></hi>, Legation</item></list></div>`;

describe('FRUS TEI: volume, sections, glossaries', () => {
  it('turns the header into the volume collection, with its editors, imprint and the coverage of its documents', async () => {
    const [volumeRecord] = await records(volume(telegram, { front: persons }));
    expect(volumeRecord!.record).toMatchInlineSnapshot(`
      {
        "description": "<p>Released in 1902 as printed book</p><p>Foreign Relations of the United States, volume frus1900t, from the Office of the Historian's TEI edition.</p>",
        "editors": [
          "Jane Editor",
        ],
        "id": "frus1900t",
        "kind": "collection",
        "order": "manual",
        "sample": false,
        "shortDescription": "Government Printing Office, Washington, 1902. Documents dated 1900.",
        "themes": [
          "Foreign Relations of the United States",
        ],
        "title": "Papers Relating to the Foreign Relations of the United States, 1900",
      }
    `);
    // The XInclude in the header is reported, never resolved.
    expect(volumeRecord!.warnings).toEqual([expect.stringMatching(/^line \d+, column \d+: unresolved XInclude of "..\/shared\/frus-dates.xml" skipped$/)]);
  });

  it('makes compilations and chapters ordered sub-collections, titled by their head without its notes', async () => {
    const all = await records(volume(telegram, { front: persons }));
    const sections = all.filter((r) => r.record.kind === 'collection').slice(1).map((r) => r.record);
    expect(sections).toEqual([
      expect.objectContaining({ id: 'frus1900t/comp1', title: 'China — Boxer Troubles', parent: 'frus1900t', position: 0, order: 'manual' }),
      expect.objectContaining({
        id: 'frus1900t/ch1', title: 'Chapter I. Protection of legations', parent: 'frus1900t/comp1', position: 0,
        description: '<p class="note">See also chapter II.</p>',
      }),
    ]);
  });

  it('turns the persons and terms lists into authority records keyed by volume', async () => {
    const all = await records(volume(telegram, { front: persons }));
    expect(all.filter((r) => r.record.kind === 'person' || r.record.kind === 'subject').map((r) => r.record)).toEqual([
      { kind: 'person', id: 'frus1900t/p_CEH1', name: 'Conger, Edwin H.', description: 'Minister in China.', variants: [{ name: 'Edwin H. Conger', type: 'alias' }], sameAs: [] },
      { kind: 'person', id: 'frus1900t/p_HJ1', name: 'Hay, John', description: 'Secretary of State.', variants: [{ name: 'John Hay', type: 'alias' }], sameAs: [] },
      { kind: 'subject', id: 'frus1900t/t_LEG1', name: 'Leg.', description: 'Legation', variants: [{ name: 'Legation', type: 'alias' }], sameAs: [] },
    ]);
  });
});

describe('FRUS TEI: a document', () => {
  it('reads id, title without notes, number, date with its zone, place, source note, classification, people and body', async () => {
    const { record } = await doc(volume(telegram, { front: persons }), 'frus1900t/d1');
    expect(record).toMatchObject({
      id: 'frus1900t/d1',
      title: 'The Secretary of State to the Minister in China (Conger)',
      date: '1900-06-26',
      dateText: 'June 26, 1900, 6 p.m.',
      placeWritten: 'Washington',
      classification: ['Strictly Confidential'],
      languages: ['en'],
      identifiers: [{ scheme: 'frus-document-number', value: '1' }],
      source: { citation: 'File No. 893.00/131: Telegram [Strictly confidential.]', fileNumber: '893.00/131', url: 'https://history.state.gov/historicaldocuments/frus1900t/d1' },
      cable: { sent: { dateTime: '1900-06-26T18:00:00', timeZone: '+03:00', text: 'June 26, 1900, 6 p.m.' }, from: 'Secretary of State', to: ['Conger'] },
      agents: [
        { id: 'frus1900t/office-secretary-of-state', role: 'creator' },
        { id: 'frus1900t/p_CEH1', role: 'recipient' },
        { id: 'frus1900t/p_HJ1', role: 'signer' },
      ],
      collections: [{ id: 'frus1900t/ch1', position: 1 }],
    });
    expect(record.transcripts[0].html).toMatchInlineSnapshot(`"<span class="page-break" id="pg_1" data-page="1"></span><p><span class="footnote" id="d1fn1" data-n="1">[Footnote 1: Not printed.]</span></p><p class="source-note">File No. 893.00/131: Telegram</p><p class="source-note">[Strictly confidential.]</p><p class="dateline">Washington, <em>June 26, 1900, 6 p.m.</em></p><p>Your 312 of <em>June</em> 20.<span class="footnote" id="d1fn2" data-n="2">[Footnote 2: See <a href="/documents/frus1900t/d1#pg_2">document 2</a> &amp; <a href="https://history.state.gov/historicaldocuments/frus1899/pg_5" rel="nofollow noopener">vol. 1899, p. 5</a>.]</span> <span class="page-break" id="pg_2" data-page="2"></span> Protect the legation &lt;at once&gt;:</p><ul class="list-subject"><li>(a) first</li><li>(b) second</li></ul><table><tbody><tr><th>Name</th><th>Date</th></tr><tr><td colspan="2">Hay</td></tr></tbody></table><div class="closer"><p><span class="signed">Hay</span></p></div>"`);
  });

  it('makes a sender or recipient without a persons-list entry a record of the volume, created once', async () => {
    const all = await records(volume(telegram));
    expect(all.filter((r) => r.record.kind === 'organization' || r.record.kind === 'person').map((r) => r.record.id)).toEqual([
      'frus1900t/office-secretary-of-state',
      'frus1900t/name-conger',
    ]);
    const d1 = all.find((r) => r.record.id === 'frus1900t/d1')!;
    expect(d1.warnings).toContain('persName/@corresp "#p_CEH1" is not in the persons list; not linked');
  });

  it('takes the date from @frus:doc-dateTime-min/max before the dateline, and reads whole months as months', async () => {
    const body = `
      <div type="document" xml:id="d1" n="1" frus:doc-dateTime-min="1900-03-02T00:00:00-05:00" frus:doc-dateTime-max="1900-03-04T23:59:59-05:00"><head>A</head>
        <dateline><date when="1900-03-01">March 1</date></dateline><p>x</p></div>
      <div type="document" xml:id="d2" n="2" frus:doc-dateTime-min="1900-03-01T00:00:00-05:00" frus:doc-dateTime-max="1900-03-31T23:59:59-05:00"><head>B</head><p>x</p></div>
      <div type="document" xml:id="d3" n="3"><head>C</head><opener><dateline><date notBefore="1900-04-01" notAfter="1900-04-03">early April</date></dateline></opener><p>x</p></div>`;
    const all = await records(volume(body));
    const dates = Object.fromEntries(all.filter((r) => r.record.kind === 'document').map((r) => [r.record.id, r.record.date]));
    expect(dates).toEqual({ 'frus1900t/d1': '1900-03-02/1900-03-04', 'frus1900t/d2': '1900-03', 'frus1900t/d3': '1900-04-01/1900-04-03' });
  });

  it('keeps a document without a dateline as undated, and never stores a dirty date', async () => {
    const body = `
      <div type="document" xml:id="d1" n="1"><head>No dateline</head><p>x</p></div>
      <div type="document" xml:id="d2" n="2" frus:doc-dateTime-min="0201-06-05T00:00:00-05:00" frus:doc-dateTime-max="0201-06-05T23:59:59-05:00"><head>Bad year</head>
        <dateline><date when="0201-06-05"><hi rend="italic">June</hi> 5–17, 1864.</date></dateline><p>x</p></div>
      <div type="document" xml:id="d3" n="3"><head>No year</head><dateline><date when="--06-26">June 26, p.m.</date></dateline><p>x</p></div>`;
    const all = await records(volume(body, { year: '1866' }));
    const docs = all.filter((r) => r.record.kind === 'document');
    expect(docs.map((d) => [d.record.id, d.record.date, d.record.dateText, d.warnings])).toEqual([
      ['frus1900t/d1', undefined, undefined, ['no dateline: undated']],
      ['frus1900t/d2', undefined, 'June 5–17, 1864.', [
        'dirty date "0201-06-05T00:00:00-05:00/0201-06-05T23:59:59-05:00" in @frus:doc-dateTime-min/max (the year 0201 is not plausible): not stored',
        'dirty date "0201-06-05" in the dateline (the year 0201 is not plausible): kept as text',
      ]],
      ['frus1900t/d3', undefined, 'June 26, p.m.', ['dirty date "--06-26" (a month and day with no year): no date stored, kept as text']],
    ]);
    expect(docs[1]!.record.notes).toBe('The source encodes this date as "0201-06-05" (the year 0201 is not plausible); no date is recorded.');
    expect(docs[0]!.locator).toMatchObject({ file: 'frus1900t.xml', line: expect.any(Number), path: '//div[@xml:id="d1"]' });
  });

  it('keeps attachments in the body and makes documents printed inside them documents of their own', async () => {
    const body = `
      <div type="document" xml:id="d7" n="7"><head>Mr. Seward to Mr. Adams.</head><p>I enclose a project.</p>
        <frus:attachment><note rend="inline" type="source">[Enclosure 1]</note>
          <div type="document"><head><hi rend="italic">Convention</hi>.</head><dateline><date when="1861-04-24">April 24, 1861</date></dateline><p>Article I.</p></div>
        </frus:attachment></div>`;
    const all = await records(volume(body, { year: '1861' }));
    const docs = all.filter((r) => r.record.kind === 'document').map((r) => r.record);
    expect(docs.map((d) => [d.id, d.title, d.date ?? null, d.related])).toEqual([
      ['frus1900t/d7', 'Mr. Seward to Mr. Adams.', null, []],
      ['frus1900t/d7-att1', 'Convention.', '1861-04-24', [{ id: 'frus1900t/d7', relation: 'enclosure to' }]],
    ]);
    expect(docs[0]!.transcripts[0].html).toContain('<div class="attachment"><p class="source-note">[Enclosure 1]</p><div class="attachment"><h3><em>Convention</em>.</h3>');
    expect(docs[0]!.source.citation).toBeUndefined();
  });

  it('links a reference to a later page to the document that holds it, and records the citation as related', async () => {
    const body = `
      <div type="document" xml:id="d1" n="1"><head>A</head><p>See <ref target="#pg_9">p. 9</ref> and <ref target="#pg_404">p. 404</ref>.</p></div>
      <pb n="9" xml:id="pg_9" facs="0009"/>
      <div type="document" xml:id="d2" n="2"><head>B</head><p>Text.</p></div>`;
    const all = await records(volume(body));
    const [d1, d2] = all.filter((r) => r.record.kind === 'document').map((r) => r.record);
    expect(d1!.transcripts[0].html).toBe('<p>See <a href="/documents/frus1900t/d2#pg_9">p. 9</a> and p. 404.</p>');
    expect(d1!.related).toEqual([{ id: 'frus1900t/d2', relation: 'cites' }]);
    expect(d2!.transcripts[0].html).toBe('<span class="page-break" id="pg_9" data-page="9"></span><p>Text.</p>');
  });
});

describe('FRUS TEI: malformed XML and transactions', () => {
  it('names file, line and column of malformed XML, and writes nothing of that volume', async () => {
    const archive = await openTestArchive();
    const dir = tempDir();
    const good = volume('<div type="document" xml:id="d1" n="1"><head>Fine</head><p>ok</p></div>', { id: 'frus1900a' });
    const bad = volume(`<div type="document" xml:id="d1" n="1"><head>Fine</head><p>ok</p></div>
<div type="document" xml:id="d2" n="2"><head>Broken</head><p>unclosed <hi>tag</p></div>`, { id: 'frus1900b' });
    writeFileSync(join(dir, 'a.xml'), good);
    writeFileSync(join(dir, 'b.xml'), bad);
    const { findSourceFiles, readSources } = await import('../../../src/ingest/sources.js');
    const files = await findSourceFiles([dir], 'tei');
    const report = await importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'test', batchSize: 1 }, emptyReport());
    expect(report.failed).toBe(1);
    expect(report.failures[0]!.locator).toEqual({ file: expect.stringMatching(/b\.xml$/), line: 11, column: expect.any(Number) });
    expect(report.failures[0]!.issues[0]!.message).toMatch(/^not well-formed XML at line 11, column \d+: .*nothing of this volume was imported$/);
    expect(formatReport(report)).toMatch(/b\.xml:11:\d+: not well-formed XML/);
    expect(await archive.backend.store.getCollection('frus1900a')).toBeDefined();
    expect(await archive.backend.store.getDocument('frus1900a/d1')).toBeDefined();
    expect(await archive.backend.store.getCollection('frus1900b')).toBeUndefined();
    expect(await archive.backend.store.getDocument('frus1900b/d1')).toBeUndefined();
    expect((await archive.stats()).documents).toBe(1);
  });

  it('reads a file without BOM or processing instructions alike', async () => {
    const all = await records(volume('<div type="document" xml:id="d1" n="1"><head>A</head><p>x</p></div>', { bom: false }));
    expect(all.map((r) => r.record.id)).toEqual(['frus1900t', 'frus1900t/d1']);
  });
});
