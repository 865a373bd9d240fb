import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Archive } from '../../src/services/archive.js';
import { runSearch } from '../../src/services/search.js';
import { searchParamsSchema } from '../../src/search/search-state.js';
import { Client, editorsSite, ROLE_USERS } from './admin-helpers.js';

let app: Hono<any>;
let archive: Archive;
const Q = '/admin/bulk?q=fishing';

beforeAll(async () => {
  ({ app, archive } = await editorsSite({ cache: false }));
});

const inCollection = async (id: string) => {
  const all = [];
  for await (const d of archive.backend.store.scanDocuments({ status: 'published' })) if (d.collections.some((c) => c.id === id)) all.push(d.id);
  return all.sort();
};

describe('bulk changes', () => {
  it('preview the count a search selects, change them in one go, and undo it', async () => {
    const { total } = await runSearch(archive, searchParamsSchema.parse({ q: 'fishing' }));
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    const preview = await editor.get(Q);
    const count = Number(/<strong>(\d+)<\/strong> published/.exec(preview.html)![1]);
    expect(count).toBeGreaterThan(1);
    expect(count).toBe(total);
    const before = await inCollection('early-cold-war-treaties');
    const done = await editor.post(Q, { action: 'add-collection', id: 'early-cold-war-treaties' });
    expect(done.res.status).toBe(200);
    const batch = /Batch <code>([0-9a-f]{8})<\/code>/.exec(done.html)![1]!;
    const after = await inCollection('early-cold-war-treaties');
    expect(after.length).toBeGreaterThan(before.length);
    const changed = after.filter((id) => !before.includes(id));
    expect((await archive.backend.store.listRevisions('document', changed[0]!))[0]!.note).toMatch(new RegExp(`^Bulk ${batch}: add collection early-cold-war-treaties`));
    const undone = await editor.post(`/admin/bulk/undo/${batch}`, {});
    expect(undone.html).toContain(`${changed.length} documents put back`);
    expect(await inCollection('early-cold-war-treaties')).toEqual(before);
    const again = await editor.post(`/admin/bulk/undo/${batch}`, {});
    expect(again.html).toContain('0 documents put back');
  });

  it('refuse a record that does not exist, a withdrawal without a reason, and a role without the right, changing nothing', async () => {
    const editor = new Client(app);
    await editor.signIn(ROLE_USERS.editor);
    await editor.get(Q);
    const missing = await editor.post(Q, { action: 'add-subject', id: 'no-such-subject' });
    expect(missing.res.status).toBe(422);
    expect(missing.html).toContain('subject &quot;no-such-subject&quot; does not exist');
    const noReason = await editor.post(Q, { action: 'withdraw', reason: ' ' });
    expect(noReason.res.status).toBe(422);
    const reviewer = new Client(app);
    await reviewer.signIn(ROLE_USERS.reviewer);
    expect((await reviewer.get(Q)).res.status).toBe(403);
    expect((await reviewer.post(Q, { action: 'add-subject', id: 'fisheries' })).res.status).toBe(403);
    expect((await archive.backend.editors.listAudit({ action: 'document.bulk', limit: 10 })).items.filter((e) => e.action === 'document.bulk')).toHaveLength(1);
  });
});
