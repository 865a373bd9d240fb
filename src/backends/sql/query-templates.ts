/**
 * Compiled query templates. Kysely builds and compiles a query on every call,
 * which costs tens of microseconds; an import runs the same few query shapes
 * for every record. Each shape is compiled once — by the dialect's own
 * compiler, so the SQL stays dialect-neutral — with marker values standing
 * in for the parameters, and later calls bind their own values to that SQL.
 * @module
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';

const MARKER = '\u0000dossier-parameter-';

interface Template {
  sql: string;
  /** For each SQL parameter: the index of the caller's value, or a constant the builder put there itself. */
  slots: ({ value: number } | { constant: unknown })[];
}

export class QueryTemplates {
  readonly #templates = new Map<string, Template>();

  /**
   * Runs the query `build` makes, with `values` as its parameters. `build`
   * receives one marker per value and must pass each to Kysely as a value;
   * `key` names the shape (include anything that changes it, such as a row count).
   */
  async run<R>(
    db: Kysely<any>,
    key: string,
    values: readonly unknown[],
    build: (markers: readonly unknown[]) => Compilable<R>,
  ): Promise<QueryResult<R>> {
    let template = this.#templates.get(key);
    if (!template) {
      template = compileTemplate(values.length, build);
      this.#templates.set(key, template);
    }
    const parameters = template.slots.map((slot) => ('value' in slot ? values[slot.value] : slot.constant));
    return db.executeQuery<R>(CompiledQuery.raw(template.sql, parameters));
  }
}

function compileTemplate<R>(arity: number, build: (markers: readonly unknown[]) => Compilable<R>): Template {
  const markers = Array.from({ length: arity }, (_, i) => `${MARKER}${i}`);
  const compiled = build(markers).compile();
  const seen = new Set<number>();
  const slots = compiled.parameters.map((p) => {
    if (typeof p === 'string' && p.startsWith(MARKER)) {
      const index = Number(p.slice(MARKER.length));
      seen.add(index);
      return { value: index };
    }
    return { constant: p };
  });
  // A value the builder did not pass through as a parameter would silently be dropped: refuse the template.
  if (seen.size !== arity) throw new Error(`query template uses ${seen.size} of its ${arity} values`);
  return { sql: compiled.sql, slots };
}
