/**
 * The kept parts of documents' pages (citations, similar documents) as the
 * site reads and writes them (migration 0007a-page-parts). A part made while
 * serving a page is written a moment later, together with the others made
 * meanwhile, in one transaction: written one by one, two small transactions a
 * page cost about as much as the work they save on a first visit. The write is
 * skipped when another process holds the archive's write lock (an import);
 * the part is made again on a later visit. Parts are derived data, so one
 * lost at shutdown costs nothing but its making again.
 * @module
 */
import type { Backend } from '../backends/backend.js';
import type { Archive } from './archive.js';
import { writeIfIdle } from './write-if-idle.js';

interface Row {
  documentId: string;
  part: string;
  key: string;
  value: string;
}

const MAX_PENDING = 500;

export class PageParts {
  #pending = new Map<string, Row>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  readonly backend: Backend;

  constructor(
    archive: Archive,
    private readonly delayMs = 50,
  ) {
    this.backend = archive.backend;
  }

  /** The part kept for `documentId` when it was made from `key`. */
  async get(documentId: string, part: string, key: string): Promise<string | undefined> {
    const pending = this.#pending.get(`${documentId}\0${part}`);
    if (pending) return pending.key === key ? pending.value : undefined;
    return this.backend.store.getPagePart(documentId, part, key);
  }

  /** Keeps a part, written with the others of the next moment. */
  put(documentId: string, part: string, key: string, value: string): void {
    this.#pending.set(`${documentId}\0${part}`, { documentId, part, key, value });
    // Work that never yields to the event loop (pages rendered in process, no I/O between them) starves the timer.
    if (this.#pending.size >= MAX_PENDING) return void this.flush().catch(() => undefined);
    // A failed write (the database closed at shutdown, a lost connection) loses only parts that are made again.
    this.#timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.delayMs).unref();
  }

  /** Writes what is pending now. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const rows = [...this.#pending.values()];
    if (rows.length === 0) return this.#flushing;
    this.#flushing = this.#flushing.then(() =>
      writeIfIdle(this.backend, async (tx) => {
        for (const r of rows) await tx.store.putPagePart(r.documentId, r.part, r.key, r.value);
      }).finally(() => {
        for (const r of rows) if (this.#pending.get(`${r.documentId}\0${r.part}`) === r) this.#pending.delete(`${r.documentId}\0${r.part}`);
      }),
    );
    return this.#flushing;
  }
}
