/**
 * Configuration from the environment, read and validated once. Every bad
 * variable is reported at startup, together; no other module reads process.env.
 * @module
 */
import { z } from 'zod';
import { postgresUrlSchema } from './backends/postgres/postgres-url.js';
import { mediaConfigFrom, mediaEnvSchema, type MediaConfig } from './media/media-config.js';

const envSchema = z.object({
  DOSSIER_DATA: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DOSSIER_SITE_NAME: z.string().min(1).max(200).optional(),
  /** The public address of the site, for canonical links and citations, e.g. https://archive.example.org */
  DOSSIER_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).optional(),
  DOSSIER_LOG: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
  /** The archive's contact, named by OAI-PMH's Identify. */
  DOSSIER_ADMIN_EMAIL: z.email().optional(),
  /** Heap budget of the thread `dossier import` works in, in MB. */
  DOSSIER_IMPORT_HEAP_MB: z.coerce.number().int().min(64).default(512),
  /** Heap budget of the thread `dossier import` reads and validates its sources in, in MB; 0 reads them in the import thread. */
  DOSSIER_IMPORT_READ_HEAP_MB: z.coerce.number().int().refine((n) => n === 0 || n >= 32, 'expected 0 or at least 32').default(256),
  /** `1` behind a reverse proxy: client address and scheme come from X-Forwarded-For / X-Forwarded-Proto. */
  DOSSIER_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** PostgreSQL instead of the embedded SQLite file (docs/deploy.md); a replica for public reads. */
  DATABASE_URL: postgresUrlSchema.optional(),
  DATABASE_READ_URL: postgresUrlSchema.optional(),
  /** Scans in an S3-compatible bucket instead of `media/` (docs/deploy.md). */
  ...mediaEnvSchema,
  /** Seals the JSON API's page cursors; several processes serving one archive share it (docs/deploy.md). */
  DOSSIER_CURSOR_KEY: z.string().min(16, 'expected at least 16 characters').optional(),
});

export type Config = Readonly<{
  dataDir: string;
  port: number;
  host: string;
  siteName?: string;
  baseUrl?: string;
  log: 'silent' | 'error' | 'info' | 'debug';
  importHeapMb: number;
  importReadHeapMb: number;
  adminEmail?: string;
  trustProxy: boolean;
  /** May hold a password: show only `redactPostgresUrl(databaseUrl)`. */
  databaseUrl?: string;
  databaseReadUrl?: string;
  /** Where scans are kept; the S3 form may hold a secret key: show only its bucket. */
  media: MediaConfig;
  cursorKey?: string;
}>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const media = mediaConfigFrom(e);
  if (media.issues.length > 0) throw new Error(`Invalid environment:\n${media.issues.map((i) => `  ${i}`).join('\n')}`);
  return Object.freeze({
    dataDir: e.DOSSIER_DATA,
    port: e.PORT,
    host: e.HOST,
    siteName: e.DOSSIER_SITE_NAME,
    baseUrl: e.DOSSIER_BASE_URL?.replace(/\/+$/, ''),
    log: e.DOSSIER_LOG,
    importHeapMb: e.DOSSIER_IMPORT_HEAP_MB,
    importReadHeapMb: e.DOSSIER_IMPORT_READ_HEAP_MB,
    adminEmail: e.DOSSIER_ADMIN_EMAIL,
    trustProxy: e.DOSSIER_TRUST_PROXY === '1' || e.DOSSIER_TRUST_PROXY === 'true',
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    media: media.config,
    cursorKey: e.DOSSIER_CURSOR_KEY,
  });
}
