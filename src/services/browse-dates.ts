/**
 * Browsing by date: decades → years → months, each with counts of published
 * documents and the documents themselves in date order. A document belongs to
 * a span only when its whole date lies in it (a letter of "1955" is in 1955
 * but in no month of it; "1955/1956" is in the 1950s but in neither year), so
 * counts and lists always agree and no precision is invented.
 * @module
 */
import { z } from 'zod';
import { checkDateBound, daysInMonth, MONTH_NAMES, quoteInput } from '../domain/partial-date.js';
import type { DateHistogram, DateUnit, DocumentSummary, Page } from '../backends/store.js';
import type { Archive } from './archive.js';

export type DateSpan =
  | { kind: 'all' }
  | { kind: 'undated' }
  | { kind: 'decade'; decade: number }
  | { kind: 'year'; year: number }
  | { kind: 'month'; year: number; month: number };

/** `1950s`, `1955`, `1955-06` or `undated`, as in `/dates/<span>`. */
export const dateSpanSchema = z
  .string()
  .superRefine((s, ctx) => {
    const shape = /^(?:\d{3}0s|\d{4}|\d{4}-\d{2}|undated)$/.test(s);
    const checked = !shape || s === 'undated' ? undefined : checkDateBound(s.replace(/s$/, ''));
    if (shape && (!checked || checked.ok)) return;
    const why = checked && !checked.ok ? checked.error : 'expected a decade (1950s), a year (1955), a month (1955-06) or "undated"';
    ctx.addIssue({ code: 'custom', message: `${quoteInput(s)} is not a span of dates: ${why}` });
  })
  .transform((s): DateSpan => {
    if (s === 'undated') return { kind: 'undated' };
    if (s.endsWith('s')) return { kind: 'decade', decade: Number(s.slice(0, 4)) };
    if (s.length === 4) return { kind: 'year', year: Number(s) };
    return { kind: 'month', year: Number(s.slice(0, 4)), month: Number(s.slice(5, 7)) };
  });

export interface DateBucketView {
  span: DateSpan;
  count: number;
}

export interface DatePage {
  span: DateSpan;
  /** The spans inside this one that hold documents (years of a decade, months of a year). */
  buckets: DateBucketView[];
  /** Documents in this span dated less precisely than its buckets (a decade's "195X", a year's "1955"). */
  coarser: number;
  /** All undated published documents (on the index only). */
  undated: number;
  /** The neighbouring spans of the same size that hold documents. */
  previous?: DateSpan;
  next?: DateSpan;
  documents?: Page<DocumentSummary>;
  page: number;
  perPage: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** First and last ISO day of a span. */
export function spanRange(span: DateSpan): { from: string; to: string } | undefined {
  switch (span.kind) {
    case 'decade':
      return { from: `${span.decade}-01-01`, to: `${span.decade + 9}-12-31` };
    case 'year':
      return { from: `${span.year}-01-01`, to: `${span.year}-12-31` };
    case 'month':
      return { from: `${span.year}-${pad(span.month)}-01`, to: `${span.year}-${pad(span.month)}-${pad(daysInMonth(span.year, span.month))}` };
    default:
      return undefined;
  }
}

/** The span's URL segment: `1950s`, `1955`, `1955-06`, `undated`. */
export function spanKey(span: DateSpan): string {
  switch (span.kind) {
    case 'all':
      return '';
    case 'undated':
      return 'undated';
    case 'decade':
      return `${span.decade}s`;
    case 'year':
      return String(span.year);
    case 'month':
      return `${span.year}-${pad(span.month)}`;
  }
}

export function spanLabel(span: DateSpan): string {
  switch (span.kind) {
    case 'all':
      return 'All dates';
    case 'undated':
      return 'Undated';
    case 'decade':
      return `The ${span.decade}s`;
    case 'year':
      return String(span.year);
    case 'month':
      return `${MONTH_NAMES[span.month - 1]} ${span.year}`;
  }
}

/** The span one level up (a month's year, a year's decade). */
export function parentSpan(span: DateSpan): DateSpan | undefined {
  if (span.kind === 'month') return { kind: 'year', year: span.year };
  if (span.kind === 'year') return { kind: 'decade', decade: span.year - (span.year % 10) };
  if (span.kind === 'decade' || span.kind === 'undated') return { kind: 'all' };
  return undefined;
}

const CHILD_UNIT: Partial<Record<DateSpan['kind'], DateUnit>> = { all: 'decade', decade: 'year', year: 'month' };

function bucketSpan(unit: DateUnit, key: string): DateSpan {
  if (unit === 'decade') return { kind: 'decade', decade: Number(key) };
  if (unit === 'year') return { kind: 'year', year: Number(key) };
  return { kind: 'month', year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)) };
}

export async function datePage(archive: Archive, span: DateSpan, page: number, perPage = 50): Promise<DatePage> {
  const { store } = archive.backend;
  const range = spanRange(span);
  const unit = CHILD_UNIT[span.kind];
  const histogram: DateHistogram = unit
    ? await store.dateHistogram({ unit, from: range?.from, to: range?.to })
    : { buckets: [], coarser: 0, undated: 0 };
  const documents =
    span.kind === 'all'
      ? undefined
      : await store.listDocuments({
          ...(span.kind === 'undated' ? { undated: true } : { dated: range! }),
          order: 'date',
          limit: perPage,
          offset: (page - 1) * perPage,
        });
  const { previous, next } = await siblings(archive, span);
  return {
    span,
    buckets: histogram.buckets.map((b) => ({ span: bucketSpan(unit!, b.key), count: b.count })),
    coarser: histogram.coarser,
    undated: span.kind === 'all' ? histogram.undated : 0,
    previous,
    next,
    documents,
    page,
    perPage,
  };
}

/** The nearest spans of the same size, before and after, that hold documents. */
async function siblings(archive: Archive, span: DateSpan): Promise<{ previous?: DateSpan; next?: DateSpan }> {
  if (span.kind === 'all' || span.kind === 'undated') return {};
  const unit: DateUnit = span.kind;
  const { buckets } = await archive.backend.store.dateHistogram({ unit });
  const key = unit === 'decade' ? String((span as { decade: number }).decade) : spanKey(span);
  const before = buckets.filter((b) => b.key < key).at(-1);
  const after = buckets.find((b) => b.key > key);
  return { previous: before && bucketSpan(unit, before.key), next: after && bucketSpan(unit, after.key) };
}
