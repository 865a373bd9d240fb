/**
 * The home page: the archive's name, a search box, its collections and the
 * documents added most recently.
 * @module
 */
import { plural } from '../../domain/display.js';
import type { HomePage } from '../../services/archive.js';
import { collectionPath } from '../urls.js';
import { DocumentItem } from './components.js';

export function HomeView(props: { home: HomePage; siteName: string; tagline: string; demo: boolean }) {
  const { home } = props;
  return (
    <>
      <section class="hero">
        <div class="hero__inner">
          <h1>{props.siteName}</h1>
          <p class="hero__tagline">{props.tagline}</p>
          <form class="hero__search" role="search" action="/search" method="get">
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
          <ul class="collection-grid">
            {home.collections.map((c) => (
              <li class="collection-card">
                <h3>
                  <a href={collectionPath(c.id)}>{c.title}</a>
                </h3>
                {c.shortDescription ? <p>{c.shortDescription}</p> : null}
                <p class="collection-card__count">{plural(c.count, 'document')}</p>
              </li>
            ))}
          </ul>
          <p>
            <a href="/collections">All collections →</a>
          </p>
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
