/**
 * What was worked out from a text, kept for the texts seen most recently:
 * keyed by the text itself, so an edited text is a new entry and nothing is
 * ever stale; bounded by the characters held (each entry's size, by default
 * its key's length), least recently used going first (bounded-map.ts).
 * @module
 */
import { BoundedMap } from './bounded-map.js';

export class TextMemo<V> {
  readonly #held: BoundedMap<string, V>;

  constructor(maxChars: number) {
    this.#held = new BoundedMap({ maxSize: maxChars });
  }

  get(text: string): V | undefined {
    return this.#held.get(text);
  }

  set(text: string, value: V, size = text.length): void {
    this.#held.set(text, value, size);
  }
}
