/**
 * What changed between two versions of a document, field by field, for the
 * history page. Translations and transcripts are compared as readable text,
 * word by word (words as Intl.Segmenter finds them in the text's language,
 * so a changed Japanese word is one change, not a whole sentence); other
 * fields are compared as values. No I/O.
 * @module
 */
import { diffWords } from 'diff';
import type { Document } from './document.js';

export interface FieldChange {
  /** Readable field path, e.g. `title`, `cable.sent`, `translation (en)`. */
  field: string;
  before?: string;
  after?: string;
  /** Word-level changes, for text: runs of text kept, added or removed. */
  words?: { text: string; change?: 'added' | 'removed' }[];
}

/** Fields that change with every save and say nothing about the content. */
const IGNORED = new Set(['updatedAt']);

export function diffDocuments(before: Partial<Document> | undefined, after: Partial<Document> | undefined): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const x = a.get(field);
    const y = b.get(field);
    if (x?.text === y?.text) continue;
    const change: FieldChange = { field, before: x?.text, after: y?.text };
    const lang = (y ?? x)!.lang;
    if (lang !== undefined || (x?.text.length ?? 0) + (y?.text.length ?? 0) > 120) change.words = wordChanges(x?.text ?? '', y?.text ?? '', lang);
    changes.push(change);
  }
  return changes;
}

function wordChanges(before: string, after: string, lang: string | undefined): NonNullable<FieldChange['words']> {
  const segmenter = new Intl.Segmenter(lang || 'en', { granularity: 'word' });
  return diffWords(before, after, { intlSegmenter: segmenter }).map((part) => ({
    text: part.value,
    change: part.added ? 'added' : part.removed ? 'removed' : undefined,
  }));
}

/** Each leaf field as text; texts keyed by language so a reordering is no change. */
function flatten(doc: Partial<Document> | undefined): Map<string, { text: string; lang?: string }> {
  const out = new Map<string, { text: string; lang?: string }>();
  if (!doc) return out;
  const put = (field: string, value: unknown, lang?: string) => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return;
    out.set(field, { text: typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join('; ') : JSON.stringify(value), lang });
  };
  for (const [key, value] of Object.entries(doc)) {
    if (IGNORED.has(key)) continue;
    if (key === 'translations' || key === 'transcripts') {
      const label = key === 'translations' ? 'translation' : 'transcript';
      const seen = new Map<string, number>();
      for (const t of value as Document['translations']) {
        const n = (seen.get(t.language) ?? 0) + 1;
        seen.set(t.language, n);
        const name = `${label} (${t.language}${n > 1 ? ` #${n}` : ''})`;
        put(`${name}`, htmlToText(t.html), t.language);
        put(`${name}: title`, t.title);
        put(`${name}: note`, t.note);
        if ('translators' in t) put(`${name}: translators`, t.translators);
      }
    } else if ((key === 'cable' || key === 'source') && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) put(`${key}.${k}`, v);
    } else if (key === 'agents' || key === 'places') {
      put(key, (value as { id: string; role: string }[]).map((r) => `${r.id} (${r.role})`));
    } else if (key === 'collections' || key === 'related') {
      put(key, (value as { id: string; position?: number; relation?: string }[]).map((r) => r.id + (r.relation ? ` (${r.relation})` : r.position !== undefined ? ` #${r.position}` : '')));
    } else {
      put(key, value);
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: '\u00a0' };

/** Sanitized rich text as the words a reader sees, one paragraph a line. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(?:p|div|li|h[2-6]|blockquote|tr|section)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, e: string) => ENTITIES[e]!)
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
