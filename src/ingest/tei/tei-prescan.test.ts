/**
 * The prescan reads a file's bytes as one-byte text; what it finds must be
 * the text UTF-8 gives, whatever the characters and wherever the file's
 * chunks end.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { prescanTeiFile } from './tei-prescan.js';

const CHUNK = 256 * 1024;

function volume(body: string, front = ''): string {
  return `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><front>${front}</front><body>${body}</body></text></TEI>`;
}

describe('prescanTeiFile', () => {
  it('gives attribute values and title parts as UTF-8 text', async () => {
    const path = join(tempDir(), 'v.xml');
    const doc =
      '<div type="document" xml:id="dé1" frus:doc-dateTime-min="1918-01-01T00:00:00-05:00"><dateline><date when="1918-01-01" notBefore="ß">1er janvier</date></dateline>' +
      '<pb n="12" xml:id="pg_ü東"/><p>Text</p></div>';
    writeFileSync(path, volume(doc, '<titlePart type="volumetitle">RUSSIA — <hi>Été</hi> 東京 “1918”</titlePart>'));
    const scan = await prescanTeiFile(path);
    expect(scan.titleParts).toEqual({ volumetitle: 'RUSSIA — Été 東京 “1918”' });
    expect(scan.documents).toEqual([{ xmlId: 'dé1', min: '1918-01-01T00:00:00-05:00', max: undefined, when: '1918-01-01', notBefore: 'ß', notAfter: undefined }]);
    expect([...scan.pages]).toEqual([['pg_ü東', 0]]);
  });

  it('reads a character whose bytes the end of a chunk divides, within a tag cut there too', async () => {
    for (const shift of [0, 1, 2, 3]) {
      const path = join(tempDir(), `cut${shift}.xml`);
      const head = `${volume('').split('<body>')[0]}<body><div type="document" xml:id="d1"><p>`;
      const before = `</p><pb xml:id="pg_`;
      // Pads the text so that the four bytes of 𝄞 start `shift` bytes before the end of the first chunk.
      const pad = 'x'.repeat(CHUNK - shift - Buffer.byteLength(head + before));
      const text = `${head}${pad}${before}𝄞é"/><p>more</p></div></body></text></TEI>`;
      expect(Buffer.from(text).indexOf('𝄞')).toBe(CHUNK - shift);
      writeFileSync(path, text);
      const scan = await prescanTeiFile(path);
      expect([...scan.pages], `shift ${shift}`).toEqual([['pg_𝄞é', 0]]);
    }
  });
});
