/**
 * `/oai`: the OAI-PMH endpoint, by GET or by POST with a form body
 * (protocol §3.1.1), and `/oai/dossier-document.xsd`, the schema of the
 * `dossier` format. Responses are never cached: each carries its own
 * response date and resumption token expiry.
 * @module
 */
import type { Context, Hono } from 'hono';
import type { Env, WebContext } from '../../context.js';
import { envelope, errorBody } from './envelope.js';
import { dossierSchema } from './dossier-document.js';
import { OaiRepository, type OaiOptions } from './repository.js';

/** A POST form larger than this is not a harvester's request. */
const MAX_FORM_BYTES = 64 * 1024;

export function registerOaiPmh(app: Hono<Env>, ctx: WebContext, options: OaiOptions = {}): void {
  const repository = new OaiRepository(ctx.archive, options);

  const answer = async (c: Context<Env>, args: Record<string, string[]>) => {
    const site = { origin: ctx.origin(c), name: (await ctx.archive.siteInfo()).name };
    return xml(c, await repository.respond(args, site));
  };

  app.get('/oai', (c) => answer(c, c.req.queries() ?? {}));

  app.post('/oai', async (c) => {
    const type = c.req.header('content-type') ?? '';
    const length = Number(c.req.header('content-length') ?? 0);
    const refuse = (message: string) =>
      xml(c, envelope(`${ctx.origin(c)}/oai`, undefined, errorBody([{ code: 'badArgument', message }]), new Date()));
    if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return refuse('a POST request must send its arguments as application/x-www-form-urlencoded');
    if (length > MAX_FORM_BYTES) return refuse(`the request is larger than ${MAX_FORM_BYTES} bytes`);
    const body = await c.req.text();
    if (body.length > MAX_FORM_BYTES) return refuse(`the request is larger than ${MAX_FORM_BYTES} bytes`);
    const args: Record<string, string[]> = {};
    for (const [k, v] of new URLSearchParams(body)) (args[k] ??= []).push(v);
    return answer(c, args);
  });

  app.get('/oai/dossier-document.xsd', (c) => {
    c.header('Content-Type', 'application/xml; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(dossierSchema());
  });
}

function xml(c: Context, body: string): Response {
  c.header('Content-Type', 'text/xml; charset=utf-8');
  c.header('Cache-Control', 'no-store');
  return c.body(body);
}
