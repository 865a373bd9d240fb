/**
 * The text accounting reads the words of the HTML the TEI renderer built
 * without a full HTML parser (builtRichTextToText). It must still catch a
 * word the renderer loses: here a renderer made to drop one word, whose HTML
 * is registered as built like any other, must leave that word unexplained
 * in the import's report, and only that word.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isBuiltRichText } from '../../../src/domain/rich-text.js';
import { emptyReport, importItems } from '../../../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../../../src/ingest/sources.js';
import { readTeiFile } from '../../../src/ingest/tei/tei-reader.js';
import { openTestArchive, tempDir } from '../../helpers.js';

const drop = vi.hoisted(() => ({ word: undefined as string | undefined }));

vi.mock('../../../src/ingest/tei/tei-html.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/ingest/tei/tei-html.js')>();
  return {
    ...actual,
    renderFlow: (...args: Parameters<typeof actual.renderFlow>) => {
      const html = actual.renderFlow(...args);
      return drop.word ? html.replace(drop.word, '') : html;
    },
  };
});

const VOLUME = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1900w">
  <teiHeader><fileDesc>
    <titleStmt><title type="complete">Papers Relating to the Foreign Relations of the United States, 1900</title></titleStmt>
    <publicationStmt><publisher>Government Printing Office</publisher><date>1902</date><idno type="frus">frus1900w</idno></publicationStmt>
    <sourceDesc><p>Released in 1902 as printed book</p></sourceDesc></fileDesc></teiHeader>
  <text><body>
    <div type="chapter" xml:id="ch1"><head>Zanzibar</head>
      <div type="document" xml:id="d1" n="1"><head>The Consul at Zanzibar to the Secretary of State</head>
        <dateline><placeName>Zanzibar</placeName>, <date when="1900-03-01">March 1, 1900</date></dateline>
        <p>The <hi rend="italic">harbor</hi> dues &amp; the <lb/>clove<pb n="2" xml:id="pg_2"/>trade are unchanged; the Sultan's treasury<note n="1" xml:id="d1fn1">See <ref target="#pg_2">page 2</ref>.</note> is full.</p>
        <list><item>Ivory</item><item>Copra</item></list>
        <table><row><cell role="label">Port</cell><cell>Tonnage</cell></row><row><cell>Pemba</cell><cell>1,200</cell></row></table>
        <closer><signed>R. Dorsey Mohun</signed></closer>
      </div>
    </div>
  </body></text>
</TEI>`;

async function account(word: string | undefined) {
  drop.word = word;
  try {
    const dir = tempDir();
    writeFileSync(join(dir, 'frus1900w.xml'), VOLUME);
    const archive = await openTestArchive();
    const report = await importItems(archive, readSources(await findSourceFiles([dir], 'tei'), undefined, { bytesRead: 0 }), { actor: 'test' }, emptyReport());
    expect(report.failed).toBe(0);
    expect(report.texts).toHaveLength(1);
    return report.texts[0]!;
  } finally {
    drop.word = undefined;
  }
}

describe('the text accounting of HTML built from TEI', () => {
  it('reads the body as built rich text and accounts for every word of it', async () => {
    const path = join(tempDir(), 'frus1900w.xml');
    writeFileSync(path, VOLUME);
    const bodies: string[] = [];
    for await (const item of readTeiFile({ path, display: 'frus1900w.xml' })) {
      for (const t of (item.raw as { transcripts?: { html: string }[] }).transcripts ?? []) {
        expect(isBuiltRichText(t.html)).toBe(true);
        bodies.push(t.html);
      }
    }
    expect(bodies.join('')).toContain('clove<span class="page-break" id="pg_2" data-page="2"></span> trade');
    expect(await account(undefined)).toMatchObject({ unexplained: 0 });
  });

  it('leaves a word the renderer drops unexplained, by name', async () => {
    const lost = await account('Copra');
    expect(lost.unexplained).toBe(1);
    expect(lost.missing).toEqual(['copra']);
    // A word inside a table cell, read through the cell's tags.
    expect(await account('Pemba')).toMatchObject({ unexplained: 1, missing: ['pemba'] });
  });
});
