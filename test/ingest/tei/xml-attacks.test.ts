/**
 * Hostile XML given to the TEI importer: an external entity aimed at a real
 * local file, a billion-laughs bomb, parameter entities and external DTDs.
 * Each is refused with the file and the construct named, and nothing of the
 * volume reaches the archive; the secret file's contents appear nowhere.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../../src/cli/print-report.js';
import { emptyReport, importItems } from '../../../src/ingest/import-service.js';
import { findSourceFiles, readSources } from '../../../src/ingest/sources.js';
import { refuseDoctype } from '../../../src/ingest/tei/xml-guard.js';
import { openTestArchive, tempDir } from '../../helpers.js';

const NS = 'xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"';

function hostile(doctype: string, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
${doctype}
<TEI ${NS} xml:id="frus1900x">
  <teiHeader><fileDesc><titleStmt><title type="complete">Hostile ${'1900'}</title></titleStmt>
    <publicationStmt><date>1902</date><idno type="frus">frus1900x</idno></publicationStmt></fileDesc></teiHeader>
  <text><body><div type="document" xml:id="d1" n="1"><head>Leak</head><p>${text}</p></div></body></text>
</TEI>`;
}

const laughs = [
  '<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
].join('\n');

async function importHostile(xml: string) {
  const dir = tempDir();
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET-CANARY-7f3a');
  writeFileSync(join(dir, 'frus1900x.xml'), xml.replaceAll('SECRET_PATH', secret));
  const archive = await openTestArchive();
  const files = (await findSourceFiles([dir], 'tei')).filter((f) => f.path.endsWith('.xml'));
  const started = Date.now();
  const report = await importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'test', batchSize: 1 }, emptyReport());
  return { archive, report, elapsed: Date.now() - started };
}

const attacks: [string, string, string, RegExp][] = [
  ['external entity at a local file', '<!DOCTYPE TEI [ <!ENTITY xxe SYSTEM "file://SECRET_PATH"> ]>', '&xxe;', /external entity "xxe" \(SYSTEM "file:\/\/.*secret\.txt"\)/],
  ['external entity by relative path', '<!DOCTYPE TEI [\n<!ENTITY xxe SYSTEM "secret.txt">\n]>', '&xxe;', /external entity "xxe" \(SYSTEM "secret\.txt"\)/],
  ['billion laughs', `<!DOCTYPE TEI [\n${laughs}\n]>`, '&lol9;', /declares an entity "lol".*expansion bombs/],
  ['parameter entity fetching a DTD', '<!DOCTYPE TEI [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; ]>', 'x', /external entity "%remote" \(SYSTEM "http:\/\/127\.0\.0\.1:9\/evil\.dtd"\)/],
  ['public external entity', '<!DOCTYPE TEI [ <!ENTITY pub PUBLIC "-//X//Y" "SECRET_PATH"> ]>', '&pub;', /external entity "pub" \(PUBLIC .*secret\.txt"\)/],
  ['external DTD', '<!DOCTYPE TEI SYSTEM "SECRET_PATH">', 'x', /external DTD \(".*secret\.txt"\)/],
  ['public external DTD', "<!DOCTYPE TEI PUBLIC '-//TEI//DTD TEI P4//EN' 'tei2.dtd'>", 'x', /external DTD \("tei2\.dtd"\)/],
  ['element declarations', '<!DOCTYPE TEI [ <!ELEMENT TEI ANY> ]>', 'x', /declares ELEMENT "TEI"/],
];

describe('TEI import refuses XML attacks', () => {
  it.each(attacks)('%s: refused, named, nothing written', async (_name, doctype, text, construct) => {
    const { archive, report, elapsed } = await importHostile(hostile(doctype, text));
    expect(report.failed).toBe(1);
    expect(report.created + report.updated).toBe(0);
    const failure = report.failures[0]!;
    expect(failure.locator).toEqual({ file: expect.stringMatching(/frus1900x\.xml$/), line: expect.any(Number), column: expect.any(Number) });
    expect(failure.issues[0]!.message).toMatch(/^refused XML at line \d+, column \d+: DOCTYPE /);
    expect(failure.issues[0]!.message).toMatch(construct);
    expect(failure.issues[0]!.message).toMatch(/nothing of this volume was imported$/);
    const printed = formatReport(report);
    expect(printed).toMatch(/frus1900x\.xml:\d+:\d+: refused XML/);
    expect(printed).not.toContain('TOP-SECRET-CANARY');
    expect(await archive.backend.store.getCollection('frus1900x')).toBeUndefined();
    expect(await archive.backend.store.getDocument('frus1900x/d1')).toBeUndefined();
    expect((await archive.stats()).documents).toBe(0);
    expect(elapsed).toBeLessThan(5000);
  });

  it('an entity used without any DOCTYPE is a located syntax error, never read', async () => {
    const { report } = await importHostile(hostile('', '&xxe;'));
    expect(report.failed).toBe(1);
    expect(report.failures[0]!.issues[0]!.message).toMatch(/^not well-formed XML at line 6, column \d+: .*undefined entity/i);
  });

  it('a bare DOCTYPE and the five predefined entities still import', async () => {
    const { archive, report } = await importHostile(hostile('<!DOCTYPE TEI>', 'A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;'));
    expect(report.failed).toBe(0);
    const doc = await archive.backend.store.getDocument('frus1900x/d1');
    expect(doc).toBeDefined();
    expect(JSON.stringify(doc)).toContain('A &amp; B &lt;c&gt;');
  });

  it('the guard reads only the DOCTYPE text it is given', () => {
    expect(refuseDoctype(' TEI')).toBeUndefined();
    expect(refuseDoctype(' TEI [ ]')).toMatch(/internal subset/);
    expect(refuseDoctype(' TEI [ <!ATTLIST TEI a CDATA "x"> ]')).toMatch(/declares ATTLIST/);
  });
});
