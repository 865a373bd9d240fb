/**
 * The words of a Dossier JSON / JSON Lines file or of a CSV file, counted
 * from the parsed values (never from the records built from them), for the
 * text accounting. Codes and references (ids, kinds, languages, links) and
 * CSV columns a field map does not read are left out by rule.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { FieldMap } from '../field-map.js';
import { RULES } from './corpus-words.js';
import { SourceTally } from './source-tally.js';
import { STRUCTURAL_KEYS } from './word-bag.js';

const CODES = 'ids, codes and references to other records (id, kind, status, languages, collections, links…)';

export async function jsonSourceWords(path: string, lines: boolean): Promise<SourceTally> {
  const tally = new SourceTally();
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const values = lines ? text.split('\n').filter((l) => l.trim()) : [text];
  for (const v of values) {
    let data: unknown;
    try {
      data = JSON.parse(v);
    } catch {
      tally.count(v); // unreadable: every word of it is unaccounted for, as nothing of it is imported
      continue;
    }
    walkJson(data, undefined, tally);
  }
  return tally;
}

function walkJson(value: unknown, key: string | undefined, tally: SourceTally): void {
  if (key !== undefined && STRUCTURAL_KEYS.has(key)) {
    collectStrings(value, (s) => tally.leaveOut(CODES, s));
  } else if (typeof value === 'string') {
    tally.count(value.includes('<') ? value.replace(/<[^>]*>/g, ' ') : value);
  } else if (Array.isArray(value)) {
    for (const v of value) walkJson(v, undefined, tally);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkJson(v, k, tally);
  }
}

function collectStrings(value: unknown, onString: (s: string) => void): void {
  if (typeof value === 'string') onString(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, onString);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, onString);
}

/** What becomes of a CSV column under a field map. */
function columnRule(map: FieldMap, column: string): string | undefined {
  const rules = map.rules.filter((r) => r.from === column);
  if (rules.length === 0) return RULES.unmapped(`column "${column}"`);
  if (rules.every((r) => r.to === 'date' || r.to === 'uploadedAt' || r.as === 'iso-date')) return RULES.dates;
  if (rules.every((r) => r.as === 'language-name' || r.to === 'languages')) return 'language names, stored as language codes';
  if (rules.every((r) => r.to === 'source.url')) return RULES.links;
  if (rules.every((r) => r.to === 'id' || r.to === 'status' || r.to === 'collections')) return CODES;
  return undefined;
}

export async function csvSourceWords(path: string, map: FieldMap): Promise<SourceTally> {
  const tally = new SourceTally();
  const rows = parse(await readFile(path), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const header = rows[0] ?? [];
  tally.leaveOut(RULES.labels, header.join(' '));
  const rules = header.map((column) => columnRule(map, column));
  // A column the map reads as a JSON list is counted by its values (JSON escapes such as \u014d decoded).
  const json = header.map((column) => map.rules.some((r) => r.from === column && r.list === 'json'));
  for (const row of rows.slice(1)) {
    row.forEach((cell, i) => {
      const rule = rules[i];
      const text = json[i] ? jsonListText(cell) : cell;
      if (rule) tally.leaveOut(rule, text);
      else tally.count(text);
    });
  }
  return tally;
}

function jsonListText(cell: string): string {
  try {
    const values: string[] = [];
    collectStrings(JSON.parse(cell), (s) => values.push(s));
    return values.join(' ');
  } catch {
    return cell;
  }
}
