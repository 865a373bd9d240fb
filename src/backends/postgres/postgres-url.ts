/**
 * The PostgreSQL connection URL, validated once where it enters (the
 * environment or a command's option), and the form of it Dossier may show:
 * without its password, so logs, errors and `location` never carry it.
 * @module
 */
import { z } from 'zod';

export const postgresUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
    } catch {
      return false;
    }
  }, { error: 'expected postgres://user:password@host:port/database (a host and a database are required)' });

/** The URL without its password (and without any query parameters, which may hold one too). */
export function redactPostgresUrl(value: string): string {
  const url = new URL(value);
  url.password = '';
  url.search = '';
  return url.toString();
}
