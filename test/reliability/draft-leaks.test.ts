/**
 * The leak check of drafts: one archive holds, beside the demo, everything
 * that is not public — a draft (with text, notes, identifiers, a scan and
 * links to people, places, subjects and a collection), a document in
 * review, one sent back with a reviewer's comment, one scheduled for later,
 * a withdrawn one, a published one whose earlier draft said something since
 * removed, an editor's note on a save and an editor whose address carries a
 * marker — each with the marker "zqx" in every field it has. Then every
 * public interface is crawled: every page reachable from `/` and every URL
 * of the sitemaps, search (site, API, CLI), facet and browse counts,
 * citations in every format, Atom feeds, OAI-PMH (every verb and metadata
 * format, GetRecord of the hidden ids), IIIF, bulk downloads and JSON-LD.
 *
 * Each answer is compared with the same request to a twin archive that
 * holds the demo alone: the marker may appear in A's answer only as often
 * as in the twin's (a search echoes its own query), and every count page
 * must read the same. The withdrawn document's id is public by design
 * (its tombstone answers 410, OAI-PMH reports it deleted); its text is not.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDossier, DOSSIER_BIN } from '../built-dossier.js';
import { loadDemo } from '../../src/ingest/demo.js';
import { openArchive } from '../../src/open-archive.js';
import { CLI_ACTOR } from '../../src/services/access.js';
import { Accounts } from '../../src/services/accounts.js';
import type { Archive } from '../../src/services/archive.js';
import { Editorial } from '../../src/services/editorial.js';
import { createWebApp } from '../../src/web/app.js';
import type { Actor } from '../../src/domain/roles.js';
import { tempDir } from '../helpers.js';
import { BASE } from '../http/demo-site.js';

const MARKER = /zqx/gi;
const HIDDEN_IDS = ['zqx-draft', 'zqx-review', 'zqx-sent-back', 'zqx-scheduled'];
const WITHDRAWN = 'withdrawn-cable';
const EARLIER = 'earlier-cable';
const HOST = new URL(BASE).hostname;

let dirA: string;
let dirB: string;
let archiveA: Archive;
let archiveB: Archive;
let appA: Hono<any>;
let appB: Hono<any>;

async function addHidden(archive: Archive): Promise<void> {
  const accounts = new Accounts(archive);
  await accounts.add(CLI_ACTOR, { email: 'zqx-editor@example.org', role: 'admin', password: 'correct horse battery staple' });
  const editor: Actor = { name: 'zqx-editor@example.org', role: 'admin', via: 'session', userId: 'zqx-editor' };
  const editorial = new Editorial(archive);
  const demo = (await archive.backend.store.listDocuments({ limit: 1000 })).items.map((d) => d.id);
  const withRefs = [...(await archive.backend.store.getDocuments(demo)).values()].find((d) => d.subjects.length && d.agents.length && d.places.length && d.collections.length && d.media.length)!;
  const full = (id: string, word: string) => ({
    id,
    title: `Cable ${word}zqx on the harbour`,
    date: '1962-10-24',
    summary: `Summary zqx ${word}.`,
    notes: `Editorial note zqx ${word}.`,
    placeWritten: `Zqxville ${word}`,
    identifiers: [{ scheme: 'zqx-scheme', value: `zqx-${word}-1` }],
    translations: [{ language: 'en', html: `<p>Translation zqx ${word}: the quarantine line holds.</p>`, note: `Translator's note zqx ${word}` }],
    transcripts: [{ language: 'en', html: `<p>Transcript zqx ${word}.</p>` }],
    subjects: withRefs.subjects,
    agents: withRefs.agents,
    places: withRefs.places,
    collections: withRefs.collections,
    media: withRefs.media,
    type: withRefs.type,
  });
  await editorial.create(editor, full('zqx-draft', 'draft'), 'zqx save note');
  const review = await editorial.create(editor, full('zqx-review', 'review'));
  await editorial.setStatus(editor, 'zqx-review', { status: 'review' }, review.revision);
  const back = await editorial.create(editor, full('zqx-sent-back', 'sentback'));
  const submitted = await editorial.setStatus(editor, 'zqx-sent-back', { status: 'review' }, back.revision);
  await editorial.setStatus(editor, 'zqx-sent-back', { status: 'draft', comment: 'Reviewer comment zqx: check the date.' }, submitted.revision);
  const scheduled = await editorial.create(editor, full('zqx-scheduled', 'scheduled'));
  await editorial.setStatus(editor, 'zqx-scheduled', { status: 'published', publishAt: '2999-01-01T00:00:00Z' }, scheduled.revision);
  const gone = await editorial.create(editor, { ...full(WITHDRAWN, 'withdrawn'), title: 'A cable withdrawn for review' });
  const live = await editorial.setStatus(editor, WITHDRAWN, { status: 'published' }, gone.revision);
  await editorial.setStatus(editor, WITHDRAWN, { status: 'withdrawn', reason: 'Withdrawn at the request of the holding archive.' }, live.revision);
  const early = await editorial.create(editor, { ...full(EARLIER, 'earlier'), title: 'A cable published after its draft was cleaned' });
  const clean = await editorial.update(editor, EARLIER, { title: 'A cable published after its draft was cleaned', date: '1962-10-25', translations: [{ language: 'en', html: '<p>The clean text.</p>' }], collections: withRefs.collections }, early.revision, 'zqx note on the cleaning');
  await editorial.setStatus(editor, EARLIER, { status: 'published' }, clean.revision);
  await editPublished(archive, editor, withRefs.id, 'zqx private note on a published document');
}

/** A save of a published document, with the editor's own note (private): the same in both archives but the note. */
async function editPublished(archive: Archive, editor: Actor, id: string, note: string): Promise<void> {
  const editorial = new Editorial(archive);
  const pub = await editorial.document(editor, id);
  const { id: _id, slug: _slug, status: _status, uploadedAt: _u, updatedAt: _up, publishedAt: _p, withdrawnReason: _w, ...content } = pub.document;
  await editorial.update(editor, id, { ...content, summary: `${content.summary ?? ''} (corrected)` }, pub.revision, note);
}

beforeAll(async () => {
  await buildDossier();
  dirB = tempDir('dossier-leak-twin-');
  dirA = tempDir('dossier-leak-');
  const twin = await openArchive({ dataDir: dirB });
  await loadDemo(twin);
  await twin.backend.close();
  copyFileSync(join(dirB, 'archive.sqlite'), join(dirA, 'archive.sqlite'));
  archiveA = await openArchive({ dataDir: dirA });
  archiveB = await openArchive({ dataDir: dirB });
  await addHidden(archiveA);
  // The twin gets the same public edits, so its published pages match A's.
  await addPublicTwinEdits(archiveB);
  appA = createWebApp(archiveA, { log: 'silent', baseUrl: BASE, cache: false, bulkDir: tempDir('dossier-leak-bulk-') });
  appB = createWebApp(archiveB, { log: 'silent', baseUrl: BASE, cache: false, bulkDir: tempDir('dossier-leak-bulk-twin-') });
}, 120_000);

/** The twin's published documents must be A's: the earlier-cleaned cable, published, and the withdrawn one, withdrawn. */
async function addPublicTwinEdits(archive: Archive): Promise<void> {
  const editor: Actor = { name: 'twin@example.org', role: 'admin', via: 'session', userId: 'twin' };
  const editorial = new Editorial(archive);
  const a = await archiveA.backend.store.getDocument(EARLIER);
  const w = await archiveA.backend.store.getDocument(WITHDRAWN);
  const clean = await editorial.create(editor, { id: EARLIER, title: a!.title, date: a!.date, translations: a!.translations, collections: a!.collections });
  await editorial.setStatus(editor, EARLIER, { status: 'published' }, clean.revision);
  const gone = await editorial.create(editor, { id: WITHDRAWN, title: w!.title, date: w!.date, collections: w!.collections });
  const live = await editorial.setStatus(editor, WITHDRAWN, { status: 'published' }, gone.revision);
  await editorial.setStatus(editor, WITHDRAWN, { status: 'withdrawn', reason: w!.withdrawnReason! }, live.revision);
  const edited = (await archiveA.backend.store.listDocuments({ limit: 1000 })).items.find((d) => d.summary?.endsWith('(corrected)'));
  await editPublished(archive, editor, edited!.id, 'a note');
}

interface Fetched {
  status: number;
  type: string;
  body: string;
}

async function get(app: Hono<any>, url: string, accept?: string): Promise<Fetched> {
  const res = await app.request(new URL(url, BASE).toString(), accept ? { headers: { accept } } : {});
  const type = res.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type, body: /image\/|application\/pdf|octet-stream/.test(type) ? '' : bytes.toString('utf8') };
}

const crawled = new Map<string, number>();
const leaks: string[] = [];

/**
 * `body` with each signed token (the API's page cursors, OAI-PMH's resumption tokens: base64url, a dot, a 22-character
 * MAC) read as what it carries: its payload decoded, its MAC left out. A MAC is random letters, which hold "zqx"
 * (case aside) by chance once in some thousand tokens; a payload that named a hidden record would still be counted.
 */
function readable(body: string): string {
  return body.replace(/([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g, (_, payload: string) => Buffer.from(payload, 'base64url').toString('utf8'));
}

/** Fetches `url` from both archives and records a leak if A's answer holds the marker more often than the twin's. */
async function probe(kind: string, url: string, accept?: string): Promise<Fetched> {
  const [a, b] = await Promise.all([get(appA, url, accept), get(appB, url, accept)]);
  crawled.set(kind, (crawled.get(kind) ?? 0) + 1);
  const inA = readable(a.body).match(MARKER)?.length ?? 0;
  const inB = readable(b.body).match(MARKER)?.length ?? 0;
  if (inA > inB) {
    const at = a.body.search(MARKER);
    leaks.push(`${kind} ${url}: ${inA} marker(s), twin ${inB}: …${a.body.slice(Math.max(0, at - 120), at + 60)}…`);
  }
  return a;
}

function linksOf(f: Fetched): string[] {
  const found = [
    ...f.body.matchAll(/(?:href|src)="([^"#]+)/g),
    ...f.body.matchAll(/<loc>([^<]+)<\/loc>/g),
    ...f.body.matchAll(/"(?:id|@id|url|next)":\s*"([^"#]+)"/g),
  ].map((m) => m[1]!.replaceAll('&amp;', '&'));
  return found.filter((u) => u.startsWith('/') || u.startsWith(BASE)).map((u) => (u.startsWith(BASE) ? u.slice(BASE.length) || '/' : u));
}

function interfaceOf(path: string): string {
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/iiif/')) return 'iiif';
  if (path.startsWith('/oai')) return 'oai-pmh';
  if (path.startsWith('/feed') || path.startsWith('/search/feed')) return 'feeds';
  if (path.startsWith('/sitemap')) return 'sitemaps';
  if (path.startsWith('/data')) return 'bulk';
  if (/\/cite\.(bib|ris|json)$/.test(path)) return 'citations';
  if (path.startsWith('/search')) return 'search (site)';
  return 'pages';
}

describe('drafts and private fields never leak', () => {
  it('crawls every public interface and finds no trace of them', async () => {
    // The hidden documents are there: the check would catch a leak.
    expect((await archiveA.stats()).documents - (await archiveB.stats()).documents).toBe(HIDDEN_IDS.length);

    // ---- every page reachable from / and every sitemap URL ----
    const seen = new Set<string>();
    const perPath = new Map<string, number>();
    const queue = ['/', '/sitemap.xml', '/robots.txt', '/data', '/data/manifest.json', '/iiif/collections', '/api/v1/', '/api/v1/documents', '/feed'];
    while (queue.length && seen.size < 6000) {
      const url = queue.shift()!;
      if (seen.has(url) || url.startsWith('/admin') || url.startsWith('/media/')) continue;
      // Facet and paging links multiply without end; a few of each path prove the point.
      const path = url.split('?')[0]!;
      if (url.includes('?')) {
        const n = perPath.get(path) ?? 0;
        if (n >= 25) continue;
        perPath.set(path, n + 1);
      }
      seen.add(url);
      const f = await probe(interfaceOf(path), url);
      if (f.status >= 500) leaks.push(`${url}: status ${f.status}`);
      for (const link of linksOf(f)) if (!seen.has(link)) queue.push(link);
    }

    // ---- the hidden documents' own addresses answer as if they did not exist ----
    for (const id of HIDDEN_IDS) {
      for (const url of [`/documents/${id}`, `/documents/${id}/cite.bib`, `/documents/${id}/cite.ris`, `/documents/${id}/cite.json`, `/api/v1/documents/${id}`, `/iiif/documents/${id}/manifest.json`]) {
        const f = await probe(interfaceOf(url), url);
        expect(f.status, url).toBe(404);
      }
      const ld = await probe('json-ld', `/documents/${id}`, 'application/ld+json');
      expect(ld.status).toBe(404);
      const oai = await probe('oai-pmh', `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:${HOST}:${id}`);
      expect(oai.body).toContain('idDoesNotExist');
    }
    expect((await probe('pages', `/documents/${WITHDRAWN}`)).status).toBe(410);

    // ---- citations of every published document, every format; JSON-LD by negotiation ----
    for (const d of (await archiveA.backend.store.listDocuments({ status: 'published', limit: 10_000 })).items) {
      for (const ext of ['bib', 'ris', 'json']) await probe('citations', `/documents/${d.id}/cite.${ext}`);
      await probe('json-ld', `/documents/${d.id}`, 'application/ld+json');
    }

    // ---- OAI-PMH: every verb, every metadata format, every page ----
    const formats = [...(await probe('oai-pmh', '/oai?verb=ListMetadataFormats')).body.matchAll(/<metadataPrefix>([^<]+)</g)].map((m) => m[1]!);
    expect(formats.length).toBeGreaterThan(1);
    await probe('oai-pmh', '/oai?verb=Identify');
    const sets = [...(await probe('oai-pmh', '/oai?verb=ListSets')).body.matchAll(/<setSpec>([^<]+)</g)].map((m) => m[1]!);
    for (const verb of ['ListRecords', 'ListIdentifiers']) {
      for (const prefix of formats) {
        for (const set of [undefined, ...sets.slice(0, 5)]) {
          let url: string | undefined = `/oai?verb=${verb}&metadataPrefix=${prefix}${set ? `&set=${encodeURIComponent(set)}` : ''}`;
          while (url) {
            const f = await probe('oai-pmh', url);
            // The withdrawn document appears only as a deleted header.
            for (const rec of f.body.match(/<header[^>]*>[\s\S]*?<\/header>/g) ?? []) {
              if (rec.includes(WITHDRAWN) && !rec.includes('status="deleted"')) leaks.push(`oai ${url}: ${WITHDRAWN} listed as a live record`);
            }
            const token = /<resumptionToken[^>]*>([^<]+)</.exec(f.body)?.[1];
            url = token ? `/oai?verb=${verb}&resumptionToken=${encodeURIComponent(token)}` : undefined;
          }
        }
      }
    }

    // ---- search: site, API, CLI, feeds — for every marker word and hidden id ----
    const words = ['zqx', 'zqxdraft', 'quarantine', 'Zqxville', ...HIDDEN_IDS, WITHDRAWN, 'zqx-scheme'];
    for (const q of words) {
      for (const url of [`/search?q=${encodeURIComponent(q)}`, `/api/v1/search?q=${encodeURIComponent(q)}`, `/search/feed?q=${encodeURIComponent(q)}`]) await probe(interfaceOf(url.split('?')[0]!), url);
      const [cliA, cliB] = [dirA, dirB].map((dir) => spawnSync(process.execPath, [DOSSIER_BIN, '--data', dir, 'search', '--json', q], { encoding: 'utf8' }));
      crawled.set('search (CLI)', (crawled.get('search (CLI)') ?? 0) + 1);
      expect(cliA!.status).toBe(0);
      expect(JSON.parse(cliA!.stdout).total, `dossier search ${q}`).toBe(JSON.parse(cliB!.stdout).total);
      if ((cliA!.stdout.match(MARKER)?.length ?? 0) > (cliB!.stdout.match(MARKER)?.length ?? 0)) leaks.push(`dossier search ${q}: ${cliA!.stdout.slice(0, 300)}`);
    }

    // ---- counts: facets and browse pages read the same as the twin's (published documents only) ----
    const countPages = ['/', '/collections', '/dates', '/people', '/places', '/subjects', '/organizations', '/themes', '/search', '/search?q=harbour', '/api/v1/search', '/api/v1/collections'];
    for (const c of await archiveA.collections()) countPages.push(`/collections/${c.id}`, `/api/v1/collections/${c.id}`);
    const refs = (await archiveA.backend.store.getDocument('zqx-draft'))!;
    for (const a of refs.agents) countPages.push(`/people/${a.id}`);
    for (const p of refs.places) countPages.push(`/places/${p.id}`);
    const differ: string[] = [];
    for (const url of countPages) {
      const [a, b] = await Promise.all([get(appA, url), get(appB, url)]);
      crawled.set('counts (facets, browse)', (crawled.get('counts (facets, browse)') ?? 0) + 1);
      // Every figure on the page, timestamps of saves aside, in sorted order (a tie may list documents in another order).
      // The API's search: its total and facet counts (which documents fill a first page of a tie is an order, not a count).
      const apiCounts = (f: Fetched) => JSON.stringify((({ total, facets }) => ({ total, facets }))(JSON.parse(f.body) as { total: number; facets: unknown }));
      const numbers = (f: Fetched) => url.startsWith('/api/v1/search') ? apiCounts(f) : (f.body.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, ' ').replace(/<[^>]+>/g, ' ').match(/\d[\d,]*\d|\d/g) ?? []).sort().join(' ');
      if (a.status !== b.status) differ.push(`${url}: status ${a.status}, twin ${b.status}`);
      else if (numbers(a) !== numbers(b)) {
        const [na, nb] = [numbers(a).split(/[ ,]/), numbers(b).split(/[ ,]/)];
        const at = na.findIndex((n, i) => n !== nb[i]);
        differ.push(`${url}: ${na.slice(Math.max(0, at - 8), at + 4).join(' ')} / twin ${nb.slice(Math.max(0, at - 8), at + 4).join(' ')}`);
      }
    }

    console.log(`leak check crawled (requests per interface, each answered by both archives):\n${[...crawled].sort().map(([k, n]) => `  ${k.padEnd(24)} ${n}`).join('\n')}`);
    expect(differ, 'count pages that differ from the published-only twin').toEqual([]);
    expect(leaks).toEqual([]);
    expect(crawled.get('pages')).toBeGreaterThan(100);
  }, 600_000);
});
