/**
 * What of a document is searchable, in which field, and how much a word in
 * each field weighs. Shared by every backend so that SQLite and PostgreSQL
 * search the same text. Each field has a bit, so one posting records every
 * field its word occurs in and `title:` or `person:` filter on that mask.
 * @module
 */
import type { Document } from '../domain/document.js';
import { htmlToText } from '../domain/rich-text.js';
import type { TextField } from './query.js';
import type { IndexEntry } from '../backends/search-index.js';

export const FIELD = {
  title: 1,
  summary: 2,
  body: 4,
  person: 8,
  place: 16,
  organization: 32,
  classification: 64,
  meta: 128,
} as const;
export type FieldName = keyof typeof FIELD;

/** Relative weight of a word in each field: a word in the title counts far more than one in the body. */
export const FIELD_WEIGHTS: Record<FieldName, number> = {
  title: 10, summary: 4, body: 1, person: 3, place: 3, organization: 3, classification: 1, meta: 1,
};

/** Which field bits a `field:` of the query language searches. */
export const TEXT_FIELD_MASKS: Record<TextField, number> = {
  title: FIELD.title,
  text: FIELD.body,
  summary: FIELD.summary,
  person: FIELD.person | FIELD.organization,
  place: FIELD.place,
  classification: FIELD.classification,
  id: FIELD.meta,
};

export interface FieldText {
  field: FieldName;
  /** Separate texts (each name, each translation) never form a phrase across their boundary. */
  texts: string[];
}

/** The searchable texts of a document, field by field. */
export function indexFields(entry: IndexEntry): FieldText[] {
  const doc: Document = entry.document;
  const byKind = (kind: 'person' | 'place' | 'organization') => (entry.authorities ?? []).filter((a) => a.kind === kind).flatMap((a) => a.names);
  const grouped = entry.authorities !== undefined;
  return [
    { field: 'title', texts: [doc.title, ...doc.translations.map((t) => t.title ?? ''), ...doc.transcripts.map((t) => t.title ?? '')] },
    { field: 'summary', texts: [doc.summary ?? ''] },
    { field: 'body', texts: [...doc.translations.map((t) => htmlToText(t.html)), ...doc.transcripts.map((t) => htmlToText(t.html))] },
    // Without grouped authorities (older callers), every name counts as a person's.
    { field: 'person', texts: grouped ? byKind('person') : entry.names },
    { field: 'organization', texts: grouped ? byKind('organization') : [] },
    { field: 'place', texts: grouped ? byKind('place') : [] },
    { field: 'classification', texts: doc.classification },
    {
      field: 'meta',
      texts: [doc.id, doc.source.citation, doc.source.fileNumber, doc.dateText, doc.cable?.number, ...doc.identifiers.map((i) => i.value)].filter(
        (t): t is string => Boolean(t),
      ),
    },
  ].map((f) => ({ field: f.field as FieldName, texts: f.texts.filter((t) => t.trim() !== '') }));
}
