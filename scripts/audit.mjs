#!/usr/bin/env node
/**
 * `npm audit --omit=dev` against an explicit allow-list (.ci/audit-allow.json):
 * fails on any advisory for a runtime dependency that the list does not name,
 * and on list entries past their review date. When the registry's audit
 * endpoint cannot be reached (offline, or a mirror without it) it says so
 * plainly and exits 0: an unreachable service is not a vulnerability, and
 * CI must not fail on the network; the line in the log is the signal.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Advisories in an `npm audit --json` report (npm 7+), one per GHSA id. */
export function advisories(report) {
  const found = new Map();
  for (const [pkg, vuln] of Object.entries(report.vulnerabilities ?? {})) {
    for (const via of vuln.via ?? []) {
      if (typeof via !== 'object') continue; // a string names the dependency it comes through
      const id = /GHSA-[\w-]+/.exec(via.url ?? '')?.[0] ?? `npm-${via.source}`;
      if (!found.has(id)) found.set(id, { id, package: via.name ?? pkg, title: via.title, severity: via.severity, url: via.url });
    }
  }
  return [...found.values()];
}

/** What the report and the allow-list mean together: advisories to fail on, and expired allowances. */
export function judge(report, allow, today = new Date().toISOString().slice(0, 10)) {
  const allowed = new Map((allow.advisories ?? []).map((a) => [a.id, a]));
  const found = advisories(report);
  return {
    found,
    failing: found.filter((a) => !allowed.has(a.id)),
    expired: [...allowed.values()].filter((a) => a.until && a.until < today),
    unused: [...allowed.values()].filter((a) => !found.some((f) => f.id === a.id)),
  };
}

/** True when the output is npm's own error (the endpoint answered no audit), not a report. */
export function unreachable(report) {
  return !report || typeof report !== 'object' || (!('vulnerabilities' in report) && ('error' in report || 'message' in report || 'statusCode' in report));
}

async function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const allow = JSON.parse(readFileSync(new URL('../.ci/audit-allow.json', import.meta.url), 'utf8'));
  const stdout = await new Promise((done) => {
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (_error, out) => done(out ?? ''));
  });
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    report = undefined;
  }
  if (unreachable(report)) {
    const why = report?.message ?? report?.error?.summary ?? (stdout.trim().slice(0, 200) || 'no output');
    console.log(`audit: NOT CHECKED — the registry's audit endpoint could not be reached (${why}). Run \`npm run audit\` where it can.`);
    return 0;
  }
  const { found, failing, expired, unused } = judge(report, allow);
  console.log(`audit: ${found.length} advisories for runtime dependencies, ${found.length - failing.length} allowed`);
  for (const a of failing) console.log(`  NOT ALLOWED ${a.id} ${a.package} (${a.severity}): ${a.title} ${a.url ?? ''}`);
  for (const a of expired) console.log(`  EXPIRED allowance ${a.id} ${a.package}: review date ${a.until} has passed`);
  for (const a of unused) console.log(`  unused allowance ${a.id} ${a.package}: remove it from .ci/audit-allow.json`);
  return failing.length || expired.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
