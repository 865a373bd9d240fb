import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { demoSite, text } from './demo-site.js';

let app: Hono<any>;

beforeAll(async () => {
  ({ app } = await demoSite());
});

async function get(path: string) {
  const res = await app.request(path);
  return { status: res.status, page: text(await res.text()) };
}

describe('dates that cannot exist are refused with a message naming them', () => {
  it('refuses an impossible date in the query language (400), naming the value and the reason', async () => {
    const r = await get('/search?q=' + encodeURIComponent('fisheries date:1955-02-30'));
    expect(r.status).toBe(400);
    expect(r.page).toContain('date:1955-02-30');
    expect(r.page).toContain('1955 has no February 30');
    const zero = await get('/search?q=' + encodeURIComponent('date:0000..1960'));
    expect(zero.status).toBe(400);
    expect(zero.page).toContain('there is no year 0000');
  });

  it('still runs a query with a real date, a leap day, and a date range', async () => {
    for (const q of ['date:1956-02-29', 'date:1950..1960', 'cable date:1957']) {
      expect((await get('/search?q=' + encodeURIComponent(q))).status, q).toBe(200);
    }
  });

  it('refuses impossible dates in /dates/ addresses and in the search filters', async () => {
    for (const [path, named] of [
      ['/dates/0000', '"0000"'],
      ['/dates/0000s', '"0000s"'],
      ['/dates/1955-00', '"1955-00"'],
      ['/dates/1955-13', '"1955-13"'],
      ['/search?from=1955-02-30', '"1955-02-30"'],
      ['/search?to=0000', '"0000"'],
      ['/search?from=1955-13-01', '"1955-13-01"'],
    ] as const) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.page, path).toContain(named);
    }
    expect((await get('/dates/1957-05')).status).toBe(200);
    expect((await get('/search?from=1956-02-29&to=1957')).status).toBe(200);
  });
});
