/**
 * Puts the text accounting around a reader: each item's record gets its
 * words and the account of the file it came from; once the file is read,
 * one closing item carries the file's own word count, which the import
 * service settles against the words of the records that were written.
 * A record drawing on several files (a JFK record and its re-releases)
 * accounts for all of them together.
 * @module
 */
import type { SourceItem } from '../source-item.js';
import type { SourceTally } from './source-tally.js';
import type { RecordWords } from './text-account.js';
import { recordWords } from './word-bag.js';

export interface AccountedFile {
  path: string;
  display: string;
}

export type CountSource = (file: AccountedFile) => Promise<SourceTally | undefined>;

export async function* accountItems(
  file: AccountedFile,
  items: AsyncIterable<SourceItem>,
  countSource: CountSource,
  /** Paths already accounted with an earlier file's records, in this run. */
  covered: Set<string>,
): AsyncGenerator<SourceItem> {
  const groups = new Map<string, { files: AccountedFile[]; records: RecordWords[] }>();
  const own = { words: new Map<string, number>() };
  let ownUsed = false;
  for await (const item of items) {
    if (item.raw !== undefined) {
      let account: RecordWords = own;
      if (item.sourceFiles?.length) {
        const key = item.sourceFiles.map((f) => f.display).join(' + ');
        const group = groups.get(key) ?? { files: item.sourceFiles, records: [{ words: new Map() }] };
        groups.set(key, group);
        account = group.records[0]!;
      } else ownUsed = true;
      const words = recordWords(item.raw);
      for (const d of item.derived ?? []) recordWords(d.record, words);
      item.words = words;
      item.account = account;
    }
    yield item;
  }
  const mine = [...groups.values()].find((g) => g.files.some((f) => f.path === file.path));
  if (mine) mine.records.push(own);
  else if (ownUsed || !covered.has(file.path)) groups.set(file.display, { files: [file], records: [own] });
  for (const [key, group] of groups) {
    for (const f of group.files) covered.add(f.path);
    let tally: SourceTally | undefined;
    let error: string | undefined;
    try {
      for (const f of group.files) {
        const t = await countSource(f);
        if (t) tally = tally ? tally.merge(t) : t;
      }
    } catch (e) {
      error = `the source's words could not be counted: ${(e as Error).message}`;
    }
    if (!tally && !error) continue; // not a file of this format (an index, a translation read with its original)
    yield { locator: { file: key }, accountEnd: { file: key, tally, error, records: group.records } };
  }
}
