/**
 * Two editors creating a new record with the same identifier at the same
 * moment, through two archives opened on one database (two connections,
 * as two web processes have), on SQLite and on PostgreSQL: one is saved
 * (303, or 201 through the write API), the other gets the conflict page
 * (409) naming the identifier with everything typed kept, or a 409 whose
 * JSON names the identifier and its field; the record is written once,
 * with one revision. Before, on PostgreSQL, both found no such record and
 * the second failed on the unique key (500).
 * @module
 */
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/open-archive.js';
import { CLI_ACTOR } from '../../src/services/access.js';
import { Accounts } from '../../src/services/accounts.js';
import type { Archive } from '../../src/services/archive.js';
import { Tokens } from '../../src/services/tokens.js';
import { createWebApp } from '../../src/web/app.js';
import { Client, PASSWORD, ROLE_USERS } from '../http/admin-helpers.js';
import { tempDir } from '../helpers.js';
import { postgresAvailable, startCluster, type PostgresCluster } from '../postgres-cluster.js';

let cluster: PostgresCluster | undefined;
const TARGETS = [
  { name: 'SQLite', skip: false, location: async () => ({ dataDir: tempDir() }) },
  {
    name: 'PostgreSQL',
    skip: !postgresAvailable(),
    location: async () => {
      cluster ??= await startCluster();
      return { dataDir: tempDir(), databaseUrl: await cluster.createDatabase() };
    },
  },
];

afterAll(async () => {
  await cluster?.destroy();
});

describe.each(TARGETS)('two editors creating one identifier at once on $name', (target) => {
  const archives: Archive[] = [];
  let apps: Hono<any>[];
  const tokens: string[] = [];
  beforeAll(async () => {
    if (target.skip) return;
    const location = await target.location();
    for (let i = 0; i < 2; i++) archives.push(await openArchive(location));
    const accounts = new Accounts(archives[0]!);
    for (const email of [ROLE_USERS.editor, ROLE_USERS.admin]) {
      await accounts.add(CLI_ACTOR, { email, role: email === ROLE_USERS.admin ? 'admin' : 'editor', password: PASSWORD });
      tokens.push((await new Tokens(archives[0]!).create(CLI_ACTOR, email, 'script')).token);
    }
    apps = archives.map((archive) => createWebApp(archive, { log: 'silent' }));
  }, 60_000);
  afterAll(async () => {
    for (const archive of archives) await archive.close();
  });

  it.skipIf(target.skip)('saves one new document and shows the other editor the conflict page, with what they typed', async () => {
    for (let round = 0; round < 3; round++) {
      const id = `race-${round}`;
      const [a, b] = [new Client(apps[0]!), new Client(apps[1]!)];
      await a.signIn(ROLE_USERS.editor);
      await b.signIn(ROLE_USERS.admin);
      await Promise.all([a.get('/admin/new'), b.get('/admin/new')]);
      const typed = (who: string) => ({ id, title: `Cable drafted by ${who}`, 'translations.0.language': 'en', 'translations.0.html': `<p>Text typed by ${who}.</p>` });
      const [ra, rb] = await Promise.all([a.post('/admin/new', typed('editor A')), b.post('/admin/new', typed('editor B'))]);
      expect([ra.res.status, rb.res.status].sort()).toEqual([303, 409]);
      const [winner, loser] = ra.res.status === 303 ? ['editor A', rb] : ['editor B', ra];
      expect(loser.html).toContain(`a document with the identifier “${id}” already exists`);
      // The loser's form comes back as typed, the identifier marked.
      expect(loser.html).toContain(`value="Cable drafted by ${winner === 'editor A' ? 'editor B' : 'editor A'}"`);
      expect(loser.html).toMatch(/id="f-id"[^>]*aria-invalid="true"/);
      const stored = await archives[0]!.backend.store.getDocument(id);
      expect(stored?.title).toBe(`Cable drafted by ${winner}`);
      expect(await archives[1]!.backend.store.listRevisions('document', id)).toHaveLength(1);
    }
  });

  it.skipIf(target.skip)('through the write API: one 201, one 409 naming the identifier, for documents and authority records', async () => {
    const call = (i: number, path: string, body: unknown) =>
      apps[i]!.request(`/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` }, body: JSON.stringify(body) });
    for (const [path, body, kind] of [
      ['/documents', { id: 'api-race', title: 'Telegram written twice' }, 'document'],
      ['/records/person', { id: 'api-person', name: 'Person written twice' }, 'person'],
    ] as const) {
      const responses = await Promise.all([call(0, path, body), call(1, path, body)]);
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
      const refused = responses.find((r) => r.status === 409)!;
      expect(await refused.json()).toEqual({ message: `${kind} "${body.id}" already exists`, errors: [{ field: 'id', message: `"${body.id}" is taken` }] });
    }
    expect(await archives[0]!.backend.store.listRevisions('document', 'api-race')).toHaveLength(1);
    expect(await archives[0]!.backend.store.listRevisions('person', 'api-person')).toHaveLength(1);
  });
});
