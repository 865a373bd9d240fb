/**
 * Validating a source item's record and the authorities it names, without
 * touching the archive: pure work, done in the thread that reads the items
 * when there is one (item-wire.ts), else by the import service itself.
 * @module
 */
import { parseArchiveRecord, zodIssues, type ArchiveRecord } from '../domain/archive-record.js';
import { authoritySchema, type Authority } from '../domain/authority.js';
import type { Issue } from '../domain/errors.js';
import type { SourceItem } from './source-item.js';

/** What validation made of an item's raw record and the authorities it names. */
export interface ValidatedItem {
  /** Kind and id as the raw record gave them, for the report. */
  head: { kind?: string; id?: string };
  parsed: { ok: true; record: ArchiveRecord } | { ok: false; issues: Issue[] };
  derived: { ok: true; records: Authority[] } | { ok: false; issues: Issue[] };
}

/** Validates an item's record and the authorities it names, without touching the archive. */
export function validateItem(item: SourceItem): ValidatedItem {
  const head = describeRaw(item.raw);
  const parsed = parseArchiveRecord(item.raw);
  const records: Authority[] = [];
  for (const d of item.derived ?? []) {
    const result = authoritySchema.safeParse(d.record);
    if (!result.success) {
      const what = `${String(d.record.kind)} "${String(d.record.name ?? d.record.id)}"`;
      return { head, parsed, derived: { ok: false, issues: zodIssues(result.error).map((x) => ({ ...x, path: `${what}${x.path ? `.${x.path}` : ''}` })) } };
    }
    records.push(result.data);
  }
  return { head, parsed, derived: { ok: true, records } };
}

/** The kind and id a raw record gives, for the report (a record without a kind is a document). */
export function describeRaw(raw: unknown): { kind?: string; id?: string } {
  if (!raw || typeof raw !== 'object') return {};
  const { kind, id } = raw as { kind?: unknown; id?: unknown };
  return {
    kind: typeof kind === 'string' ? kind : 'document',
    id: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined,
  };
}
