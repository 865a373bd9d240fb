/**
 * Authority records: the controlled names a document points to — people,
 * organizations, places, subjects, repositories, funders, rights statements,
 * languages and document types. People, organizations and places carry name
 * *variants* (other romanizations and scripts: Zhou Enlai = Chou En-lai = 周恩来);
 * search uses them.
 * @module
 */
import { z } from 'zod';
import { httpUrl } from './web-address.js';
import { recordIdSchema } from './ids.js';
import { partialDateSchema } from './partial-date.js';
import { languageTagSchema } from './language.js';
import { foldName } from './names.js';

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const name = z.string().trim().min(1, 'cannot be empty').max(500, 'at most 500 characters');

export const VARIANT_TYPES = ['romanization', 'script', 'alias', 'former', 'abbreviation', 'spelling'] as const;

/** Another form of a name: a romanization (Wade–Giles "Chou En-lai"), another script ("周恩来"), an alias. */
export const nameVariantSchema = z.strictObject({
  name,
  /** BCP 47 tag of the form, with script where it matters: `zh-Hans`, `zh-Latn-wadegile`, `ru`. */
  language: languageTagSchema.optional(),
  type: z.enum(VARIANT_TYPES).optional(),
});
export type NameVariant = z.infer<typeof nameVariantSchema>;

const base = {
  id: recordIdSchema,
  name,
  description: text(20_000).optional(),
  /** URIs of the same entity elsewhere (VIAF, Wikidata, LCNAF, GeoNames). */
  sameAs: z.array(httpUrl(500)).default([]),
};
const variants = { variants: z.array(nameVariantSchema).default([]) };

export const personSchema = z.strictObject({
  kind: z.literal('person'),
  ...base,
  ...variants,
  born: partialDateSchema.optional(),
  died: partialDateSchema.optional(),
});

export const organizationSchema = z.strictObject({
  kind: z.literal('organization'),
  ...base,
  ...variants,
  parent: recordIdSchema.optional(),
});

export const placeSchema = z.strictObject({
  kind: z.literal('place'),
  ...base,
  ...variants,
  /** Enclosing place (a city's country), making places a hierarchy. */
  parent: recordIdSchema.optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});

export const subjectSchema = z.strictObject({
  kind: z.literal('subject'),
  ...base,
  ...variants,
  broader: recordIdSchema.optional(),
});

export const repositorySchema = z.strictObject({
  kind: z.literal('repository'),
  ...base,
  location: text(300).optional(),
  url: httpUrl(500).optional(),
});

export const funderSchema = z.strictObject({
  kind: z.literal('funder'),
  ...base,
  url: httpUrl(500).optional(),
});

/** A rights and reuse statement with whom to ask for permission. */
export const rightsSchema = z.strictObject({
  kind: z.literal('rights'),
  ...base,
  statement: z.string().trim().min(1, 'cannot be empty').max(20_000),
  /** A standard statement URI, e.g. https://rightsstatements.org/vocab/InC-EDU/1.0/ */
  uri: httpUrl(500).optional(),
  contact: z
    .object({
      name: text(300).optional(),
      email: z.email().optional(),
      url: httpUrl(500).optional(),
    })
    .optional(),
});

export const languageSchema = z.strictObject({
  kind: z.literal('language'),
  ...base,
  id: languageTagSchema,
  ...variants,
});

export const typeSchema = z.strictObject({
  kind: z.literal('type'),
  ...base,
  /** Plural label for lists: "Cables", "Memoranda of Conversation". */
  plural: text(200).optional(),
});

export const authoritySchema = z.discriminatedUnion('kind', [
  personSchema,
  organizationSchema,
  placeSchema,
  subjectSchema,
  repositorySchema,
  funderSchema,
  rightsSchema,
  languageSchema,
  typeSchema,
]);

export type Authority = z.infer<typeof authoritySchema>;
export type AuthorityKind = Authority['kind'];
export type Person = z.infer<typeof personSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export type Place = z.infer<typeof placeSchema>;
export type Subject = z.infer<typeof subjectSchema>;
export type Repository = z.infer<typeof repositorySchema>;
export type Funder = z.infer<typeof funderSchema>;
export type RightsStatement = z.infer<typeof rightsSchema>;
export type Language = z.infer<typeof languageSchema>;
export type DocumentType = z.infer<typeof typeSchema>;
export type AuthorityOf<K extends AuthorityKind> = Extract<Authority, { kind: K }>;

export const AUTHORITY_KINDS = [
  'person', 'organization', 'place', 'subject', 'repository', 'funder', 'rights', 'language', 'type',
] as const satisfies readonly AuthorityKind[];

/** Every name an authority answers to: its preferred name and its variants. */
export function allNames(a: Authority): string[] {
  return 'variants' in a ? [a.name, ...a.variants.map((v) => v.name)] : [a.name];
}

/** Existing variants plus new ones (for merging records and linking imports), without repeating the preferred name or a variant that folds to the same key. */
export function mergeVariants(preferred: string, current: NameVariant[], added: NameVariant[]): NameVariant[] {
  const seen = new Set([foldName(preferred), ...current.map((v) => foldName(v.name))]);
  const out = [...current];
  for (const v of added) {
    const key = foldName(v.name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}
