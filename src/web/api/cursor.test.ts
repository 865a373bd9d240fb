import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.js';
import { Cursors } from './cursor.js';

function issue(fn: () => unknown): { path: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues[0];
    throw e;
  }
  return undefined;
}

describe('Cursors', () => {
  const cursors = new Cursors('a key');

  it('round-trips a position for the query that issued it', () => {
    expect(cursors.decode('search?q=x', cursors.encode('search?q=x', 40))).toBe(40);
    expect(cursors.decode('search?q=x', undefined)).toBe(0);
  });

  it('refuses a cursor from another query, another key, or one that was altered, naming the parameter', () => {
    const c = cursors.encode('search?q=x', 40);
    expect(issue(() => cursors.decode('search?q=y', c))).toMatchObject({ path: 'cursor', message: expect.stringContaining('another query') });
    expect(issue(() => new Cursors('other key').decode('search?q=x', c))?.path).toBe('cursor');
    const [body, mac] = c.split('.');
    const forged = `${Buffer.from(Buffer.from(body!, 'base64url').toString().replace('40', '4000')).toString('base64url')}.${mac}`;
    expect(issue(() => cursors.decode('search?q=x', forged))?.path).toBe('cursor');
    for (const junk of ['x', '.', '..', 'a.b.c', '\u0000']) expect(issue(() => cursors.decode('search?q=x', junk))?.path).toBe('cursor');
  });
});
