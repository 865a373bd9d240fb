/**
 * The home page: the archive's name, a search box, its collections and the
 * documents added most recently.
 * @module
 */
import { plural } from '../../domain/display.js';
import type { HomePage } from '../../services/archive.js';
import { spanKey, type DatePage } from '../../services/browse-dates.js';
import { DocumentItem } from './components.js';
import { CollectionCards } from './themes.js';
import { Timeline } from './timeline.js';

const BROWSE: { href: string; label: string; note: string }[] = [
  { href: '/themes', label: 'Themes and regions', note: 'Diplomacy, trade, East Asia…' },
  { href: '/people', label: 'People', note: 'Every name, in every spelling' },
  { href: '/organizations', label: 'Organizations', note: 'Ministries, embassies, societies' },
  { href: '/places', label: 'Places', note: 'From countries to harbours' },
  { href: '/dates', label: 'Dates', note: 'By decade, year and month' },
  { href: '/types', label: 'Document types', note: 'Cables, memoranda, treaties…' },
  { href: '/languages', label: 'Original languages', note: 'Japanese, Russian, Chinese…' },
];

export function HomeView(props: { home: HomePage; siteName: string; tagline: string; demo: boolean; dates: DatePage }) {
  const { home } = props;
  return (
    <>
      <section class="hero">
        <div class="hero__inner">
          <h1>{props.siteName}</h1>
          <p class="hero__tagline">{props.tagline}</p>
          <form class="hero__search" role="search" aria-label="Archive" action="/search" method="get">
            <label for="home-q">Search {plural(home.stats.published, 'document')}</label>
            <div class="search-row">
              <input id="home-q" type="search" name="q" placeholder="Names, places, words or “exact phrases”" />
              <button type="submit">Search</button>
            </div>
          </form>
          {props.demo ? (
            <p class="notice notice--sample">
              This is a demonstration archive. Documents marked <strong>Sample</strong> are fictional, written to show how
              Dossier presents cables, translations and originals; the others are real documents described by their
              facts only, with summaries written for this demonstration.
            </p>
          ) : null}
        </div>
      </section>
      <div class="page page--wide">
        <section aria-labelledby="collections-heading">
          <h2 id="collections-heading">Collections</h2>
          <CollectionCards collections={home.collections} />
          <p>
            <a href="/collections">All collections, by theme and region →</a>
          </p>
        </section>
        <section aria-labelledby="browse-heading">
          <h2 id="browse-heading">Browse the archive</h2>
          <ul class="browse-links">
            {BROWSE.map((b) => (
              <li>
                <a href={b.href}>{b.label}</a>
                <p>{b.note}</p>
              </li>
            ))}
          </ul>
          {props.dates.buckets.length > 0 ? (
            <Timeline
              bars={props.dates.buckets.map((b) => ({ key: spanKey(b.span), year: b.span.kind === 'decade' ? b.span.decade : 0, count: b.count }))}
              step={10}
              label="Documents per decade"
            />
          ) : null}
        </section>
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recently added</h2>
          <ul class="doc-list">
            {home.recent.map((d) => (
              <DocumentItem doc={d} />
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
