/**
 * The plain text of stored rich text, kept for the texts seen most recently.
 * Search results cut snippets from the text of each hit, and parsing a long
 * document's HTML was a tenth of an uncached search page; a document that
 * matches one search tends to match the next, so its text is parsed once.
 * Keyed by the HTML itself, so an edited text is a new entry and nothing is
 * ever stale; bounded by characters held, least recently used going first.
 * @module
 */
import { htmlToText } from '../domain/rich-text.js';
import { TextMemo } from '../domain/text-memo.js';

const MAX_CHARS = 16 * 1024 * 1024;
const held = new TextMemo<string>(MAX_CHARS);

export function plainText(html: string): string {
  const hit = held.get(html);
  if (hit !== undefined) return hit;
  const text = htmlToText(html);
  // A text of up to a quarter of the budget is kept: the longest FRUS text (1.4 million characters of HTML) is a hit for almost any word.
  if (html.length + text.length > MAX_CHARS / 4) return text;
  held.set(html, text, html.length + text.length);
  return text;
}
