/**
 * Everything an archive holds, as one discriminated union on `kind`. This is
 * the unit of Dossier's JSON / JSON Lines exchange format (see
 * docs/import-format.md): one record per object or line.
 * @module
 */
import { z } from 'zod';
import { authoritySchema, type Authority } from './authority.js';
import { collectionSchema, type Collection } from './collection.js';
import { documentSchema, type Document } from './document.js';
import type { Issue } from './errors.js';
import { releaseRecordSchema, type ReleaseRecord } from './release.js';

export type ArchiveRecord = Authority | Collection | (Document & { kind: 'document' }) | ReleaseRecord;
export type RecordKind = ArchiveRecord['kind'];

/** Validates one raw record; collects every issue rather than stopping at the first. */
export function parseArchiveRecord(raw: unknown): { ok: true; record: ArchiveRecord } | { ok: false; issues: Issue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ path: '', message: 'expected a JSON object' }] };
  }
  const { kind = 'document', ...rest } = raw as { kind?: unknown };
  const schema = kind === 'document' ? documentSchema : kind === 'collection' ? collectionSchema : kind === 'release' ? releaseRecordSchema : authoritySchema;
  const result = schema.safeParse(kind === 'document' ? rest : raw);
  if (!result.success) return { ok: false, issues: zodIssues(result.error) };
  const record = kind === 'document' ? { ...(result.data as Document), kind: 'document' as const } : result.data;
  return { ok: true, record: record as ArchiveRecord };
}

/** zod's issues as Dossier issues: a dotted path and a message that says what was wrong. */
export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.flatMap((issue): Issue[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'is not a field of this record (misspelt?)' }));
    }
    if (issue.code === 'invalid_union' && path === 'kind') return [{ path, message: 'unknown record kind' }];
    // zod leaves the input out of issues; its message says when a value was missing.
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return [{ path, message: 'is required' }];
    return [{ path, message: issue.message }];
  });
}
