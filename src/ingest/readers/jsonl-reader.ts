/**
 * JSON Lines: one record per line, streamed so files of any size import in
 * bounded memory. Blank lines are skipped; a line that is not JSON is an
 * error for that line only.
 * @module
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ReadProgress, SourceItem } from '../source-item.js';

export async function* readJsonLinesFile(path: string, display = path, progress?: ReadProgress): AsyncIterable<SourceItem> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    if (progress) progress.bytesRead += Buffer.byteLength(raw) + 1;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    try {
      yield { locator: { file: display, line }, raw: JSON.parse(text) };
    } catch (error) {
      yield { locator: { file: display, line }, issues: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
}
