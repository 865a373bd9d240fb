import { describe, expect, it } from 'vitest';
import type { SiteInfo } from '../../services/archive.js';
import { Layout, renderPage, type LayoutProps } from './layout.js';

const jsx = async (props: Omit<LayoutProps, 'children'>, content: LayoutProps['children']) =>
  String(
    await (
      <Layout {...props}>
        {content}
      </Layout>
    ).toString(),
  );

describe('renderPage: the frame rendered once per site record', () => {
  const odd: SiteInfo = { name: `Tom & Jerry's "Archive" <1>`, tagline: `Papers & <letters> 'n' "notes"` };
  const plain: SiteInfo = { name: 'Plain Archive', tagline: 'Letters' };
  const content = (
    <div class="page">
      <h1>Title &amp; more</h1>
      <p>{'a < b & "c"'}</p>
    </div>
  );
  const cases: Omit<LayoutProps, 'children'>[] = [
    { site: plain, title: 'Plain Archive', assetVersion: 'abc' },
    { site: plain, title: 'A document', description: 'Its summary', canonical: 'https://x.example/documents/a?b=1&c=2', assetVersion: 'abc', scripts: ['openseadragon.min.js'] },
    { site: odd, title: `A "quoted" <title> & more`, description: `It's "short" & <bold>`, assetVersion: 'v&1', head: <meta name="robots" content="noindex, follow" /> },
    { site: odd, title: 'Search: x', query: `"><script>alert('q')</script> & co`, section: 'search', assetVersion: 'abc' },
    { site: odd, title: 'People', section: 'people', assetVersion: 'abc', head: [<link rel="alternate" href="/feed?a=1&b=2" />, <meta name="x" content="y" />] },
    { site: plain, title: 'Collections', section: 'collections', query: '', assetVersion: 'abc', scripts: ['a.js', 'b.js'] },
    // Hono de-duplicates <meta> by name outside <head> and keeps every one inside it: a document's authors.
    { site: plain, title: 'Authors', assetVersion: 'abc', head: [<meta name="citation_author" content="One" />, <meta name="citation_author" content="Two" />, <title>Another</title>] },
  ];
  // ...and moves a <meta> or <link> in the body into <head>.
  const hoisted = (
    <div>
      <link rel="alternate" href="/feed" />
      <meta name="citation_author" content="Three" />
      <p>Text</p>
    </div>
  );

  it('writes the same bytes as <Layout>, whatever the text, section, head and scripts', async () => {
    for (const props of cases) {
      // Twice: the second finds the frame kept.
      expect(await renderPage(props, content)).toBe(await jsx(props, content));
      expect(await renderPage(props, content)).toBe(await jsx(props, content));
    }
    for (const props of cases) expect(await renderPage(props, hoisted)).toBe(await jsx(props, hoisted));
    expect(await renderPage(cases.at(-1)!, null)).toMatch(/content="One"\/><meta name="citation_author" content="Two"/);
    expect(await renderPage(cases[0]!, null)).toBe(await jsx(cases[0]!, null));
    expect(await renderPage(cases[0]!, 'text & <b>')).toBe(await jsx(cases[0]!, 'text & <b>'));
  });

  it('marks each section in its own header, and a search box holds only its own page’s text', async () => {
    const search = await renderPage({ site: plain, title: 'S', section: 'search', query: 'first', assetVersion: 'abc' }, null);
    const people = await renderPage({ site: plain, title: 'P', section: 'people', assetVersion: 'abc' }, null);
    const again = await renderPage({ site: plain, title: 'S', section: 'search', query: 'second', assetVersion: 'abc' }, null);
    expect(search).toContain('<a href="/search" aria-current="page">Search</a>');
    expect(people).toContain('<a href="/people" aria-current="page">People</a>');
    expect(people).not.toContain('aria-current="page">Search');
    expect(search).toContain('value="first"');
    expect(again).toContain('value="second"');
    expect(again).not.toContain('first');
  });

  it('a renamed site (a new record, as each version of the archive reads) gets a frame of its own', async () => {
    const before = await renderPage({ site: { name: 'Old Name', tagline: 'Old tagline' }, title: 'A page', assetVersion: 'abc' }, null);
    const after = await renderPage({ site: { name: 'New Name', tagline: 'New tagline' }, title: 'A page', assetVersion: 'abc' }, null);
    expect(before).toContain('Old Name');
    expect(after).toContain('<a class="site-name" href="/">New Name</a>');
    expect(after).toContain('<strong>New Name</strong> — New tagline');
    expect(after).not.toContain('Old');
  });
});
