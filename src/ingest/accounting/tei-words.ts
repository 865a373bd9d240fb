/**
 * The words of a TEI file, read straight from its text nodes with saxes (not
 * through the FRUS reader), for the text accounting. What a FRUS import
 * deliberately leaves out is named by rule: the TEI header (bibliographic
 * metadata, read into the volume's fields) and text of unresolved XIncludes.
 * @module
 */
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { apparatusRule } from '../tei/tei-stream.js';
import { SourceTally } from './source-tally.js';

/** Elements inside running text: their text joins the words around them without a break. */
const INLINE = new Set([
  'hi', 'persName', 'placeName', 'orgName', 'gloss', 'term', 'date', 'ref', 'rs', 'foreign', 'emph', 'num', 'name', 'seg',
  'abbr', 'expan', 'choice', 'sic', 'corr', 'orig', 'reg', 'unclear', 'add', 'del', 'title', 'q', 'said', 'measure', 'time',
  'roleName', 'addName', 'forename', 'surname', 'geogName', 'idno', 'signed', 'salute',
]);

export const TEI_HEADER_RULE = 'TEI header: bibliographic metadata (the volume record takes its title, editors and dates from it)';
export const GLOSSARY_HEAD_RULE = 'heading of the persons and terms lists (each entry is a record of its own)';
export const OUTSIDE_DIVISIONS_RULE =
  'front or back matter outside any division: the title page (the volume record holds title, editors and imprint) and marks of the scanned copy';

export async function teiSourceWords(path: string): Promise<SourceTally> {
  const tally = new SourceTally();
  const parser = new SaxesParser({ xmlns: false });
  /** Each open element, with the rule its text falls under (undefined: counted). */
  const open: { name: string; rule: string | undefined; glossary?: boolean; inline?: boolean }[] = [];
  let text = '';
  let rule: string | undefined;
  const flush = () => {
    if (rule) tally.leaveOut(rule, text);
    else tally.count(text);
    text = '';
  };
  const setRule = (next: string | undefined) => {
    if (next === rule) return;
    flush();
    rule = next;
  };
  parser.on('opentag', (tag) => {
    const name = tag.name.replace(/^.*:/, '');
    const parent = open[open.length - 1];
    let r = parent?.rule;
    if (name === 'teiHeader') r = TEI_HEADER_RULE;
    else if (name === 'div' && !r) r = apparatusRule(tag.attributes as Record<string, string>);
    else if (name === 'head' && !r && parent?.name === 'div' && parent.glossary) r = GLOSSARY_HEAD_RULE;
    else if (!r && (parent?.name === 'front' || parent?.name === 'back') && name !== 'div') r = OUTSIDE_DIVISIONS_RULE;
    const glossary = name === 'div' && /^(persons|terms)$/.test((tag.attributes as Record<string, string>)['xml:id'] ?? '');
    // A line or page break marked break="no" falls inside a word.
    const inline = INLINE.has(name) || (tag.attributes as Record<string, string>).break === 'no';
    open.push({ name, rule: r, glossary, inline });
    if (!inline) text += ' ';
    setRule(r);
  });
  parser.on('closetag', () => {
    const el = open.pop();
    if (!el?.inline) text += ' ';
    setRule(open[open.length - 1]?.rule);
    // Counted block by block, so a long volume never builds one huge string.
    if (text.length > 65536 && el && !el.inline) flush();
  });
  const onText = (t: string) => {
    text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 }) as AsyncIterable<string>) {
    parser.write(first ? chunk.replace(/^\uFEFF/, '') : chunk);
    first = false;
  }
  parser.close();
  flush();
  return tally;
}
