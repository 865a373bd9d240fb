/**
 * Small pieces shared by several pages: a document in a list, pagination,
 * the sample-data badge, rich text.
 * @module
 */
import type { Child } from 'hono/jsx';
import { displayDate } from '../../domain/display.js';
import type { DocumentSummary } from '../../backends/store.js';
import { documentPath, withQuery, type QueryValues } from '../urls.js';

/** Fictional demo content is marked wherever it appears. */
export function SampleBadge() {
  return (
    <span class="badge badge--sample" title="Fictional text written for the demonstration archive; not a historical record">
      Sample
    </span>
  );
}

/** HTML that was sanitized when it entered the archive (see rich-text.ts). */
export function RichText(props: { html: string; lang?: string; dir?: string; class?: string }) {
  return <div class={`rich-text ${props.class ?? ''}`.trim()} lang={props.lang} dir={props.dir} dangerouslySetInnerHTML={{ __html: props.html }} />;
}

export function DocumentItem(props: { doc: DocumentSummary; snippets?: string[]; headingLevel?: 2 | 3 }) {
  const { doc } = props;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="doc-item">
      <p class="doc-item__date">{displayDate(doc.date)}</p>
      <Heading class="doc-item__title">
        <a href={documentPath(doc.id)}>{doc.title}</a>
        {doc.sample ? <> <SampleBadge /></> : null}
      </Heading>
      {props.snippets && props.snippets.length > 0 ? (
        <div class="doc-item__snippets">
          {props.snippets.map((s) => (
            <p class="snippet" dangerouslySetInnerHTML={{ __html: s }} />
          ))}
        </div>
      ) : doc.summary ? (
        <p class="doc-item__summary">{doc.summary}</p>
      ) : null}
    </li>
  );
}

/**
 * Page links with the current page marked: to `path` keeping the other query
 * parameters in `values`, or to whatever `href` makes of a page number.
 * `maxPage` caps how far the links go.
 */
export function Pagination(
  props: ({ path: string; values: QueryValues } | { href: (page: number) => string }) & { page: number; total: number; perPage: number; label?: string; maxPage?: number },
) {
  const pages = Math.min(Math.max(1, Math.ceil(props.total / props.perPage)), props.maxPage ?? Number.POSITIVE_INFINITY);
  if (pages <= 1) return null;
  const link = 'href' in props ? props.href : (p: number) => withQuery(props.path, { ...props.values, page: p === 1 ? undefined : p });
  const shown = pageWindow(props.page, pages);
  const items: Child[] = [];
  let last = 0;
  for (const p of shown) {
    if (p - last > 1) items.push(<li class="pagination__gap" aria-hidden="true">…</li>);
    items.push(
      <li>
        {p === props.page ? (
          <span class="pagination__current" aria-current="page">
            {p}
          </span>
        ) : (
          <a href={link(p)} aria-label={`Page ${p}`}>
            {p}
          </a>
        )}
      </li>,
    );
    last = p;
  }
  return (
    <nav class="pagination" aria-label={props.label ?? 'Pages'}>
      <ul>
        {props.page > 1 ? (
          <li>
            <a href={link(props.page - 1)} rel="prev">
              ← Previous
            </a>
          </li>
        ) : null}
        {items}
        {props.page < pages ? (
          <li>
            <a href={link(props.page + 1)} rel="next">
              Next →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function pageWindow(current: number, pages: number): number[] {
  const set = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
  return [...set].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
}

/** Each step of the trail at most ~60 characters (FRUS chapter titles run to several lines); the full title shows on hover. */
export function Breadcrumbs(props: { items: { href?: string; label: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {props.items.map((item, i) => {
          const label = shorten(item.label, CRUMB_LENGTH);
          const title = label === item.label ? undefined : item.label;
          return (
            <li>
              {item.href && i < props.items.length - 1 ? (
                <a href={item.href} title={title}>
                  {label}
                </a>
              ) : (
                <span aria-current="page" title={title}>
                  {label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

const CRUMB_LENGTH = 60;

/** `text` cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:—–-]+$/, '')}…`;
}
