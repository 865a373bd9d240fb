/**
 * Where the archive's scans are kept, from the environment (config.ts reads
 * it once): the `media/` folder beside the archive by default, or an
 * S3-compatible bucket when `DOSSIER_MEDIA_URL=s3://bucket/prefix` is set.
 * An endpoint (`DOSSIER_S3_ENDPOINT`) means a server other than Amazon's —
 * MinIO, Ceph, Garage, a local test server — which is addressed path-style
 * (`http://host/bucket/key`) unless told otherwise, since such servers rarely
 * have a DNS name per bucket.
 * @module
 */
import { z } from 'zod';

export interface S3MediaConfig {
  bucket: string;
  /** Key prefix without slashes at either end; '' for the bucket's root. */
  prefix: string;
  endpoint?: string;
  region: string;
  pathStyle: boolean;
  /** Absent: the AWS SDK's own chain (AWS_ACCESS_KEY_ID…, an instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export type MediaConfig = { kind: 'folder' } | ({ kind: 's3' } & S3MediaConfig);

// Bucket names as S3 allows them (3–63 lowercase letters, digits, dots, hyphens); keys below as media paths are.
const mediaUrl = z
  .string()
  .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](?:\/[A-Za-z0-9._\-/]*)?$/, { error: 'expected s3://bucket or s3://bucket/prefix' });

/** The variables this module reads; config.ts merges them into its schema. */
export const mediaEnvSchema = {
  /** `s3://bucket/prefix`: keep scans in that bucket instead of the `media/` folder. */
  DOSSIER_MEDIA_URL: mediaUrl.optional(),
  DOSSIER_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).optional(),
  DOSSIER_S3_REGION: z.string().min(1).default('us-east-1'),
  DOSSIER_S3_PATH_STYLE: z.enum(['0', '1', 'true', 'false']).optional(),
  DOSSIER_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  DOSSIER_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
};

type MediaEnv = z.output<z.ZodObject<typeof mediaEnvSchema>>;

/** The media configuration from parsed variables; the problems (missing halves of a pair, say) as messages. */
export function mediaConfigFrom(env: MediaEnv): { config: MediaConfig; issues: string[] } {
  const issues: string[] = [];
  const s3Only = (['DOSSIER_S3_ENDPOINT', 'DOSSIER_S3_PATH_STYLE', 'DOSSIER_S3_ACCESS_KEY_ID', 'DOSSIER_S3_SECRET_ACCESS_KEY'] as const).filter((k) => env[k] !== undefined);
  if (!env.DOSSIER_MEDIA_URL) {
    for (const k of s3Only) issues.push(`${k}: only used with DOSSIER_MEDIA_URL=s3://…, which is not set`);
    return { config: { kind: 'folder' }, issues };
  }
  if (Boolean(env.DOSSIER_S3_ACCESS_KEY_ID) !== Boolean(env.DOSSIER_S3_SECRET_ACCESS_KEY)) {
    issues.push('DOSSIER_S3_ACCESS_KEY_ID / DOSSIER_S3_SECRET_ACCESS_KEY: give both or neither');
  }
  const [bucket = '', ...rest] = env.DOSSIER_MEDIA_URL.slice('s3://'.length).split('/');
  const pathStyle = env.DOSSIER_S3_PATH_STYLE === undefined ? env.DOSSIER_S3_ENDPOINT !== undefined : env.DOSSIER_S3_PATH_STYLE === '1' || env.DOSSIER_S3_PATH_STYLE === 'true';
  const credentials = env.DOSSIER_S3_ACCESS_KEY_ID && env.DOSSIER_S3_SECRET_ACCESS_KEY ? { accessKeyId: env.DOSSIER_S3_ACCESS_KEY_ID, secretAccessKey: env.DOSSIER_S3_SECRET_ACCESS_KEY } : undefined;
  return {
    config: { kind: 's3', bucket, prefix: rest.filter(Boolean).join('/'), endpoint: env.DOSSIER_S3_ENDPOINT?.replace(/\/+$/, ''), region: env.DOSSIER_S3_REGION, pathStyle, credentials },
    issues,
  };
}
