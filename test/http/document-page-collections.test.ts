/**
 * A document page names its collections (the breadcrumb, "In its
 * collection") from the collection records the site keeps per version of the
 * archive, indexed once per list (services/archive.ts). A renamed collection
 * shows in the next page of every site on the archive within the change
 * marker's poll, and the index of the old list is never asked again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Collection } from '../../src/domain/collection.js';
import type { Archive } from '../../src/services/archive.js';
import { createWebApp } from '../../src/web/app.js';
import { documentPath } from '../../src/web/urls.js';
import { openTestArchive } from '../helpers.js';
import { until } from '../until.js';
import { text } from './demo-site.js';

let archive: Archive;
beforeAll(async () => {
  archive = await openTestArchive({ demo: true });
});

/** Two sites on one archive, as two web processes: each keeps its own collection records, the page cache off. */
const sites = (): Hono<any>[] => [createWebApp(archive, { log: 'silent', cache: false }), createWebApp(archive, { log: 'silent', cache: false })];
const page = async (app: Hono<any>, id: string) => {
  const res = await app.request(documentPath(id));
  expect(res.status, id).toBe(200);
  return text(await res.text());
};

describe('collections on a document page', () => {
  it('show a renamed collection and its renamed parent in the next page of every site', async () => {
    const { store } = archive.backend;
    const collections = await store.listCollections();
    const child = collections.find((c) => c.parent && collections.some((p) => p.id === c.parent));
    expect(child, 'a demo collection inside another').toBeDefined();
    const parent = collections.find((c) => c.id === child!.parent)!;
    const id = (await store.listDocuments({ collection: child!.id, limit: 1 })).items[0]?.id;
    expect(id, `a published document in ${child!.id}`).toBeDefined();

    const apps = sites();
    for (const app of apps) {
      const shown = await page(app, id!);
      expect(shown).toContain(child!.title);
      expect(shown).toContain(parent.title);
      // Asked again under the same version: the same names, from the index of the same list.
      expect(await page(app, id!)).toBe(shown);
    }

    const renamed = async (c: Collection, title: string) => void (await archive.save({ ...c, title }, { actor: 'test' }));
    await renamed(child!, 'Cables renamed after the first visit');
    await renamed(parent, 'Series renamed after the first visit');
    for (const app of apps) {
      const shown = await until('the renamed collections on the page', async () => {
        const now = await page(app, id!);
        return now.includes('Cables renamed after the first visit') && now.includes('Series renamed after the first visit') && now;
      });
      expect(shown).not.toContain(child!.title);
      expect(shown).not.toContain(parent.title);
    }
  });
});
