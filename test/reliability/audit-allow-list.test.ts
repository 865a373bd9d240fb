/**
 * The CI audit step's judgement: an advisory not on the allow-list fails, an
 * allowed one passes, an expired allowance fails, and npm's error output
 * (no reachable audit endpoint) is recognised as "not checked", not as clean.
 * The report shape is npm 7+'s `npm audit --json`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { judge, unreachable } from '../../scripts/audit.mjs';

const report = {
  auditReportVersion: 2,
  vulnerabilities: {
    hono: {
      name: 'hono', severity: 'moderate',
      via: [{ source: 1102345, name: 'hono', title: 'Path confusion', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', severity: 'moderate', range: '<4.0.0' }],
    },
    wrapper: { name: 'wrapper', severity: 'moderate', via: ['hono'] },
  },
  metadata: { vulnerabilities: { moderate: 2 } },
};

describe('npm audit allow-list', () => {
  it('fails on an advisory that is not allowed, once per advisory', () => {
    const verdict = judge(report, { advisories: [] }, '2026-01-01');
    expect(verdict.failing.map((a: { id: string }) => a.id)).toEqual(['GHSA-aaaa-bbbb-cccc']);
  });

  it('passes an allowed advisory until its review date', () => {
    const allow = { advisories: [{ id: 'GHSA-aaaa-bbbb-cccc', package: 'hono', reason: 'route not used', until: '2026-06-01' }] };
    expect(judge(report, allow, '2026-01-01').failing).toEqual([]);
    expect(judge(report, allow, '2026-01-01').expired).toEqual([]);
    expect(judge(report, allow, '2026-07-01').expired.map((a: { id: string }) => a.id)).toEqual(['GHSA-aaaa-bbbb-cccc']);
  });

  it('tells an unreachable endpoint from a clean report', () => {
    expect(unreachable({ message: '405 Method Not Allowed', statusCode: 405 })).toBe(true);
    expect(unreachable(undefined)).toBe(true);
    expect(unreachable({ auditReportVersion: 2, vulnerabilities: {} })).toBe(false);
  });

  it('the checked-in allow-list is well formed: every entry has an id, a package, a reason and a review date', () => {
    const allow = JSON.parse(readFileSync(new URL('../../.ci/audit-allow.json', import.meta.url), 'utf8')) as { advisories: Record<string, string>[] };
    for (const entry of allow.advisories) {
      expect(entry.id).toMatch(/^GHSA-/);
      expect(entry.package && entry.reason && /^\d{4}-\d{2}-\d{2}$/.test(entry.until ?? '')).toBeTruthy();
    }
  });
});
