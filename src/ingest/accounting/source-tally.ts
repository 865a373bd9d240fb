/**
 * The source side of the text accounting: the words a source file holds,
 * counted from the file itself (its XML text nodes, JSON values, HTML text,
 * lines) and never from what the importer built, with the words the import
 * deliberately does not carry over set apart under the rule that says why.
 * @module
 */
import { addWords, bagSize, mergeBag, type WordBag } from './word-bag.js';

export class SourceTally {
  readonly words: WordBag = new Map();
  readonly leftOut = new Map<string, WordBag>();

  /** Text the records must hold. */
  count(text: string | undefined): void {
    if (text) addWords(text, this.words);
  }

  /** Text deliberately not carried into records, with the rule that says why. */
  leaveOut(rule: string, text: string | undefined): void {
    if (!text) return;
    const bag = this.leftOut.get(rule) ?? new Map<string, number>();
    addWords(text, bag);
    if (bag.size) this.leftOut.set(rule, bag);
  }

  merge(other: SourceTally): this {
    mergeBag(this.words, other.words);
    for (const [rule, bag] of other.leftOut) this.leftOut.set(rule, mergeBag(this.leftOut.get(rule) ?? new Map(), bag));
    return this;
  }

  leftOutCounts(): { rule: string; words: number }[] {
    return [...this.leftOut].map(([rule, bag]) => ({ rule, words: bagSize(bag) }));
  }
}
