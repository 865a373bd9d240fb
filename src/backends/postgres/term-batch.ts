/**
 * Gathers the per-term reads the search engine makes in one evaluation pass
 * into one statement. The engine asks for each missing term's postings (or
 * positions) separately and awaits them together (a "round",
 * search/engine/index-storage.ts); over a network each ask is a statement,
 * and a prefix query that expands to a hundred terms would queue a hundred
 * statements on a pool of ten connections. Here the asks made before the
 * next microtask (one synchronous pass) with the same connection scope and
 * segment list become `term = any($terms)`: one round trip per round.
 *
 * Each batch's key includes the scope (a transaction, or none), so a
 * search inside a transaction never reads through another request's
 * connection, nor the other way round.
 * @module
 */

interface Waiting<R> {
  resolve: (rows: R[]) => void;
  reject: (error: unknown) => void;
}

interface Batch<R> {
  bases: readonly number[];
  terms: Map<string, Waiting<R>[]>;
}

export class TermBatcher<R, S> {
  #open = new Map<S | undefined, Map<string, Batch<R>>>();
  #scheduled = false;

  /**
   * `fetch(scope, bases, terms)` answers the rows of every term in `terms`
   * (grouped by term, each term's rows in base order); `scope` is what the
   * read must run on (a transaction), as given to {@link get}.
   */
  constructor(private readonly fetch: (scope: S | undefined, bases: readonly number[], terms: string[]) => Promise<Map<string, R[]>>) {}

  get(scope: S | undefined, bases: readonly number[], term: string): Promise<R[]> {
    let byBases = this.#open.get(scope);
    if (!byBases) this.#open.set(scope, (byBases = new Map()));
    const key = bases.join(',');
    let batch = byBases.get(key);
    if (!batch) byBases.set(key, (batch = { bases, terms: new Map() }));
    let waiting = batch.terms.get(term);
    if (!waiting) batch.terms.set(term, (waiting = []));
    const promise = new Promise<R[]>((resolve, reject) => waiting.push({ resolve, reject }));
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.#flush());
    }
    return promise;
  }

  /** Whether `term`'s rows over `bases` are asked for in the pass now open (not yet sent). */
  waiting(scope: S | undefined, bases: readonly number[], term: string): boolean {
    return this.#open.get(scope)?.get(bases.join(','))?.terms.has(term) ?? false;
  }

  #flush(): void {
    const open = this.#open;
    this.#open = new Map();
    this.#scheduled = false;
    for (const [scope, byBases] of open) {
      for (const batch of byBases.values()) {
        this.fetch(scope, batch.bases, [...batch.terms.keys()]).then(
          (rows) => {
            for (const [term, waiting] of batch.terms) for (const w of waiting) w.resolve(rows.get(term) ?? []);
          },
          (error) => {
            for (const waiting of batch.terms.values()) for (const w of waiting) w.reject(error);
          },
        );
      }
    }
  }
}
