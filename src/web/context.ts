/**
 * What route modules share: the app's environment type, the context routes
 * receive (archive, page frame, public origin), and parameter parsing at the
 * edge, where every invalid value becomes one ValidationError (→ 400).
 * @module
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { zodIssues } from '../domain/archive-record.js';
import { ValidationError } from '../domain/errors.js';
import type { Collection } from '../domain/collection.js';
import type { Archive } from '../services/archive.js';
import type { LayoutProps } from './views/layout.js';

export type Env = { Variables: { requestId: string } };

export const pageSchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

/** What route modules need from the app: the archive, the page frame, the public origin. */
export interface WebContext {
  archive: Archive;
  page(c: Context<Env>, props: PageProps, content: Child, status?: number): Promise<Response>;
  origin(c: Context): string;
  /** The site's name and tagline, read once per version of the archive. */
  siteInfo(): ReturnType<Archive['siteInfo']>;
  /** Every collection record, read once per version of the archive. */
  collectionRecords(): Promise<readonly Collection[]>;
  /** The archive's change marker as this process last read it (at most a second old): what per-version memos key on. */
  marker(): Promise<string>;
}

export type PageProps = Omit<LayoutProps, 'site' | 'assetVersion' | 'children'>;

export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  return parsed.data;
}

/** Route parameters arrive percent-encoded; record ids never contain encoded slashes. */
export function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Sets a header of the response a middleware's `next()` left, in place. Hono's `c.header()` on a finished
 * response makes a new one from the old one's body, which under @hono/node-server built undici's full
 * Response and a body stream for every page (and the page was then written from that stream). A response
 * whose headers cannot change (one from `fetch()`) is copied as `c.header()` does.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
