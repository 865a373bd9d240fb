/**
 * Themes and regions: an index of both, and a theme's page with its
 * description, its collections, a timeline of its documents by year, and the
 * documents themselves in date order.
 * @module
 */
import type { Collection } from '../../domain/collection.js';
import { plural } from '../../domain/display.js';
import type { Theme, ThemePage } from '../../services/themes.js';
import { authorityPath, collectionPath, searchPath, themePath } from '../urls.js';
import { Breadcrumbs, DocumentItem, Pagination } from './components.js';
import { Timeline } from './timeline.js';

export function ThemesIndexView(props: { themes: Theme[] }) {
  const themes = props.themes.filter((t) => t.kind === 'theme');
  const regions = props.themes.filter((t) => t.kind === 'region');
  return (
    <div class="page page--wide">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, { label: 'Themes' }]} />
      <h1>Themes and regions</h1>
      <p class="lede">The subjects and parts of the world the collections are gathered around. Each leads to its collections and a timeline of its documents.</p>
      <div class="theme-columns">
        <ThemeList id="themes-h" heading="Themes" themes={themes} />
        <ThemeList id="regions-h" heading="Regions" themes={regions} />
      </div>
    </div>
  );
}

function ThemeList(props: { id: string; heading: string; themes: Theme[] }) {
  if (props.themes.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      <ul class="theme-list">
        {props.themes.map((t) => (
          <li>
            <a href={themePath(t.slug)} class="theme-list__name">
              {t.name}
            </a>{' '}
            <span class="name-index__count">
              {plural(t.collections.length, 'collection')}, {plural(t.count, 'document')}
            </span>
            {t.description ? <p class="theme-list__desc">{t.description}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ThemeView(props: { page: ThemePage }) {
  const { theme, timeline, documents } = props.page;
  const first = (props.page.page - 1) * props.page.perPage + 1;
  const bars = timeline.buckets.map((b) => ({ key: b.key, year: Number(b.key), count: b.count }));
  return (
    <div class="page page--wide">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, { href: '/themes', label: 'Themes' }, { label: theme.name }]} />
      <header class="authority-header">
        <p class="eyebrow">{theme.kind === 'region' ? 'Region' : 'Theme'}</p>
        <h1>{theme.name}</h1>
        {theme.description ? <p class="lede">{theme.description}</p> : null}
        <p class="muted">
          {plural(theme.collections.length, 'collection')} and {plural(theme.count, 'published document')}.
          {theme.place ? (
            <>
              {' '}
              See also <a href={authorityPath('place', theme.place.id)}>documents that name {theme.place.name}</a>.
            </>
          ) : null}
          {theme.subject ? (
            <>
              {' '}
              See also <a href={authorityPath('subject', theme.subject.id)}>documents on the subject of {theme.subject.name.toLowerCase()}</a>.
            </>
          ) : null}
        </p>
      </header>

      <section aria-labelledby="featured-h">
        <h2 id="featured-h">Collections</h2>
        <CollectionCards collections={theme.collections} />
      </section>

      {bars.length > 0 ? (
        <section aria-labelledby="timeline-h">
          <h2 id="timeline-h">Timeline</h2>
          <Timeline bars={bars} label={`Documents per year in ${theme.name}`} />
          <p class="timeline__legend">
            {bars.map((b, i) => (
              <>
                {i > 0 ? ' · ' : ''}
                <a href={`/dates/${b.key}`}>{b.key}</a> <span class="muted">({b.count})</span>
              </>
            ))}
            {timeline.coarser > 0 ? <span class="muted"> · {plural(timeline.coarser, 'document')} dated across years</span> : null}
            {timeline.undated > 0 ? <span class="muted"> · {timeline.undated} undated</span> : null}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="documents-h">
        <h2 id="documents-h">Documents</h2>
        <p class="muted">
          {documents.total > documents.items.length ? `${first}–${first + documents.items.length - 1} of ` : ''}
          {plural(documents.total, 'document')} in these collections, oldest first.{' '}
          <a href={searchPath({ collections: props.page.collectionIds })}>Search them</a>, or narrow them by person, place or date.
        </p>
        <ul class="doc-list doc-list--compact">
          {documents.items.map((d) => (
            <DocumentItem doc={{ ...d, summary: undefined }} />
          ))}
        </ul>
        <Pagination path={themePath(theme.slug)} values={{}} page={props.page.page} total={documents.total} perPage={props.page.perPage} />
      </section>
    </div>
  );
}

export function CollectionCards(props: { collections: (Collection & { count: number })[]; headingLevel?: 2 | 3 }) {
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="collection-grid">
      {props.collections.map((c) => (
        <li class="collection-card">
          <Heading>
            <a href={collectionPath(c.id)}>{c.title}</a>
            {c.sample ? <> <span class="badge badge--sample">Sample</span></> : null}
          </Heading>
          {c.shortDescription ? <p>{c.shortDescription}</p> : null}
          <p class="collection-card__count">{plural(c.count, 'document')}</p>
        </li>
      ))}
    </ul>
  );
}
