/**
 * `npm run bench:oai [-- --runs 3 --dir /tmp/dossier-bench-oai --prefix oai_dc]`
 *
 * A full OAI-PMH harvest of the FRUS archive: the 16 volumes of
 * ../shared/data/frus imported once with the real `dossier import --format
 * tei` into `--dir` (reused afterwards), the site served in a process of its
 * own, and ListRecords followed through every resumption token, as an
 * aggregator would. Prints records/s and the total time of each run and
 * their median, against the target (7,875 records in under 30 s), and checks
 * that the harvest brought exactly the archive's published documents.
 *
 * `harvestFigures(baseUrl)` is the harvest alone, for other benchmarks
 * that serve an archive of their own.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchServer, stopBenchServer } from './bench-server.js';
import { checkKeptArchive } from './lib/kept-archive.js';

export interface HarvestFigures {
  /** Records with metadata (published documents). */
  records: number;
  /** Records reported as deleted (withdrawn documents). */
  deleted: number;
  /** HTTP requests the harvest took (one per page). */
  requests: number;
  seconds: number;
  recordsPerSecond: number;
  /** Bytes of XML received, after decompression. */
  bytes: number;
}

/** Harvests `<baseUrl>/oai` (or `baseUrl` itself when it ends in /oai) with ListRecords to the end of the list. */
export async function harvestFigures(baseUrl: string, options: { metadataPrefix?: string } = {}): Promise<HarvestFigures> {
  const endpoint = baseUrl.replace(/\/+$/, '').endsWith('/oai') ? baseUrl.replace(/\/+$/, '') : `${baseUrl.replace(/\/+$/, '')}/oai`;
  const started = performance.now();
  let query = `verb=ListRecords&metadataPrefix=${encodeURIComponent(options.metadataPrefix ?? 'oai_dc')}`;
  const figures = { records: 0, deleted: 0, requests: 0, bytes: 0 };
  for (;;) {
    const res = await fetch(`${endpoint}?${query}`);
    const xml = await res.text();
    figures.requests++;
    figures.bytes += Buffer.byteLength(xml);
    const error = /<error code="(\w+)">([^<]*)/.exec(xml);
    if (res.status !== 200 || error) throw new Error(`harvest failed at request ${figures.requests}: ${res.status} ${error ? `${error[1]}: ${error[2]}` : xml.slice(0, 200)}`);
    const deleted = xml.match(/<record><header status="deleted">/g)?.length ?? 0;
    figures.deleted += deleted;
    figures.records += (xml.match(/<record>/g)?.length ?? 0) - deleted;
    const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
    if (!token) break;
    query = `verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;
  }
  const seconds = (performance.now() - started) / 1000;
  return { ...figures, seconds, recordsPerSecond: (figures.records + figures.deleted) / seconds };
}

// ---- the script ---------------------------------------------------------------

const ROOT = new URL('..', import.meta.url).pathname;
const TARGET = { records: 7_875, seconds: 30 };

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      dir: { type: 'string', default: '/tmp/dossier-bench-oai' },
      port: { type: 'string', default: '3197' },
      prefix: { type: 'string', default: 'oai_dc' },
      frus: { type: 'string', default: join(ROOT, '..', 'shared', 'data', 'frus') },
    },
  });
  if (!existsSync(args.frus!) || !readdirSync(args.frus!).some((f) => f.endsWith('.xml'))) {
    console.error(`No FRUS volumes at ${args.frus}; this benchmark harvests them (see ../shared/data/README).`);
    process.exit(1);
  }
  const published = await buildArchive(args.dir!, args.frus!);
  const server = await startServer(args.dir!, Number(args.port));
  try {
    const base = `http://127.0.0.1:${args.port}`;
    console.log(`Harvesting ${base}/oai (ListRecords, ${args.prefix}), ${published} published documents, ${args.runs} runs\n`);
    console.log('run  records  deleted  requests      MB   seconds  records/s');
    const runs: HarvestFigures[] = [];
    for (let i = 1; i <= Number(args.runs); i++) {
      const f = await harvestFigures(base, { metadataPrefix: args.prefix });
      runs.push(f);
      console.log(
        `${String(i).padStart(3)}  ${String(f.records).padStart(7)}  ${String(f.deleted).padStart(7)}  ${String(f.requests).padStart(8)}  ` +
          `${(f.bytes / 1e6).toFixed(1).padStart(6)}  ${f.seconds.toFixed(2).padStart(8)}  ${Math.round(f.recordsPerSecond).toLocaleString('en').padStart(9)}`,
      );
      if (f.records !== published) throw new Error(`the harvest brought ${f.records} records; the archive has ${published} published documents`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const seconds = median(runs.map((r) => r.seconds));
    const rate = median(runs.map((r) => r.recordsPerSecond));
    console.log(`\nmedian: ${seconds.toFixed(2)} s for ${published.toLocaleString('en')} records, ${Math.round(rate).toLocaleString('en')} records/s`);
    const within = published >= TARGET.records && seconds < TARGET.seconds;
    console.log(`target: ${TARGET.records.toLocaleString('en')} records in under ${TARGET.seconds} s — ${within ? 'met' : published < TARGET.records ? `not comparable (${published} records)` : 'missed'}`);
  } finally {
    await stop(server);
  }
}

/** Imports the FRUS volumes into `dir` once; returns the number of published documents. */
async function buildArchive(dir: string, frus: string): Promise<number> {
  const { openArchive } = await import('../src/open-archive.js');
  const marker = join(dir, 'built');
  if (!existsSync(marker)) {
    mkdirSync(dir, { recursive: true });
    console.log(`Importing ${frus} with dossier import --format tei (once; reused from ${dir} afterwards)…`);
    await run('node', [join(ROOT, 'bin/dossier.js'), '--data', dir, 'import', '--format', 'tei', frus]);
    writeFileSync(marker, new Date().toISOString());
  } else {
    await checkKeptArchive(dir, 'bench:oai');
  }
  const archive = await openArchive({ dataDir: dir });
  const { published } = await archive.stats();
  await archive.backend.close();
  return published;
}

function run(cmd: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

const startServer = (dir: string, port: number) => startBenchServer(dir, port);
const stop = stopBenchServer;

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) await main();
