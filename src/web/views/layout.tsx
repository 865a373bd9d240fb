/**
 * The frame of every page: skip link, header with the archive's name and a
 * search box, main landmark, footer. Pages pass their title and content.
 *
 * `renderPage` writes the same bytes as `<Layout>` without building the
 * frame's JSX on every request: the header (per section marked) and the
 * footer depend only on the site's name and tagline, so they are rendered
 * once per site record — the site passes the record it reads once per
 * version of the archive (archive-version.ts), so a renamed site is a new
 * record and gets its own frame, in every process, with nothing to forget.
 * @module
 */
import type { Child } from 'hono/jsx';
import { escapeToBuffer, raw } from 'hono/utils/html';
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
  return <Page {...props} header={<SiteHeader site={props.site} section={props.section} query={props.query} />} footer={<SiteFooter site={props.site} />} />;
}

/** The page around its frame's header and footer, given as JSX (`Layout`) or as the strings kept per site (`renderPage`). */
function Page(props: LayoutProps & { header: Child; footer: Child }) {
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
        {props.header}
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        {props.footer}
      </body>
    </html>
  );
}

function SiteHeader(props: { site: SiteInfo; section: LayoutProps['section']; query: string | undefined }) {
  const { site } = props;
  return (
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
  );
}

function SiteFooter(props: { site: SiteInfo }) {
  const { site } = props;
  return (
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
  );
}

const escape = (text: string): string => {
  const buffer = [''];
  escapeToBuffer(text, buffer);
  return buffer[0]!;
};

/** Stands for the search box's text while the header is rendered once; escaping leaves it as it is. */
const QUERY_SLOT = '\u0000query\u0000';

interface Frame {
  /** The header for each section marked (or none): the markup before and after the search box's text. */
  headers: Map<string, Promise<[string, string]>>;
  footer: Promise<string>;
}

/** Each site record's frame; a record is read once per version of the archive, so this holds one or two. */
const frames = new WeakMap<SiteInfo, Frame>();

function frameOf(site: SiteInfo): Frame {
  let frame = frames.get(site);
  if (!frame) frames.set(site, (frame = { headers: new Map(), footer: Promise.resolve((<SiteFooter site={site} />).toString()).then(String) }));
  return frame;
}

function headerOf(site: SiteInfo, section: LayoutProps['section']): Promise<[string, string]> {
  const { headers } = frameOf(site);
  let header = headers.get(section ?? '');
  if (!header) {
    header = Promise.resolve((<SiteHeader site={site} section={section} query={QUERY_SLOT} />).toString()).then((html) => {
      const text = String(html);
      // The slot is after the site's name, the only text of the header not the layout's own.
      const at = text.lastIndexOf(QUERY_SLOT);
      return [text.slice(0, at), text.slice(at + QUERY_SLOT.length)];
    });
    headers.set(section ?? '', header);
  }
  return header;
}

/**
 * The page `<Layout {...props}>{content}</Layout>` renders, byte for byte (`layout.test.tsx` compares them),
 * with the frame's header and footer rendered once per site record. The rest is rendered as `<Layout>`
 * does, as one tree: Hono moves a `<meta>`, `<link>` or `<title>` found outside `<head>` into it, and
 * renders those in `<head>` as they are, so a page's own head and content must stay where they stand.
 */
export async function renderPage(props: Omit<LayoutProps, 'children'>, content: Child): Promise<string> {
  const [[before, after], footer] = await Promise.all([headerOf(props.site, props.section), frameOf(props.site).footer]);
  const header = raw(`${before}${escape(props.query ?? '')}${after}`);
  return String(
    await (
      <Page {...props} header={header} footer={raw(footer)}>
        {content}
      </Page>
    ).toString(),
  );
}
