/**
 * Pages the site rendered itself, known by their Response. A page is built as
 * a string; what runs after the route (compression, the page cache) needs its
 * bytes, and reading them back from the Response made a full web Response of
 * it (with @hono/node-server's lightweight Response, undici's constructor, a
 * body stream and its reader) on every page — ~5–8% of a document page's CPU.
 * The string is kept beside the Response instead; a Response nobody
 * registered is read as before.
 * @module
 */

const bodies = new WeakMap<Response, string>();

/** Registers `res` as carrying `body` as it is (its bytes as UTF-8); returns `res`. */
export function renderedResponse(res: Response, body: string): Response {
  bodies.set(res, body);
  return res;
}

/** The body of a Response registered by {@link renderedResponse}, else undefined. */
export function renderedBody(res: Response): string | undefined {
  return bodies.get(res);
}

/** The bytes of `res`'s body: the registered string's, or read from the Response. */
export async function responseBytes(res: Response): Promise<Buffer> {
  const known = bodies.get(res);
  return known === undefined ? Buffer.from(await res.arrayBuffer()) : Buffer.from(known);
}
