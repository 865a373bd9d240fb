/**
 * Browsing by date: the decades, a decade's years, a year's months, each with
 * counts and a timeline, and the documents of the span in date order.
 * Documents dated less precisely than the span's parts are listed and
 * counted as such ("dated to the year only"), never placed in a month.
 * @module
 */
import { plural } from '../../domain/display.js';
import { parentSpan, spanKey, spanLabel, type DatePage, type DateSpan } from '../../services/browse-dates.js';
import { datePath, searchPath, type SearchFilter } from '../urls.js';
import { Breadcrumbs, DocumentItem, Pagination } from './components.js';
import { Timeline } from './timeline.js';

const COARSER: Partial<Record<DateSpan['kind'], string>> = {
  all: 'dated across more than one decade',
  decade: 'dated to the decade only, or across years',
  year: 'dated to the year only, or across months',
};

const CHILD_NAME: Partial<Record<DateSpan['kind'], string>> = { all: 'Decades', decade: 'Years', year: 'Months' };

export function DatesView(props: { page: DatePage }) {
  const p = props.page;
  const { span } = p;
  const crumbs: { href?: string; label: string }[] = [];
  for (let s: DateSpan | undefined = parentSpan(span); s; s = parentSpan(s)) crumbs.unshift({ href: datePath(spanKey(s)), label: spanLabel(s) });
  // Decades and years are search facets; a month is a date range (YYYY-MM bounds cover the month whole).
  const search: SearchFilter | undefined =
    span.kind === 'decade' ? { decade: span.decade } : span.kind === 'year' ? { year: span.year } : span.kind === 'month' ? { from: spanKey(span), to: spanKey(span) } : undefined;
  const docs = p.documents;
  const first = (p.page - 1) * p.perPage + 1;
  const bars = p.buckets.map((b) => ({
    key: spanKey(b.span),
    year: b.span.kind === 'decade' ? b.span.decade : b.span.kind === 'year' ? b.span.year : b.span.kind === 'month' ? b.span.month : 0,
    count: b.count,
  }));
  return (
    <div class="page page--wide">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, ...crumbs, { label: span.kind === 'all' ? 'Dates' : spanLabel(span) }]} />
      <h1>{span.kind === 'all' ? 'Browse by date' : spanLabel(span)}</h1>
      {span.kind === 'all' ? (
        <p class="lede">Every published document by the decade, year and month it was written. A document appears under a month only when its date names the month.</p>
      ) : null}
      {p.previous || p.next ? (
        <nav class="span-nav" aria-label={`Other ${span.kind === 'month' ? 'months' : span.kind === 'year' ? 'years' : 'decades'}`}>
          <ul>
            <li>{p.previous ? <a href={datePath(spanKey(p.previous))} rel="prev">← {spanLabel(p.previous)}</a> : null}</li>
            <li>{p.next ? <a href={datePath(spanKey(p.next))} rel="next">{spanLabel(p.next)} →</a> : null}</li>
          </ul>
        </nav>
      ) : null}

      {p.buckets.length > 0 ? (
        <section aria-labelledby="spans-h">
          <h2 id="spans-h">{CHILD_NAME[span.kind]}</h2>
          {span.kind === 'year' ? null : (
            <Timeline bars={bars} step={span.kind === 'all' ? 10 : 1} label={`Documents per ${span.kind === 'all' ? 'decade' : 'year'}`} />
          )}
          <ul class={`span-list span-list--${span.kind}`}>
            {p.buckets.map((b) => (
              <li>
                <a href={datePath(spanKey(b.span))}>{b.span.kind === 'month' ? spanLabel(b.span).split(' ')[0] : spanLabel(b.span).replace(/^The /, '')}</a>{' '}
                <span class="name-index__count">{plural(b.count, 'document')}</span>
              </li>
            ))}
          </ul>
          {p.coarser > 0 ? (
            <p class="muted">
              And {plural(p.coarser, 'document')} {COARSER[span.kind]}
              {span.kind === 'all' ? '.' : ', listed below.'}
            </p>
          ) : null}
          {span.kind === 'all' && p.undated > 0 ? (
            <p>
              <a href={datePath('undated')}>Undated documents</a> <span class="name-index__count">{plural(p.undated, 'document')}</span>
            </p>
          ) : null}
        </section>
      ) : null}

      {docs ? (
        <section aria-labelledby="documents-h">
          <h2 id="documents-h">Documents</h2>
          <p class="muted">
            {docs.total === 0
              ? 'No published documents are dated within this span.'
              : `${docs.total > docs.items.length ? `${first}–${first + docs.items.length - 1} of ` : ''}${plural(docs.total, 'document')}, oldest first.`}
            {search && docs.total > 0 ? (
              <>
                {' '}
                <a href={searchPath(search)}>Search within these dates</a>.
              </>
            ) : null}
          </p>
          <ul class="doc-list">
            {docs.items.map((d) => (
              <DocumentItem doc={d} />
            ))}
          </ul>
          <Pagination path={datePath(spanKey(span))} values={{}} page={p.page} total={docs.total} perPage={p.perPage} />
        </section>
      ) : null}
    </div>
  );
}
