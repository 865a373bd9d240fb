/**
 * Source items as plain data, for reading in one thread and writing in
 * another. An item is read, its text accounted and its record validated
 * (sanitizing included) where it is read; what crosses is the validated
 * record, not the raw one beside it, since copying between threads costs in
 * proportion to what is copied. The text accounting's shared objects (the
 * words of the records written from a file, which the writer fills in as
 * records commit, and the file's own tally) cross as numbers and plain bags
 * and are made objects again on the writing side, one per account.
 * @module
 */
import { SourceTally } from './accounting/source-tally.js';
import type { PendingAccount, RecordWords } from './accounting/text-account.js';
import type { WordBag } from './accounting/word-bag.js';
import { describeRaw, validateItem } from './item-validation.js';
import type { SourceItem } from './source-item.js';

/** A SourceItem with its accounting objects replaced by numbers. */
export interface WireItem extends Omit<SourceItem, 'account' | 'accountEnd'> {
  account?: number;
  accountEnd?: { file: string; error?: string; records: number[]; tally?: { words: WordBag; leftOut: [string, WordBag][] } };
}

/** The reading side: numbers each account the first time an item names it. */
export class ItemEncoder {
  readonly #ids = new Map<RecordWords, number>();

  encode(item: SourceItem): WireItem {
    const { account, accountEnd, ...rest } = item;
    const out: WireItem = rest;
    // Validated here, on the reading side; the writer uses the result and keeps only the raw record's kind and id.
    if (rest.raw !== undefined && !rest.issues?.length) {
      out.checked = validateItem(item);
      out.raw = describeRaw(item.raw);
      delete out.derived;
    }
    if (account) out.account = this.#id(account);
    if (accountEnd) {
      const { tally } = accountEnd;
      out.accountEnd = {
        file: accountEnd.file,
        error: accountEnd.error,
        records: accountEnd.records.map((r) => this.#id(r)),
        tally: tally && { words: tally.words, leftOut: [...tally.leftOut] },
      };
      // An account is settled once: its number is not named again.
      for (const r of accountEnd.records) this.#ids.delete(r);
    }
    return out;
  }

  #id(account: RecordWords): number {
    let id = this.#ids.get(account);
    if (id === undefined) this.#ids.set(account, (id = this.#next++));
    return id;
  }

  #next = 0;
}

/** The writing side: one RecordWords per account number, filled in as the import commits records. */
export class ItemDecoder {
  readonly #accounts = new Map<number, RecordWords>();

  decode(wire: WireItem): SourceItem {
    const { account, accountEnd, ...rest } = wire;
    const item: SourceItem = rest;
    if (account !== undefined) item.account = this.#account(account);
    if (accountEnd) {
      let tally: SourceTally | undefined;
      if (accountEnd.tally) {
        tally = new SourceTally();
        for (const [word, n] of accountEnd.tally.words) tally.words.set(word, n);
        for (const [rule, bag] of accountEnd.tally.leftOut) tally.leftOut.set(rule, bag);
      }
      const pending: PendingAccount = { file: accountEnd.file, error: accountEnd.error, tally, records: accountEnd.records.map((id) => this.#account(id)) };
      for (const id of accountEnd.records) this.#accounts.delete(id);
      item.accountEnd = pending;
    }
    return item;
  }

  #account(id: number): RecordWords {
    let account = this.#accounts.get(id);
    if (!account) this.#accounts.set(id, (account = { words: new Map() }));
    return account;
  }
}
