import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../ingest/demo.js';
import { openArchive } from '../open-archive.js';
import type { Archive } from './archive.js';
import { cslItem, exportCitation, formatChicagoNote, formatCitations } from './citations.js';

let archive: Archive;
const accessed = new Date('2026-03-04T12:00:00Z');
const url = (id: string) => `https://archive.example.org/documents/${id}`;

beforeAll(async () => {
  archive = await openArchive({ dataDir: ':memory:' });
  await loadDemo(archive);
});

async function item(id: string) {
  return cslItem(await archive.document(id), { url: url(id), siteName: 'Dossier Demonstration Archive', accessed });
}

describe('citations', () => {
  it('cites a cable in Chicago, MLA and APA with its author, date, archive, stable URL and access date', async () => {
    const c = formatCitations(await item('demo-0029'));
    expect(c.chicago.text).toBe(
      'Morioka Tadashi and Embassy of Japan in the Soviet Union. “Cable No. 187 from Moscow on detained fishing vessels and fleet position reports.” ' +
        'Cable, May 21, 1957. Translated by Kenji Ota. EX-T-1957-MOS-0187, Diplomatic Record Office of the Ministry of Example Affairs (fictional). ' +
        'Sample Embassy Cables, Dossier Demonstration Archive. Accessed March 4, 2026. https://archive.example.org/documents/demo-0029.',
    );
    expect(c.chicagoNote.text).toMatch(/^Morioka Tadashi and Embassy of Japan in the Soviet Union, “Cable No\. 187 .*,” Cable, May 21, 1957, .* accessed March 4, 2026, https:\/\/archive\.example\.org\/documents\/demo-0029\.$/);
    expect(c.mla.text).toContain('Translated by Kenji Ota, 21 May 1957.');
    expect(c.mla.text).toMatch(/Dossier Demonstration Archive, https:\/\/archive\.example\.org\/documents\/demo-0029\. Accessed 4 Mar\. 2026\.$/);
    expect(c.mla.html).toContain('<i>Dossier Demonstration Archive</i>');
    expect(c.apa.text).toMatch(/^Morioka Tadashi & Embassy of Japan in the Soviet Union\. \(1957, May 21\)\. Cable No\. 187 .* \(Kenji Ota, Trans\.\) \[Cable\]\./);
    expect(c.apa.text).toMatch(/Retrieved March 4, 2026, from https:\/\/archive\.example\.org\/documents\/demo-0029$/);
  });

  it('keeps the date’s precision: approximate, uncertain, intervals and undated', async () => {
    expect(formatCitations(await item('demo-0046')).chicago.text).toContain('Letter, c. 1968.');
    expect(formatCitations(await item('demo-0019')).apa.text).toContain('(1955?)');
    expect(formatCitations(await item('demo-0041')).apa.text).toContain('(1963–1964)');
    const undated = formatCitations(await item('demo-0044'));
    expect(undated.chicago.text).toContain('Diary, n.d.');
    expect(undated.apa.text).toContain('(n.d.)');
  });

  it('exports BibTeX, RIS and CSL-JSON with the URL and the access date, one value per RIS line', async () => {
    const i = await item('demo-0029');
    const bib = exportCitation(i, 'bib');
    expect(bib).toMatch(/^@unpublished\{Morioka1957Cable,/);
    expect(bib).toContain('url = {https://archive.example.org/documents/demo-0029}');
    expect(bib).toContain('accessed 2026-03-04');
    const ris = exportCitation(i, 'ris');
    expect(ris).toContain('UR  - https://archive.example.org/documents/demo-0029');
    expect(ris).toContain('Y2  - 2026/3/4/');
    expect(ris).toContain('TI  - Cable No. 187 from Moscow on detained fishing vessels and fleet position reports\n');
    for (const line of ris.trim().split("\n")) expect(line).toMatch(/^(?:[A-Z][A-Z0-9]  - .+|ER  -)$/);
    const json = JSON.parse(exportCitation(i, 'json'));
    expect(json[0]).toMatchObject({ id: 'demo-0029', type: 'manuscript', URL: url('demo-0029'), accessed: { 'date-parts': [[2026, 3, 4]] }, issued: { 'date-parts': [[1957, 5, 21]] } });
  });
});

describe('exports for reference managers', () => {
  it('writes a valid BibTeX month and carries the translator, archive and file number in BibTeX and RIS', async () => {
    const i = await item('demo-0029');
    const bib = exportCitation(i, 'bib');
    expect(bib).toContain('month = may,');
    expect(bib).not.toMatch(/month = \{/);
    expect(bib).toContain('date = {1957-05-21}');
    expect(bib).toContain('translator = {Kenji Ota}');
    expect(bib).toContain('archive = {Diplomatic Record Office of the Ministry of Example Affairs (fictional)}');
    expect(bib).toContain('archive_location = {EX-T-1957-MOS-0187}');
    const ris = exportCitation(i, 'ris');
    expect(ris).toContain('A4  - Kenji Ota\n');
    expect(ris).toContain('DB  - Diplomatic Record Office of the Ministry of Example Affairs (fictional)\n');
    expect(ris).toContain('AN  - EX-T-1957-MOS-0187\n');
    expect(ris.trim().endsWith('ER  -')).toBe(true);
  });
});

describe('citations of a released document', () => {
  it('names the release it quotes: the latest by default, or the one chosen', async () => {
    const details = await archive.document('demo-0033');
    const latest = formatCitations(cslItem(details, { url: url('demo-0033'), siteName: 'Dossier Demonstration Archive', accessed }));
    expect(latest.chicagoNote.text).toContain('Cable, June 12, 1975, released December 21, 2021,');
    expect(latest.chicago.text).toContain('Cable, June 12, 1975, released December 21, 2021.');
    expect(latest.mla.text).toContain('12 June 1975, released December 21, 2021');
    expect(latest.apa.text).toContain('Released December 21, 2021.');
    const first = cslItem(details, { url: url('demo-0033'), siteName: 'Dossier Demonstration Archive', accessed, release: details.document.releases[0] });
    expect(formatCitations(first).chicagoNote.text).toContain('released March 2006');
    // The releases page renders the note alone: the same note.
    expect(formatChicagoNote(first)).toEqual(formatCitations(first).chicagoNote);
    expect(JSON.parse(exportCitation(first, 'json'))[0].version).toBe('released March 2006');
    expect(exportCitation(first, 'ris')).toContain('N1  - Text as released: Example Diplomatic Record Office release, March 2006 (fictional), released March 2006.');
    expect(exportCitation(first, 'bib')).toContain('released March 2006');
    // A document with no release record cites none.
    expect(formatCitations(await item('demo-0029')).chicago.text).not.toContain('released');
  });
});
