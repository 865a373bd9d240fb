/**
 * The Document: one archival item (cable, memorandum, speech, gazette…) with
 * its translations, original-language transcripts, scans and provenance.
 * The zod schema is the one gate every document passes through, whether it
 * comes from an import file, a form or the API.
 * @module
 */
import { z } from 'zod';
import { httpUrl, mediaUrl } from './web-address.js';
import { partialDateSchema } from './partial-date.js';
import { dateTimeTzSchema } from './date-time.js';
import { recordIdSchema, slugSchema } from './ids.js';
import { sanitizeRichText } from './rich-text.js';
import { languageTagSchema } from './language.js';
import { checkReleases, releaseSchema } from './release.js';

/**
 * Publication status: draft → review (waiting for a reviewer) → published → withdrawn. Only
 * `published` documents reach the public site, API, search, feeds and harvesting.
 */
export const DOCUMENT_STATUSES = ['draft', 'review', 'published', 'withdrawn'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const requiredText = (max: number) => text(max).min(1, 'cannot be empty');

/** HTML from outside is reduced to the rich-text subset as it is validated. */
export const richTextSchema = z.string().max(5_000_000, 'at most 5,000,000 characters').transform(sanitizeRichText);

/** ISO 8601 timestamp (UTC) or calendar date, as recorded by the archive. */
export const timestampSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2}))?$/,
    'expected an ISO 8601 date (YYYY-MM-DD) or timestamp (YYYY-MM-DDTHH:MM:SSZ)',
  )
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a real calendar date');

export const translationSchema = z.strictObject({
  /** BCP 47 language of this translation. */
  language: languageTagSchema,
  /** Title in this language, when it differs from the document title. */
  title: text(1000).optional(),
  html: richTextSchema,
  /** Who translated it, as credited. */
  translators: z.array(requiredText(300)).default([]),
  note: text(5000).optional(),
});
export type Translation = z.infer<typeof translationSchema>;

export const transcriptSchema = z.strictObject({
  /** BCP 47 language (and script, e.g. `zh-Hant`) of the original text. */
  language: languageTagSchema,
  title: text(1000).optional(),
  html: richTextSchema,
  note: text(5000).optional(),
  /** The release (an id of the document's `releases`) this text is, when it is one: the latest, as a rule. */
  release: recordIdSchema.optional(),
});
export type Transcript = z.infer<typeof transcriptSchema>;

export const MEDIA_KINDS = ['image', 'pdf'] as const;
export const mediaSchema = z.strictObject({
  kind: z.enum(MEDIA_KINDS),
  /** http(s) URL or a path under the archive's media folder (`media/…`). */
  url: mediaUrl(2000),
  label: text(300).optional(),
  mimeType: text(100).optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  pages: z.number().int().positive().optional(),
});
export type Media = z.infer<typeof mediaSchema>;

/** The header a telegram or cable carries: its number, offices and transmission times. */
export const cableHeaderSchema = z.strictObject({
  number: text(200).optional(),
  primaryOffice: text(300).optional(),
  sent: dateTimeTzSchema.optional(),
  received: dateTimeTzSchema.optional(),
  from: text(500).optional(),
  to: z.array(requiredText(500)).default([]),
  /** Precedence or urgency mark, e.g. "Urgent", "Immediate", "Flash". */
  precedence: text(200).optional(),
  /** Handling marks printed on the cable, e.g. "Limited Distribution", "Eyes Only". */
  handling: z.array(requiredText(200)).default([]),
});
export type CableHeader = z.infer<typeof cableHeaderSchema>;

/** Where the original is kept and how it reached the archive. */
export const sourceSchema = z.strictObject({
  /** The source citation as printed: archive, file number, collection. */
  citation: text(5000).optional(),
  repository: recordIdSchema.optional(),
  /** File or box number in the repository, e.g. "2014-0734" or "837.014P/324". */
  fileNumber: text(300).optional(),
  /** The law or programme under which it was declassified or released. */
  releasedUnder: text(500).optional(),
  /** Who obtained (contributed) it. */
  obtainedBy: z.array(requiredText(300)).default([]),
  /** Who translated it, when credited for the whole document rather than one translation. */
  translatedBy: z.array(requiredText(300)).default([]),
  url: httpUrl(2000).optional(),
  /** When the source published it (a digital archive's upload date, an edition's year): the page's "original uploaded date". */
  publishedAt: partialDateSchema.optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/**
 * The printed edition a document is published in, as historians cite it: for FRUS "Foreign Relations of
 * the United States, 1918, Russia, Volume III, Document 10". `title` is that volume as cited (series, year,
 * subject and volume number in the order the volume's own title gives them); the parts are kept apart for
 * reference managers (BibTeX, RIS, CSL-JSON) and Highwire tags.
 */
export const publishedInSchema = z.strictObject({
  /** The volume as cited, without the document: "Foreign Relations of the United States, 1918, Russia, Volume III". */
  title: requiredText(1000),
  /** The series: "Foreign Relations of the United States". */
  series: requiredText(500),
  /** The years the volume covers, as the series numbers it: "1918", "1969–1976". */
  year: text(50).optional(),
  /** The volume's subject: "Russia", "The Paris Peace Conference, 1919". */
  subseries: text(500).optional(),
  /** "Volume III", "Part II, Volume IV". */
  volume: text(100).optional(),
  /** The document's number in the volume, as printed. */
  document: text(50).optional(),
  /** Printed pages the document occupies: "12" or "12–14". */
  pages: text(50).regex(/^[\w.]+(?:–[\w.]+)?$/, 'expected a page or a range such as 12–14').optional(),
  editors: z.array(requiredText(300)).default([]),
  publisher: text(300).optional(),
  place: text(300).optional(),
  /** Year of publication of the volume. */
  issued: z.string().regex(/^\d{4}$/, 'expected a year (YYYY)').optional(),
});
export type PublishedIn = z.infer<typeof publishedInSchema>;

export const AGENT_ROLES = ['creator', 'recipient', 'signer', 'mentioned', 'participant'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];
export const agentRefSchema = z.strictObject({ id: recordIdSchema, role: z.enum(AGENT_ROLES).default('mentioned') });

export const PLACE_ROLES = ['mentioned', 'origin', 'destination', 'subject'] as const;
export const placeRefSchema = z.strictObject({ id: recordIdSchema, role: z.enum(PLACE_ROLES).default('mentioned') });

export const collectionRefSchema = z.strictObject({
  id: recordIdSchema,
  /** Editor's order within the collection; without it the collection orders by date. */
  position: z.number().int().nonnegative().optional(),
});

export const relationSchema = z.strictObject({
  id: recordIdSchema,
  /** How the other document relates, e.g. "reply to", "enclosure of", "see also". */
  relation: text(100).optional(),
});

export const identifierSchema = z.strictObject({ scheme: requiredText(100), value: requiredText(500) });

export const documentSchema = z
  .strictObject({
    id: recordIdSchema,
    slug: slugSchema.optional(),
    title: requiredText(2000),
    /** EDTF date (see partial-date.ts); absent when the document is undated. */
    date: partialDateSchema.optional(),
    /** The date as the source wrote it, kept when it differs from `date` or could not be read. */
    dateText: text(300).optional(),
    summary: text(20_000).optional(),
    /** Type id, e.g. `cable`, `memorandum-of-conversation`, `speech` (see types.ts). */
    type: recordIdSchema.optional(),
    /** Classification and handling marks as printed, e.g. ["Secret", "Indefinite Duration"]. */
    classification: z.array(requiredText(200)).default([]),
    /** Languages of the original document (BCP 47). */
    languages: z.array(languageTagSchema).default([]),
    translations: z.array(translationSchema).default([]),
    transcripts: z.array(transcriptSchema).default([]),
    media: z.array(mediaSchema).default([]),
    cable: cableHeaderSchema.optional(),
    /** Place where the document was written, as printed in its dateline. */
    placeWritten: text(300).optional(),
    source: sourceSchema.default({ obtainedBy: [], translatedBy: [] }),
    /** The printed edition (e.g. a FRUS volume) the document is published in. */
    publishedIn: publishedInSchema.optional(),
    /** Rights statement id (an authority record of kind `rights`). */
    rights: recordIdSchema.optional(),
    funders: z.array(recordIdSchema).default([]),
    subjects: z.array(recordIdSchema).default([]),
    agents: z.array(agentRefSchema).default([]),
    places: z.array(placeRefSchema).default([]),
    collections: z.array(collectionRefSchema).default([]),
    related: z.array(relationSchema).default([]),
    identifiers: z.array(identifierSchema).default([]),
    /** Every declassification release of the document, oldest first (release.ts); the latest is its current text. */
    releases: z.array(releaseSchema).default([]),
    /** Editorial notes shown with the document information. */
    notes: text(20_000).optional(),
    status: z.enum(DOCUMENT_STATUSES).default('published'),
    /** Why a withdrawn document was withdrawn (shown on its tombstone page). */
    withdrawnReason: text(2000).optional(),
    /** Fictional sample content, marked as such wherever it appears. */
    sample: z.boolean().default(false),
    /** When the document was first uploaded to the archive (the "original uploaded date"). */
    uploadedAt: timestampSchema.optional(),
    updatedAt: timestampSchema.optional(),
    publishedAt: timestampSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    checkUnique(doc.collections.map((c) => c.id), ['collections'], 'collection', ctx);
    checkUnique(doc.funders, ['funders'], 'funder', ctx);
    checkUnique(doc.subjects, ['subjects'], 'subject', ctx);
    checkUnique(doc.related.map((r) => r.id), ['related'], 'related document', ctx);
    if (doc.related.some((r) => r.id === doc.id)) {
      ctx.addIssue({ code: 'custom', path: ['related'], message: 'a document cannot be related to itself' });
    }
    checkReleases(doc.releases, ctx);
    doc.transcripts.forEach((t, i) => {
      if (t.release && !doc.releases.some((r) => r.id === t.release)) ctx.addIssue({ code: 'custom', path: ['transcripts', i, 'release'], message: `release "${t.release}" is not among the document's releases` });
    });
    if (doc.withdrawnReason && doc.status !== 'withdrawn') {
      ctx.addIssue({ code: 'custom', path: ['withdrawnReason'], message: 'only a withdrawn document has a withdrawal reason' });
    }
  });

function checkUnique(values: string[], path: string[], what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [...path, i], message: `${what} "${v}" is listed twice` });
    seen.add(v);
  });
}

/** A validated document, as stored. */
export type Document = z.infer<typeof documentSchema>;
/** A document as written in an import file or form: defaults not yet applied. */
export type DocumentInput = z.input<typeof documentSchema>;

/** Every authority or collection id a document refers to, by kind, for reference checks. */
export function documentReferences(doc: Document): { kind: string; id: string; path: string }[] {
  const refs: { kind: string; id: string; path: string }[] = [];
  if (doc.type) refs.push({ kind: 'type', id: doc.type, path: 'type' });
  if (doc.rights) refs.push({ kind: 'rights', id: doc.rights, path: 'rights' });
  if (doc.source.repository) refs.push({ kind: 'repository', id: doc.source.repository, path: 'source.repository' });
  doc.funders.forEach((id, i) => refs.push({ kind: 'funder', id, path: `funders.${i}` }));
  doc.subjects.forEach((id, i) => refs.push({ kind: 'subject', id, path: `subjects.${i}` }));
  doc.agents.forEach((a, i) => refs.push({ kind: 'agent', id: a.id, path: `agents.${i}.id` }));
  doc.places.forEach((p, i) => refs.push({ kind: 'place', id: p.id, path: `places.${i}.id` }));
  doc.collections.forEach((c, i) => refs.push({ kind: 'collection', id: c.id, path: `collections.${i}.id` }));
  return refs;
}
