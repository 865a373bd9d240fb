/**
 * Traditional → simplified Chinese, character by character, from OpenCC's
 * tables (opencc-js). Search folds both scripts to one form so that 蔣介石
 * finds 蒋介石; only one-to-one character mappings are used, so offsets into
 * the source text stay exact for highlighting.
 * @module
 */
import * as OpenCC from 'opencc-js';

let map: Map<string, string> | undefined;

function build(): Map<string, string> {
  const convert = OpenCC.Converter({ from: 't', to: 'cn' });
  const out = new Map<string, string>();
  for (const [lo, hi] of [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]] as const) {
    for (let c = lo; c <= hi; c++) {
      const ch = String.fromCharCode(c);
      const converted = convert(ch);
      if (converted !== ch && [...converted].length === 1) out.set(ch, converted);
    }
  }
  return out;
}

/** The simplified form of one character (itself when it has none). */
export function toSimplifiedChar(ch: string): string {
  map ??= build();
  return map.get(ch) ?? ch;
}

let codes: Int32Array | undefined;

/** The simplified form of one BMP character as a code point (itself when it has none), from a table: no string per character. */
export function simplifiedCode(c: number): number {
  if (!codes) {
    map ??= build();
    codes = new Int32Array(0x10000);
    for (const [from, to] of map) codes[from.charCodeAt(0)] = to.codePointAt(0)!;
  }
  return codes[c] || c;
}

/** Folds a whole string to simplified characters. */
export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += toSimplifiedChar(ch);
  return out;
}
