/**
 * `npm run bench:tei-parse`: the FRUS TEI reader beside a minimal streaming
 * parse of the same files, in the same run. The minimal parse is saxes alone
 * (`opentag` and `text` events counted, nothing built); the reader does its
 * prescan, the same saxes pass, each document's element tree and the records
 * with their HTML. Their difference is the reader's own work; medians of
 * `--runs`.
 *
 *   npm run bench:tei-parse [-- --runs 3] [-- --data <folder with frus/>]
 */
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SaxesParser } from 'saxes';
import { readTeiFile } from '../src/ingest/tei/tei-reader.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, data: { type: 'string' } } });
const dataDir = values.data ?? process.env.DOSSIER_TEST_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const frus = join(dataDir, 'frus');
const files = readdirSync(frus).filter((f) => f.endsWith('.xml')).sort().map((f) => join(frus, f));

async function minimal(): Promise<number> {
  const started = performance.now();
  let elements = 0;
  for (const path of files) {
    const parser = new SaxesParser({ xmlns: false, position: false });
    parser.on('opentag', () => elements++);
    parser.on('text', () => undefined);
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 }) as AsyncIterable<string>) parser.write(chunk);
    parser.close();
  }
  if (elements === 0) throw new Error('no elements read');
  return performance.now() - started;
}

async function reader(): Promise<{ ms: number; documents: number }> {
  const started = performance.now();
  let documents = 0;
  const progress = { bytesRead: 0 };
  for (const path of files) {
    for await (const item of readTeiFile({ path, display: path }, progress)) if ((item.raw as { kind?: string } | undefined)?.kind === 'document') documents++;
  }
  return { ms: performance.now() - started, documents };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const saxes: number[] = [];
const read: number[] = [];
let documents = 0;
for (let i = 0; i < Math.max(1, Number(values.runs)); i++) {
  saxes.push(await minimal());
  const r = await reader();
  read.push(r.ms);
  documents = r.documents;
}
console.log(
  [
    `FRUS TEI parse: ${files.length} files, ${documents} documents, median of ${saxes.length} run${saxes.length > 1 ? 's' : ''}`,
    `  minimal streaming parse (saxes alone): ${Math.round(median(saxes))} ms (each run: ${saxes.map(Math.round).join(', ')})`,
    `  TEI reader (records built):            ${Math.round(median(read))} ms (each run: ${read.map(Math.round).join(', ')})`,
    `  ratio reader / minimal: ${(median(read) / median(saxes)).toFixed(2)}×`,
  ].join('\n'),
);
