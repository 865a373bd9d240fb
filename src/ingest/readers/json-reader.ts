/**
 * Dossier's JSON format: a file holding one record, an array of records, or
 * `{ "records": [...] }`. A file that is not valid JSON is one error, with the
 * line and column where parsing stopped.
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { SourceItem } from '../source-item.js';

export async function* readJsonFile(path: string, display = path): AsyncIterable<SourceItem> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const { line, column } = jsonErrorPosition(text, error);
    yield { locator: { file: display, line, column }, issues: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }] };
    return;
  }
  const records = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { records?: unknown }).records)
      ? (data as { records: unknown[] }).records
      : [data];
  for (let index = 0; index < records.length; index++) yield { locator: { file: display, index }, raw: records[index] };
}

/** Line and column of a JSON.parse error, from the position V8 reports. */
export function jsonErrorPosition(text: string, error: unknown): { line?: number; column?: number } {
  const match = /position (\d+)/.exec(String((error as Error)?.message));
  if (!match) return {};
  const pos = Number(match[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}
