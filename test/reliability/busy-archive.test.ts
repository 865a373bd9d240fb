/**
 * Web writes while another process holds the archive's write lock (as an
 * import does for a whole TEI volume): the site keeps answering public pages
 * promptly, an editor's save and a sign-in wait for the lock without
 * blocking anyone and land once it goes, a save that would wait too long
 * gets a clear 503, an import that would stops, and `dossier check` reads
 * meanwhile. The lock is held by
 * a separate process, for a time of its own choosing, so a server blocked
 * inside SQLite could not shorten it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { openSqliteBackend } from '../../src/backends/sqlite/sqlite-backend.js';
import { Archive } from '../../src/services/archive.js';
import { checkConsistency } from '../../src/services/archive-check.js';
import { createWebApp } from '../../src/web/app.js';
import { Client, editorsSite, formValues, ROLE_USERS } from '../http/admin-helpers.js';
import { importPaths, tempDir } from '../helpers.js';
import { ArchiveBusyError } from '../../src/domain/errors.js';

const HOLD_MS = 3_000;

/** A process that takes the write lock, holds it HOLD_MS, and prints the instant just before it lets go. */
const HOLDER = `
const db = new (require('better-sqlite3'))(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('lock.holder', ?)").run(String(process.pid));
console.log('locked');
setTimeout(() => { const before = Date.now(); db.exec('COMMIT'); console.log('released ' + before); db.close(); }, Number(process.argv[2]));
`;

function holdLock(path: string): { child: ChildProcessWithoutNullStreams; locked: Promise<void>; released: Promise<number> } {
  const child = spawn(process.execPath, ['-e', HOLDER, path, String(HOLD_MS)], { cwd: process.cwd() });
  let out = '';
  let onLocked: () => void;
  let onReleased: (at: number) => void;
  const locked = new Promise<void>((resolve) => (onLocked = resolve));
  const released = new Promise<number>((resolve) => (onReleased = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('locked')) onLocked();
    const at = /released (\d+)/.exec(out);
    if (at) onReleased(Number(at[1]));
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return { child, locked, released };
}

let archive: Archive;
let app: Hono<any>;
let impatient: Archive;
let impatientApp: Hono<any>;
let docId: string;
let records: string;

beforeAll(async () => {
  ({ archive, app } = await editorsSite({ file: true, cache: false }));
  impatient = new Archive(await openSqliteBackend(archive.backend.location, { lockWaitMs: 300 }));
  impatientApp = createWebApp(impatient, { log: 'silent', cache: false });
  records = join(tempDir(), 'records.jsonl');
  writeFileSync(records, [1, 2, 3].map((n) => JSON.stringify({ kind: 'document', id: `busy-${n}`, title: `Written during a lock ${n}`, collections: [] })).join('\n'));
  for await (const doc of archive.backend.store.scanDocuments({ status: 'published' })) {
    docId = doc.id;
    break;
  }
});

afterAll(async () => {
  await impatient.backend.close();
  await archive.backend.close();
});

describe('writes while another process holds the write lock', () => {
  it('keep public pages prompt; a save and a sign-in land after the lock goes; a save or an import that would wait too long stops with nothing written', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    const form = await editor.get(`/admin/edit/${docId}`);
    const fields = { ...formValues(form.html), title: 'Retitled while an import ran' };
    const hurried = new Client(impatientApp);
    await hurried.signIn(ROLE_USERS.admin);
    const hurriedForm = await hurried.get(`/admin/edit/${docId}`);
    const hurriedFields = { ...formValues(hurriedForm.html), title: 'Never saved: the archive was busy' };
    const revisionsBefore = (await archive.backend.store.listRevisions('document', docId)).length;

    const holder = holdLock(archive.backend.location);
    await holder.locked;
    const lockedAt = Date.now();
    const stamp = <T>(p: Promise<T>) => p.then((value) => ({ value, at: Date.now() }));
    const save = stamp(editor.post(`/admin/edit/${docId}`, fields));
    const signIn = stamp(new Client(app).signIn(ROLE_USERS.reviewer));
    const refused = stamp(hurried.post(`/admin/edit/${docId}`, hurriedFields));
    const check = stamp(checkConsistency(archive));
    const outside = stamp(archive.backend.store.putSetting('busy.note', 'written outside a transaction')); // gets one of its own
    const imported = stamp(importPaths(impatient, [records]).then(() => 'imported', (error: unknown) => error));

    // Public pages, one after another with a 20 ms pause, for as long as the lock is held. Each
    // page's time runs from the end of the previous one, so a process blocked during a pause counts too.
    const latencies: number[] = [];
    let holding = true;
    void holder.released.then(() => (holding = false));
    const pages = ['/', `/documents/${docId}`, '/search?q=ambassador', '/collections'];
    for (let i = 0, start = performance.now(); holding; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const res = await app.request(`http://localhost${pages[i % pages.length]}`);
      await res.arrayBuffer();
      expect(res.status, pages[i % pages.length]).toBe(200);
      const end = performance.now();
      latencies.push(end - start - 20);
      start = end;
    }
    const releasedAt = await holder.released;

    const slowest = Math.max(...latencies);
    console.log(`busy archive: lock held ${releasedAt - lockedAt} ms; ${latencies.length} public pages meanwhile, slowest ${slowest.toFixed(0)} ms`);
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(slowest).toBeLessThan(HOLD_MS / 2);

    const saved = await save;
    expect(saved.value.res.status).toBe(303);
    expect(saved.at).toBeGreaterThanOrEqual(releasedAt);
    expect((await archive.backend.store.getDocument(docId))?.title).toBe('Retitled while an import ran');
    expect((await archive.backend.store.listRevisions('document', docId)).length).toBe(revisionsBefore + 1);

    const wrote = await outside;
    expect(wrote.at).toBeGreaterThanOrEqual(releasedAt);
    expect(await archive.backend.store.getSetting('busy.note')).toBe('written outside a transaction');

    const signedIn = await signIn;
    expect(signedIn.value.status).toBe(303);
    expect(signedIn.at).toBeGreaterThanOrEqual(releasedAt);

    const busy = await refused;
    expect(busy.at).toBeLessThan(releasedAt);
    expect(busy.value.res.status).toBe(503);
    expect(busy.value.res.headers.get('retry-after')).toBe('60');
    expect(busy.value.html).toContain('The archive is busy importing documents, so nothing was saved');
    expect(busy.value.html).toContain('Never saved: the archive was busy'); // what was typed is kept, ready to send again

    const stopped = await imported;
    expect(stopped.value).toBeInstanceOf(ArchiveBusyError); // the import stops, rather than failing record after record
    expect(stopped.at).toBeLessThan(releasedAt);
    expect(await archive.backend.store.getDocument('busy-1')).toBeUndefined();
    const again = await importPaths(impatient, [records]); // the same import, run again once the lock is gone, completes
    expect(again.failed).toBe(0);
    expect((await archive.backend.store.getDocument('busy-3'))?.title).toBe('Written during a lock 3');

    const checked = await check;
    expect(checked.at).toBeLessThan(releasedAt);
    expect(checked.value.problems).toEqual([]);
  }, 30_000);
});
