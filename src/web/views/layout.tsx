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
  assetVersion: string;
  children?: Child;
}

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
              <a href="/collections">Collections</a>
              <a href="/search">Search</a>
            </nav>
            <form class="site-search" role="search" action="/search" method="get">
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
            <p class="site-footer__small">
              Published with Dossier, open-source software for archives of declassified historical documents.
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
