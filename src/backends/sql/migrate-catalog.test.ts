/**
 * What an archive's record of migrations says about the version that wrote
 * it: an older archive (a beginning of this version's list) migrates; one
 * with a migration this version lacks, or missing one of ours before others
 * it ran, is named as another version's.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { describeMigrationMismatch } from './migrate-catalog.js';

const KNOWN = ['0001-init', '0003-editors', '0004b-oai', '0005c-postgres'];

describe('describeMigrationMismatch', () => {
  it('finds nothing wrong with an archive of this version or an older one', () => {
    for (let n = 0; n <= KNOWN.length; n++) expect(describeMigrationMismatch(KNOWN, KNOWN.slice(0, n))).toBeUndefined();
  });

  it('names the migrations this version does not have', () => {
    expect(describeMigrationMismatch(KNOWN, [...KNOWN, '0009x-later', '0008e-other'])).toBe(
      'was written by a newer or another version of Dossier: it has had the migrations 0008e-other, 0009x-later, which this version does not have',
    );
  });

  it('names the migrations of ours it lacks before ones it ran', () => {
    expect(describeMigrationMismatch(KNOWN, ['0001-init', '0004b-oai'])).toBe(
      'was set up by another version of Dossier: it has had migrations up to 0004b-oai but not the migration 0003-editors, which this version would have had to run before them',
    );
  });
});
