/**
 * Validating responses with xmllint against the published schemas kept in
 * test/fixtures/schemas (see its README). `--nonet` makes a schema that
 * tries to fetch an import fail instead of reaching the network.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES } from '../helpers.js';

export const SCHEMAS = {
  oaiPmh: join(FIXTURES, 'schemas', 'oai-pmh', 'oai-pmh-all.xsd'),
  sitemap: join(FIXTURES, 'schemas', 'sitemaps', 'sitemap.xsd'),
  sitemapIndex: join(FIXTURES, 'schemas', 'sitemaps', 'siteindex.xsd'),
};

/** xmllint's complaints about a document, or [] when it is valid. */
export function schemaErrors(xml: string, schema: string): string[] {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`xmllint could not run (apt-get install -y libxml2-utils): ${run.error.message}`);
  if (run.status === 0) return [];
  return run.stderr.split('\n').filter((l) => l.trim() && !/validates$/.test(l));
}
