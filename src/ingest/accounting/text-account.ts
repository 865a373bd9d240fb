/**
 * Text accounting: every import checks that what it publishes is what the
 * source says. Each source file's words (counted from the file itself, see
 * source-tally.ts) are compared with the words of the records written from
 * it (titles, bodies, notes, descriptions, citations…) as bags of words, so a
 * word dropped anywhere shows whatever the records did with the rest. Words
 * left out on purpose are listed by the rule that leaves them out; whatever
 * else is missing is *unexplained*, and an importer's tests require 0.
 * @module
 */
import type { SourceTally } from './source-tally.js';
import { bagSize, mergeBag, missingWords, type WordBag } from './word-bag.js';

/** The words of the records written from one source, filled in as records commit. */
export interface RecordWords {
  words: WordBag;
}

/** What a reader hands over once a source file is read: its words and the records' words to compare them with. */
export interface PendingAccount {
  /** The file (or files, " + "-joined, when records draw on several). */
  file: string;
  tally?: SourceTally;
  /** Why the source's words could not be counted (a file that does not parse). */
  error?: string;
  records: RecordWords[];
}

export interface TextAccount {
  file: string;
  /** Every word of the source text. */
  sourceWords: number;
  /** Words left out on purpose, by rule. */
  leftOut: { rule: string; words: number }[];
  /** Words in the records written from the source (their own labels included). */
  wordsInRecords: number;
  /** Source words not left out by a rule and not found in the records. */
  unexplained: number;
  /** The most frequent missing words, for a person to look for. */
  missing?: string[];
  error?: string;
}

export function settleAccount(pending: PendingAccount): TextAccount {
  const records: WordBag = new Map();
  for (const r of pending.records) mergeBag(records, r.words);
  const wordsInRecords = bagSize(records);
  if (!pending.tally) return { file: pending.file, sourceWords: 0, leftOut: [], wordsInRecords, unexplained: 0, error: pending.error };
  const leftOut = pending.tally.leftOutCounts();
  const missing = missingWords(pending.tally.words, records);
  const unexplained = bagSize(missing);
  return {
    file: pending.file,
    sourceWords: bagSize(pending.tally.words) + leftOut.reduce((n, r) => n + r.words, 0),
    leftOut,
    wordsInRecords,
    unexplained,
    ...(unexplained ? { missing: [...missing].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([w, c]) => (c > 1 ? `${w} ×${c}` : w)) } : {}),
  };
}

/** Totals over many files, for the report's summary line and the docs' figures. */
export function sumAccounts(accounts: TextAccount[]): Omit<TextAccount, 'file' | 'missing' | 'error'> & { files: number } {
  const rules = new Map<string, number>();
  let sourceWords = 0;
  let wordsInRecords = 0;
  let unexplained = 0;
  for (const a of accounts) {
    sourceWords += a.sourceWords;
    wordsInRecords += a.wordsInRecords;
    unexplained += a.unexplained;
    for (const r of a.leftOut) rules.set(r.rule, (rules.get(r.rule) ?? 0) + r.words);
  }
  return { files: accounts.length, sourceWords, leftOut: [...rules].map(([rule, words]) => ({ rule, words })), wordsInRecords, unexplained };
}
