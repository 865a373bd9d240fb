/**
 * CSV through a field map: each row becomes a document (plus the authority
 * records its name columns imply). Streamed, so a spreadsheet of any length
 * imports in bounded memory. A row the CSV parser rejects (wrong number of
 * cells, a broken quote) is an error for that row, with its line.
 * @module
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { applyFieldMap, type FieldMap } from '../field-map.js';
import type { ReadProgress, SourceItem } from '../source-item.js';

export async function* readCsvFile(path: string, map: FieldMap, display = path, progress?: ReadProgress): AsyncIterable<SourceItem> {
  const input = createReadStream(path);
  if (progress) input.on('data', (chunk) => (progress.bytesRead += chunk.length));
  const parser = input.pipe(
    parse({ columns: true, bom: true, info: true, skip_records_with_error: true, relax_column_count_less: false }),
  );
  const skipped: { line: number; message: string }[] = [];
  parser.on('skip', (error: Error & { lines?: number }) => skipped.push({ line: error.lines ?? 0, message: error.message }));
  let lastLine = 1; // the header
  try {
    let checked = false;
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield* drain(skipped, display);
      if (!checked) {
        checked = true;
        // A column the map reads but the file lacks would silently empty a field in every row: the file fails, naming it.
        const missing = [...new Set(map.rules.map((r) => r.from).filter((c): c is string => c !== undefined && !(c in record)))];
        if (missing.length) {
          yield {
            locator: { file: display, line: 1 },
            issues: missing.map((c) => ({ path: c, message: `column "${c}" is read by the field map but missing from the header; no row of this file was imported` })),
          };
          return;
        }
      }
      const line = lastLine + 1;
      lastLine = info.lines;
      const mapped = applyFieldMap(map, record);
      if (mapped.issues.length) yield { locator: { file: display, line }, issues: mapped.issues };
      else yield { locator: { file: display, line }, raw: mapped.raw, derived: mapped.derived, warnings: mapped.warnings };
    }
    yield* drain(skipped, display);
  } catch (error) {
    const e = error as Error & { lines?: number };
    yield { locator: { file: display, line: e.lines }, issues: [{ path: '', message: `CSV could not be read: ${e.message}` }] };
  }
}

function* drain(skipped: { line: number; message: string }[], file: string): Generator<SourceItem> {
  while (skipped.length > 0) {
    const s = skipped.shift()!;
    yield { locator: { file, line: s.line }, issues: [{ path: '', message: `CSV row skipped: ${s.message}` }] };
  }
}
