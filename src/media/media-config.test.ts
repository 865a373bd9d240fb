/** DOSSIER_MEDIA_URL and the S3 variables, read through loadConfig as a process reads them. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

describe('media configuration', () => {
  it('keeps scans in the media folder unless a bucket is named', () => {
    expect(loadConfig({}).media).toEqual({ kind: 'folder' });
  });

  it('reads a bucket and prefix, addressing a named endpoint path-style', () => {
    const media = loadConfig({ DOSSIER_MEDIA_URL: 's3://dossier-scans/archive-a/media/', DOSSIER_S3_ENDPOINT: 'http://127.0.0.1:9000/', DOSSIER_S3_ACCESS_KEY_ID: 'k', DOSSIER_S3_SECRET_ACCESS_KEY: 's' }).media;
    expect(media).toEqual({ kind: 's3', bucket: 'dossier-scans', prefix: 'archive-a/media', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true, credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
  });

  it("uses Amazon's virtual-host addressing and the SDK's own credentials when no endpoint or keys are given", () => {
    const media = loadConfig({ DOSSIER_MEDIA_URL: 's3://dossier-scans', DOSSIER_S3_REGION: 'eu-west-3' }).media;
    expect(media).toMatchObject({ kind: 's3', bucket: 'dossier-scans', prefix: '', region: 'eu-west-3', pathStyle: false, credentials: undefined });
    expect(loadConfig({ DOSSIER_MEDIA_URL: 's3://dossier-scans', DOSSIER_S3_PATH_STYLE: '1' }).media).toMatchObject({ pathStyle: true });
  });

  it('refuses a bad address, half a key pair, or S3 settings without a bucket, naming the variables and never a secret', () => {
    expect(() => loadConfig({ DOSSIER_MEDIA_URL: 'https://bucket.example.org/x' })).toThrow(/DOSSIER_MEDIA_URL: expected s3:\/\/bucket/);
    expect(() => loadConfig({ DOSSIER_MEDIA_URL: 's3://Bad_Bucket' })).toThrow(/DOSSIER_MEDIA_URL/);
    expect(() => loadConfig({ DOSSIER_MEDIA_URL: 's3://scans', DOSSIER_S3_ENDPOINT: 'ftp://x' })).toThrow(/DOSSIER_S3_ENDPOINT/);
    let message = '';
    try {
      loadConfig({ DOSSIER_MEDIA_URL: 's3://scans', DOSSIER_S3_SECRET_ACCESS_KEY: 'very-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DOSSIER_S3_ACCESS_KEY_ID \/ DOSSIER_S3_SECRET_ACCESS_KEY: give both or neither/);
    expect(message).not.toContain('very-secret');
    expect(() => loadConfig({ DOSSIER_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/DOSSIER_S3_ENDPOINT: only used with DOSSIER_MEDIA_URL/);
  });
});
