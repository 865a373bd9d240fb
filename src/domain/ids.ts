/**
 * Record identifiers. A record ID is stable and never reused; it appears in
 * URLs, so it is limited to URL-safe characters. Slashes separate parts
 * (FRUS ids are `<volume-id>/<doc-id>`).
 * @module
 */
import { z } from 'zod';

const SEGMENT = '[A-Za-z0-9][A-Za-z0-9._~-]*';
export const RECORD_ID_PATTERN = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);

export const recordIdSchema = z
  .string()
  .min(1, 'an ID cannot be empty')
  .max(200, 'an ID is at most 200 characters')
  .regex(
    RECORD_ID_PATTERN,
    'an ID uses letters, digits, ".", "_", "~" and "-", starts each "/"-separated part with a letter or digit',
  );

export type RecordId = z.infer<typeof recordIdSchema>;

/** A URL-friendly slug: lower-case ASCII words joined by hyphens. */
export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug is lower-case letters and digits joined by hyphens');

/**
 * Turns any text into a slug: folds diacritics ("Lüshun" → "lushun"), drops
 * what is not a Latin letter or digit, and keeps the first words to 80 characters.
 * Returns `fallback` when nothing usable is left (e.g. a title in Chinese only).
 */
export function slugify(text: string, fallback = 'untitled'): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase();
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > 80) break;
    slug = next;
  }
  return slug || fallback;
}
