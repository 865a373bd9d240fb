/**
 * The two kinds of address a record may hold, checked once for every field that holds one: a web
 * address (http or https only: a `javascript:` or `data:` URL in a source link would run in a
 * reader's browser) and a media path inside the archive's media folder (never `..`, which would
 * reach outside it).
 * @module
 */
import { z } from 'zod';

/** An http(s) URL. */
export function httpUrl(max: number) {
  return z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(max);
}

/** An http(s) URL or a path under the archive's media folder (`media/…`, no `..` segment). */
export function mediaUrl(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((u) => /^https?:\/\/\S+$/i.test(u) || /^media\/\S+$/.test(u), 'expected an http(s) URL or a path starting with media/')
    .refine((u) => !/^media\//.test(u) || !u.split(/[/\\]/).some((s) => s === '..' || s === '.'), 'a media path may not contain "." or ".." segments');
}
