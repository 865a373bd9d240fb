/**
 * Option values checked as commander parses them, so an error names the
 * option as typed (`option '-n, --limit <n>' argument 'abc' is invalid`)
 * rather than a field of some schema behind it, and exits as a usage error.
 * @module
 */
import { InvalidArgumentError } from 'commander';
import type { Issue } from '../domain/errors.js';

/** A parser for a whole number in [min, max]. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** Issues of a schema, re-labelled with the options they came from (`perPage` → `--limit`). */
export function asOptionIssues(issues: Issue[], options: Record<string, string>): Issue[] {
  return issues.map((issue) => {
    const field = issue.path.split('.')[0] ?? '';
    return field in options ? { ...issue, path: options[field]! } : issue;
  });
}
