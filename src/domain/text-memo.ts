/**
 * What was worked out from a text, kept for the texts seen most recently:
 * keyed by the text itself, so an edited text is a new entry and nothing is
 * ever stale; bounded by the characters held (each entry's size, by default
 * its key's length), least recently used going first.
 * @module
 */
export class TextMemo<V> {
  readonly #held = new Map<string, { value: V; size: number }>();
  #chars = 0;

  constructor(private readonly maxChars: number) {}

  get(text: string): V | undefined {
    const entry = this.#held.get(text);
    if (entry === undefined) return undefined;
    this.#held.delete(text);
    this.#held.set(text, entry);
    return entry.value;
  }

  set(text: string, value: V, size = text.length): void {
    const old = this.#held.get(text);
    if (old) this.#chars -= old.size;
    this.#held.delete(text);
    this.#held.set(text, { value, size });
    this.#chars += size;
    for (const [key, entry] of this.#held) {
      if (this.#chars <= this.maxChars) break;
      this.#held.delete(key);
      this.#chars -= entry.size;
    }
  }
}
