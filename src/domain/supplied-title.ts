/**
 * Titles a source does not really give. A file name ("TranscriptFile_110404.html",
 * "scan_0001.pdf") is no title: a reader learns nothing from it. Archivists
 * then supply one from the document's own words and bracket it to say so
 * (DACS 2.3.4, "devised title": "[Letter from …]"). Shared by the importers.
 * @module
 */

/** A word that is a file name: a name with a file extension, or a machine name such as "TranscriptFile_110404". */
const FILE_NAME = /(?:^|\s)(?:[\w~-]+\.(?:html?|xhtml|xml|pdf|txt|md|docx?|rtf|odt|jpe?g|png|tiff?|gif|json|csv|xlsx?)|[A-Za-z]+_\d{3,}|[A-Za-z]+(?:File|Doc|Scan|Image)_?\d{2,})(?:$|\s)/i;

/** True when a title is, or is built from, a file name. */
export function isFileNameTitle(title: string): boolean {
  return FILE_NAME.test(title.trim());
}

/** Longest supplied title, in characters. */
const MAX_SUPPLIED = 120;

/**
 * A title supplied from a text's first words, in brackets: its first sentence
 * when that is short, else its first words up to {@link MAX_SUPPLIED}
 * characters, ending at a word. Undefined for a text with no words.
 */
export function suppliedTitle(text: string): string | undefined {
  const plain = text.replace(/\s+/g, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(plain)) return undefined;
  const sentence = firstSentence(plain);
  if (sentence && sentence.length <= MAX_SUPPLIED) return `[${sentence.replace(/[.。]$/u, '')}]`;
  if (plain.length <= MAX_SUPPLIED) return `[${plain}]`;
  const cut = plain.slice(0, MAX_SUPPLIED).replace(/[\s,;:—–-]+\S*$/u, '');
  return `[${cut || plain.slice(0, MAX_SUPPLIED)}…]`;
}

/**
 * The first sentence: up to a full stop followed by a capital or the end. A
 * stop after a word of three letters or fewer is taken for an abbreviation
 * ("тов. Вышинского", "Mr. Hay", "U.S."), not an end.
 */
function firstSentence(text: string): string | undefined {
  for (const m of text.matchAll(/[.!?。！？](?=\s+\p{Lu}|\s*$)/gu)) {
    const end = m.index + 1;
    const word = /(\S+)[.!?。！？]$/u.exec(text.slice(0, end))?.[1] ?? '';
    if (m[0] === '.' && [...word.replace(/[^\p{L}]/gu, '')].length <= 3) continue;
    return end >= 12 ? text.slice(0, end) : undefined;
  }
  return undefined;
}
