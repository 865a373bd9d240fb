/**
 * A TEI file's words are counted in the reader's own parser pass. The count
 * must be what a pass of its own over the file gives (every word, every rule),
 * and a file the reader cannot read to its end must still be reported as
 * uncountable, as a pass of its own reports it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA, tempDir } from '../../../test/helpers.js';
import type { PendingAccount } from './text-account.js';
import { teiSourceWords } from './tei-words.js';
import { findSourceFiles, readSources } from '../sources.js';

const VOLUME = join(SHARED_DATA, 'frus', 'frus1861.xml');

async function accounts(path: string): Promise<PendingAccount[]> {
  const out: PendingAccount[] = [];
  for await (const item of readSources(await findSourceFiles([path], 'tei'), undefined, { bytesRead: 0 })) if (item.accountEnd) out.push(item.accountEnd);
  return out;
}

describe('TEI words counted in the reader\'s pass', () => {
  it.skipIf(!existsSync(VOLUME))('are the words a pass of its own counts, rule by rule', async () => {
    const [account] = await accounts(VOLUME);
    const alone = await teiSourceWords(VOLUME);
    expect(account?.tally?.words.size).toBeGreaterThan(1000);
    expect(account!.tally!.words).toEqual(alone.words);
    expect(account!.tally!.leftOut).toEqual(alone.leftOut);
  });

  it.skipIf(!existsSync(VOLUME))('are the same words, in the same order, whatever the size of the blocks they are counted in', async () => {
    const bags = async (block: number) => {
      const t = await teiSourceWords(VOLUME, block);
      return { words: [...t.words], leftOut: [...t.leftOut].map(([rule, bag]) => [rule, [...bag]]) };
    };
    const usual = await bags(2048);
    expect(usual.words.length).toBeGreaterThan(1000);
    // Each element's end, and the whole of a rule's text at once: the extremes either side of the usual size.
    expect(await bags(0)).toEqual(usual);
    expect(await bags(Number.MAX_SAFE_INTEGER)).toEqual(usual);
  });

  it('leave a malformed file uncountable, with the parser\'s reason', async () => {
    const path = join(tempDir(), 'broken.xml');
    writeFileSync(path, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="document"><p>Text</div></body></text></TEI>');
    const [account] = await accounts(path);
    expect(account?.tally).toBeUndefined();
    expect(account?.error).toMatch(/could not be counted: .*close tag/);
  });
});
