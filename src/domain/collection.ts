/**
 * A Collection groups documents ("Sino-Japanese Relations"). Collections nest
 * (a FRUS volume holds its chapters) and carry themes for browsing.
 * @module
 */
import { z } from 'zod';
import { mediaUrl } from './web-address.js';
import { recordIdSchema } from './ids.js';
import { richTextSchema, timestampSchema } from './document.js';

export const collectionSchema = z.strictObject({
  kind: z.literal('collection'),
  /** Stable id; it is also the collection's URL segment. */
  id: recordIdSchema,
  title: z.string().trim().min(1, 'cannot be empty').max(1000),
  shortDescription: z.string().trim().max(2000).optional(),
  /** Rich text (sanitized HTML). */
  description: richTextSchema.optional(),
  image: z
    .object({
      url: mediaUrl(2000),
      alt: z.string().trim().max(500),
    })
    .optional(),
  parent: recordIdSchema.optional(),
  /** Position among its siblings; collections without one follow in title order. */
  position: z.number().int().nonnegative().optional(),
  themes: z.array(z.string().trim().min(1).max(200)).default([]),
  /** `date` lists documents chronologically; `manual` uses each document's position. */
  order: z.enum(['date', 'manual']).default('date'),
  /** Editors, compilers or curators credited for the collection. */
  editors: z.array(z.string().trim().min(1).max(300)).default([]),
  sample: z.boolean().default(false),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

export type Collection = z.infer<typeof collectionSchema>;
