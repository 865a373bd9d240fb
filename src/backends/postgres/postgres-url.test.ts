import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { redactPostgresUrl } from './postgres-url.js';

describe('DATABASE_URL', () => {
  it('takes a postgres URL with a host and a database, and names the variable when it is not one, without echoing it', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://dossier:s3cret@db.internal:5433/archive', DATABASE_READ_URL: 'postgresql://ro@replica/archive' });
    expect(config.databaseUrl).toBe('postgres://dossier:s3cret@db.internal:5433/archive');
    expect(config.databaseReadUrl).toBe('postgresql://ro@replica/archive');
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    for (const bad of ['mysql://u:s3cret@h/db', 'postgres://u:s3cret@h', 'postgres://u:s3cret@h/', 'not a url s3cret']) {
      let message = '';
      try {
        loadConfig({ DATABASE_URL: bad });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/DATABASE_URL: expected postgres:\/\//);
      expect(message).not.toContain('s3cret');
    }
  });

  it('shows a URL without its password or query parameters', () => {
    expect(redactPostgresUrl('postgres://dossier:s3cret@db:5432/archive?password=x&sslmode=require')).toBe('postgres://dossier@db:5432/archive');
    expect(redactPostgresUrl('postgres://db/archive')).toBe('postgres://db/archive');
  });
});
