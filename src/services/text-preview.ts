/**
 * What the texts of a document being edited will look like on its public
 * page, before anything is saved: the form's input read by the same schema
 * (and so the same sanitizer) a save goes through. A preview has to show the
 * texts while other fields are still wrong (a half-typed date must not blank
 * the translation being written), so it keeps what validates: every text
 * that reads on its own, and the fields the public view draws beside the
 * texts (title, languages, classification, cable header) when they read.
 * Pure: it reads and writes nothing.
 * @module
 */
import { documentSchema, transcriptSchema, translationSchema, type Document } from '../domain/document.js';

export interface TextPreview {
  /** The document as the public view will draw it (texts sanitized). */
  document: Document;
  /** Texts left out of the preview because they do not read yet (their form field path, e.g. `translations.1`). */
  skipped: string[];
}

const PREVIEW_ID = 'preview';

/** The document's texts as a save would store them; `input` is the form's (or the import format's) shape. */
export function previewTexts(id: string | undefined, input: Record<string, unknown>): TextPreview {
  const docId = id ?? PREVIEW_ID;
  const full = documentSchema.safeParse({ ...input, id: docId, title: titleOf(input) });
  if (full.success) return { document: withText(full.data), skipped: [] };

  const skipped: string[] = [];
  const texts = <T>(group: 'translations' | 'transcripts', schema: { safeParse(v: unknown): { success: boolean; data?: T } }): T[] => {
    const rows = Array.isArray(input[group]) ? (input[group] as unknown[]) : [];
    return rows.flatMap((row, i) => {
      const parsed = schema.safeParse(withoutRelease(row));
      if (parsed.success) return [parsed.data as T];
      skipped.push(`${group}.${i}`);
      return [];
    });
  };
  let base: Record<string, unknown> = {
    id: docId,
    title: titleOf(input),
    translations: texts('translations', translationSchema),
    transcripts: texts('transcripts', transcriptSchema),
  };
  // The fields drawn beside the texts, each kept only when the whole still reads.
  for (const key of ['languages', 'classification', 'cable', 'sample'] as const) {
    if (input[key] === undefined) continue;
    const next = { ...base, [key]: input[key] };
    if (documentSchema.safeParse(next).success) base = next;
  }
  const parsed = documentSchema.safeParse(base);
  // Texts that read one by one always read together; the fallback only guards an unforeseen rule.
  const document = parsed.success ? parsed.data : documentSchema.parse({ id: docId, title: titleOf(input) });
  return { document: withText(document), skipped };
}

/** A row with a language and no text yet (the form's blank row) is not a text to show. */
function withText(doc: Document): Document {
  const has = (t: { html: string }) => t.html.replace(/<[^>]*>/g, '').trim() !== '';
  return { ...doc, translations: doc.translations.filter(has), transcripts: doc.transcripts.filter(has) };
}

function titleOf(input: Record<string, unknown>): string {
  return typeof input.title === 'string' && input.title.trim() ? input.title : 'Untitled document';
}

/** A transcript's release names one of the document's releases, which a preview does not check. */
function withoutRelease(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  const { release: _release, ...rest } = row as Record<string, unknown>;
  return rest;
}
