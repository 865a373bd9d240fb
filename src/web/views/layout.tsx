/**
 * The frame of every page: skip link, header with the archive's name and a
 * search box, main landmark, footer. Pages pass their title and content.
 * @module
 */
import type { Child } from 'hono/jsx';
import type { SiteInfo } from '../../services/archive.js';

export interface LayoutProps {
  site: SiteInfo;
  title: string;
  description?: string;
  canonical?: string;
  /** Extra elements for <head> (metadata for reference managers, robots rules). */
  head?: Child;
  /** The search box's current text, on the search page. */
  query?: string;
  /** Which section of the site the page belongs to, marked in the navigation. */
  section?: 'collections' | 'themes' | 'people' | 'places' | 'dates' | 'search';
  /** Extra scripts (by asset name), loaded deferred after the site's own script. */
  scripts?: string[];
  assetVersion: string;
  children?: Child;
}

const NAV: { section: NonNullable<LayoutProps['section']>; href: string; label: string }[] = [
  { section: 'collections', href: '/collections', label: 'Collections' },
  { section: 'themes', href: '/themes', label: 'Themes' },
  { section: 'people', href: '/people', label: 'People' },
  { section: 'places', href: '/places', label: 'Places' },
  { section: 'dates', href: '/dates', label: 'Dates' },
  { section: 'search', href: '/search', label: 'Search' },
];

export function Layout(props: LayoutProps) {
  const { site } = props;
  const title = props.title === site.name ? site.name : `${props.title} · ${site.name}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        <link rel="stylesheet" href={`/assets/site.css?v=${props.assetVersion}`} />
        <link rel="icon" href={`/assets/favicon.svg?v=${props.assetVersion}`} type="image/svg+xml" />
        {[...(props.scripts ?? []), 'site.js'].map((name) => (
          <script src={`/assets/${name}?v=${props.assetVersion}`} defer />
        ))}
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-name" href="/">
              {site.name}
            </a>
            <nav class="site-nav" aria-label="Site">
              {NAV.map((n) => (
                <a href={n.href} aria-current={props.section === n.section ? 'page' : undefined}>
                  {n.label}
                </a>
              ))}
            </nav>
            <form class="site-search" role="search" aria-label="Site" action="/search" method="get">
              <label class="visually-hidden" for="site-search-q">
                Search the archive
              </label>
              <input id="site-search-q" type="search" name="q" value={props.query ?? ''} placeholder="Search the archive" />
              <button type="submit">Search</button>
            </form>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="site-footer__inner">
            <p>
              <strong>{site.name}</strong> — {site.tagline}
            </p>
            <nav class="site-footer__nav" aria-label="Browse">
              <a href="/collections">Collections</a> <a href="/themes">Themes</a> <a href="/people">People</a>{' '}
              <a href="/organizations">Organizations</a> <a href="/places">Places</a> <a href="/dates">Dates</a>{' '}
              <a href="/types">Document types</a> <a href="/languages">Languages</a> <a href="/search">Search</a>
            </nav>
            <p class="site-footer__small">
              Published with Dossier, open-source software for archives of declassified historical documents.
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
