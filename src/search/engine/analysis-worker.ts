/**
 * Analysis on the second core. Building a segment is about half analysis
 * (scanning, folding, stemming, CJK segmentation) and half the work around
 * it (document rows, postings, encoding, writes); a helper thread analyzes
 * the next runs of documents while the caller's thread writes this one's
 * (and analyzes a run itself when the thread is behind: run-analyses.ts).
 * The thread runs a bundle of its own (analysis-thread.ts; under tsx, the
 * source) and numbers terms per run, so only strings and typed arrays cross.
 * If it cannot start, fails or dies, the caller analyzes the run itself with
 * the same code: results never depend on it.
 * @module
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FieldText } from '../index-fields.js';
import { ChunkAnalyzer } from './analyze-chunk.js';
import type { TermRow } from './index-storage.js';
import type { AnalyzedChunk, SegmentBuilder } from './segment.js';
import { unpackBatch, type TermBatch } from './term-batches.js';

/** An analyzed run, with every term of its generation so far (its term ids index them). */
export interface ThreadChunk {
  chunk: AnalyzedChunk;
  terms: readonly string[];
}

/** The terms of one analyzer's current generation, as its runs hand them over. */
class TermLog {
  #generation = 0;
  #terms: string[] = [];

  /** The generation's terms with the chunk's new ones, or undefined if a run of it went missing. */
  add(chunk: AnalyzedChunk): readonly string[] | undefined {
    if (chunk.generation !== this.#generation) {
      this.#generation = chunk.generation;
      this.#terms = [];
    }
    if (chunk.firstTerm !== this.#terms.length) return undefined;
    for (const t of chunk.newTerms) this.#terms.push(t);
    return this.#terms;
  }
}

/** The thread's heap: its word tables and a run or two of documents need some tens of MB; a cap makes it collect early. */
const HEAP_MB = 128;

interface Job {
  docs: readonly (readonly FieldText[])[];
  resolve: (chunk: ThreadChunk) => void;
  reject: (error: unknown) => void;
}

/** A segment being encoded in the thread: its batches as they come, then 'done' (or 'failed': the rest is encoded here). */
interface EncodeJob {
  queue: (TermBatch | 'done' | 'failed')[];
  wake: (() => void) | undefined;
}

let worker: Worker | undefined;
const encodeJobs = new Map<number, EncodeJob>();
let broken = false;
let nextId = 0;
const jobs = new Map<number, Job>();
const threadTerms = new TermLog();
const here = new ChunkAnalyzer(-1);
const hereTerms = new TermLog();

/** Analyzes documents given by their fields (as ChunkAnalyzer does) in the helper thread, or here when there is none. */
export function analyzeInThread(docs: readonly (readonly FieldText[])[]): Promise<ThreadChunk> {
  return new Promise((resolve, reject) => {
    const job = { docs, resolve, reject };
    const w = helper();
    if (!w) return settleHere(job);
    const id = ++nextId;
    try {
      w.postMessage({ id, docs });
    } catch {
      return settleHere(job); // something in the documents that cannot be copied to a thread
    }
    jobs.set(id, job);
    if (jobs.size === 1) w.ref();
  });
}

/** True once the helper thread runs and has not failed (for tests: results must not depend on it, but its path must be the one measured). */
export function analysisThreadRuns(): boolean {
  return worker !== undefined && !broken;
}

/**
 * Analyzes documents in this thread, at once (as the thread would, in a
 * numbering of its own): what a caller does with a run while it would
 * otherwise wait for the thread, so both cores analyze.
 */
export function analyzeHere(docs: readonly (readonly FieldText[])[]): ThreadChunk {
  const chunk = here.analyze(docs);
  return { chunk, terms: hereTerms.add(chunk)! };
}

/**
 * A finished segment's rows in term order, encoded in the helper thread (if
 * it runs) a batch at a time while the caller inserts the batch before: the
 * sort, grouping and encoding of a large segment, a quarter of a bulk
 * build's time that nothing else overlapped, move off the writing thread.
 * Without the thread, or if it fails midway, the rest is encoded here.
 */
export async function* encodeInThread(builder: SegmentBuilder, base: number): AsyncGenerator<Iterable<TermRow>> {
  let handed = 0;
  const w = broken ? undefined : worker;
  if (w) {
    const id = ++nextId;
    const job: EncodeJob = { queue: [], wake: undefined };
    let sent = true;
    try {
      // The parts are copies already: moved, not copied again.
      const parts = builder.parts();
      w.postMessage({ id, encode: { parts, base } }, [parts.pTerm, parts.pDoc, parts.pInfo, parts.pPos, parts.positions].map((a) => a.buffer as ArrayBuffer));
    } catch {
      sent = false;
    }
    if (sent) {
      encodeJobs.set(id, job);
      w.ref();
      try {
        for (;;) {
          while (job.queue.length === 0) await new Promise<void>((resolve) => (job.wake = resolve));
          const item = job.queue.shift()!;
          if (item === 'done') return;
          if (item === 'failed') break;
          handed += item.terms.length;
          yield unpackBatch(item);
        }
      } finally {
        encodeJobs.delete(id);
        if (jobs.size === 0 && encodeJobs.size === 0) worker?.unref();
      }
    }
  }
  yield (function* () {
    let skip = handed;
    for (const row of builder.encode(base, true)) {
      if (skip > 0) skip--;
      else yield row;
    }
  })();
}

function tell(job: EncodeJob, item: TermBatch | 'done' | 'failed'): void {
  job.queue.push(item);
  const wake = job.wake;
  job.wake = undefined;
  wake?.();
}

/**
 * Forgets the terms this thread's analyzer keeps between runs (up to a
 * generation's, tens of MB): called after a bulk write, so a server does not
 * carry them between writes.
 */
export function releaseHere(): void {
  here.reset();
}

function settleHere(job: Job): void {
  try {
    job.resolve(analyzeHere(job.docs));
  } catch (error) {
    job.reject(error);
  }
}

/**
 * Under tsx (benchmarks) and vitest the thread runs the TypeScript source:
 * Node 20 does not apply a loader given with `--import` to a worker's entry
 * module, so the thread registers tsx's loader itself, then imports it.
 */
function sourceThread(): Worker {
  const api = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./analysis-thread.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
}

function helper(): Worker | undefined {
  if (broken) return undefined;
  if (worker) return worker;
  try {
    worker = import.meta.url.endsWith('.ts') ? sourceThread() : new Worker(new URL('./analysis-thread.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
  } catch {
    broken = true;
    return undefined;
  }
  worker.unref();
  worker.on('message', (m: { id: number; chunk?: AnalyzedChunk; batch?: TermBatch; done?: boolean; error?: string }) => {
    const encoding = encodeJobs.get(m.id);
    if (encoding) return tell(encoding, m.batch ?? (m.done ? 'done' : 'failed'));
    const job = jobs.get(m.id);
    if (!job) return;
    jobs.delete(m.id);
    if (jobs.size === 0 && encodeJobs.size === 0) worker?.unref();
    const terms = m.chunk ? threadTerms.add(m.chunk) : undefined;
    if (m.chunk && terms) return job.resolve({ chunk: m.chunk, terms });
    // An error in the thread is met again here, with its stack, where the caller sees it.
    settleHere(job);
  });
  const fail = () => {
    broken = true;
    worker = undefined;
    const left = [...jobs.values()];
    jobs.clear();
    for (const job of left) settleHere(job);
    for (const job of encodeJobs.values()) tell(job, 'failed');
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  return worker;
}
