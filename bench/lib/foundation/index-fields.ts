/**
 * What of a document is searchable, and in which field. Shared by every
 * backend so that SQLite and PostgreSQL search the same text.
 * @module
 */
import type { Document } from '../../../src/domain/document.js';
import { htmlToText } from '../../../src/domain/rich-text.js';

export interface IndexFields {
  title: string;
  summary: string;
  /** Translations and original-language transcripts. */
  body: string;
  /** People, organizations and places, with every variant of their names. */
  names: string;
  /** Identifiers, classification marks, source citation, date as written. */
  meta: string;
}

/** Relative weight of each field in relevance ranking: a word in the title counts far more than one in the body. */
export const FIELD_WEIGHTS: Record<keyof IndexFields, number> = { title: 10, summary: 4, body: 1, names: 3, meta: 1 };

export function indexFields(doc: Document, names: readonly string[]): IndexFields {
  const titles = [doc.title, ...doc.translations.map((t) => t.title), ...doc.transcripts.map((t) => t.title)];
  return {
    title: titles.filter(Boolean).join('\n'),
    summary: doc.summary ?? '',
    body: [...doc.translations.map((t) => htmlToText(t.html)), ...doc.transcripts.map((t) => htmlToText(t.html))].join('\n'),
    names: names.join('\n'),
    meta: [
      doc.id,
      ...doc.classification,
      doc.source.citation,
      doc.source.fileNumber,
      doc.dateText,
      doc.cable?.number,
      ...doc.identifiers.map((i) => i.value),
    ]
      .filter(Boolean)
      .join('\n'),
  };
}
