/**
 * What a reader hands the import service: one raw record with where it came
 * from, or a reader-level error (a line that is not JSON, a CSV row with the
 * wrong number of cells) at that place.
 * @module
 */
import type { Issue } from '../domain/errors.js';
import type { PendingAccount, RecordWords } from './accounting/text-account.js';
import type { WordBag } from './accounting/word-bag.js';
import type { ValidatedItem } from './item-validation.js';

/** Where a record sits in its source, for error messages a person can act on. */
export interface Locator {
  file: string;
  /** 1-based line (JSON Lines, CSV). */
  line?: number;
  /** 0-based index of the record in its file (JSON arrays, XML documents). */
  index?: number;
  column?: number;
  /** A path inside a structured source, e.g. an XPath into a TEI file. */
  path?: string;
}

/**
 * An authority a tabular source names but does not define ("Nehru, Jawaharlal"
 * in an authors column). The importer links to an existing authority with the
 * same name (or variant) and creates this record only when there is none.
 */
export interface DerivedAuthority {
  /** A raw authority record; its id is a proposal, replaced by an existing record's id when one matches by name. */
  record: Record<string, unknown>;
}

export interface SourceItem {
  locator: Locator;
  raw?: unknown;
  derived?: DerivedAuthority[];
  /** The reader could not produce a record here. */
  issues?: Issue[];
  /** Things worth telling the importer about that do not stop the record (a date it could not read, kept as text). */
  warnings?: string[];
  /**
   * Consecutive items with the same unit (e.g. one TEI volume) are written in one transaction,
   * whatever the batch size: the unit lands whole or, after a fatal item, not at all.
   */
  unit?: string;
  /** The reader cannot go on with this unit (malformed XML): everything of the unit is rolled back and reported as this one failure. */
  fatal?: boolean;
  /** The files this item's text comes from, when not only the file being read (a JFK record and its re-releases). */
  sourceFiles?: { path: string; display: string }[];
  /** Text accounting (accounting/): the words of this item's record, added to `account` once it is written. */
  words?: WordBag;
  account?: RecordWords;
  /**
   * A record that exists for the sake of the records after it (a field map's own collection): written
   * together with the first of them that is written, and never when none is, so a failed run creates nothing.
   */
  companion?: boolean;
  /** The record already validated (in the thread that read it: item-wire.ts); `raw` then holds only its kind and id. */
  checked?: ValidatedItem;
  /** Closes the text accounting of a file: no record, only the file's words to settle. */
  accountEnd?: PendingAccount;
}

/** Progress through the bytes of the sources, for progress bars. */
export interface ReadProgress {
  bytesRead: number;
}

export function formatLocator(l: Locator): string {
  let s = l.file;
  if (l.line !== undefined) s += `:${l.line}${l.column !== undefined ? `:${l.column}` : ''}`;
  else if (l.index !== undefined) s += ` record ${l.index + 1}`;
  if (l.path) s += ` ${l.path}`;
  return s;
}
