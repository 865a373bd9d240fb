/**
 * The HTTP tests run twice (vitest.config.ts): this says which database the
 * archives of this run are on, so a `postgres` run that silently fell back to
 * SQLite shows up as a failure rather than as a second SQLite run.
 * @module
 */
import { expect, inject, it } from 'vitest';
import { openTestArchive } from '../helpers.js';

it('opens the test archives on the database of its project', async () => {
  const archive = await openTestArchive();
  try {
    expect(archive.backend.kind).toBe(inject('postgresServer') ? 'postgres' : 'sqlite');
    if (archive.backend.kind === 'postgres') expect(archive.location).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/t_/);
  } finally {
    await archive.close();
  }
});
