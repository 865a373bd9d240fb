/**
 * The collections index: every collection grouped by theme and by region,
 * then all of them nested as the archive nests them.
 * @module
 */
import type { Collection } from '../../domain/collection.js';
import { plural } from '../../domain/display.js';
import type { Theme } from '../../services/themes.js';
import { collectionPath, themePath } from '../urls.js';
import { Breadcrumbs } from './components.js';

type Counted = Collection & { count: number };

export function CollectionsView(props: { collections: Counted[]; themes: Theme[] }) {
  const top = props.collections.filter((c) => !c.parent || !props.collections.some((p) => p.id === c.parent));
  const themes = props.themes.filter((t) => t.kind === 'theme');
  const regions = props.themes.filter((t) => t.kind === 'region');
  return (
    <div class="page page--wide">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, { label: 'Collections' }]} />
      <h1>Collections</h1>
      <p class="lede">
        {plural(props.collections.length, 'collection')}, grouped below by theme and by region; a collection may stand under several. The full list
        follows at the end.
      </p>
      <nav class="document__contents" aria-label="On this page">
        <ul>
          {themes.length ? <li><a href="#by-theme">By theme</a></li> : null}
          {regions.length ? <li><a href="#by-region">By region</a></li> : null}
          <li>
            <a href="#all">All collections</a>
          </li>
        </ul>
      </nav>
      <div class="theme-columns">
        <Grouped id="by-theme" heading="By theme" themes={themes} />
        <Grouped id="by-region" heading="By region" themes={regions} />
      </div>
      <section id="all" aria-labelledby="all-h">
        <h2 id="all-h">All collections</h2>
        <ul class="collection-tree">
          {top.map((c) => (
            <CollectionNode collection={c} all={props.collections} depth={0} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function Grouped(props: { id: string; heading: string; themes: Theme[] }) {
  if (props.themes.length === 0) return null;
  return (
    <section id={props.id} aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{props.heading}</h2>
      {props.themes.map((t) => (
        <div class="theme-group">
          <h3 class="theme-group__name">
            <a href={themePath(t.slug)}>{t.name}</a> <span class="name-index__count">{plural(t.count, 'document')}</span>
          </h3>
          <ul class="theme-group__list">
            {t.collections.map((c) => (
              <li>
                <a href={collectionPath(c.id)}>{c.title}</a> <span class="muted">({c.count})</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function CollectionNode(props: { collection: Counted; all: Counted[]; depth: number }) {
  const { collection: c } = props;
  const children = props.depth < 6 ? props.all.filter((x) => x.parent === c.id) : [];
  return (
    <li>
      <a href={collectionPath(c.id)}>{c.title}</a> <span class="muted">({plural(c.count, 'document')})</span>
      {c.sample ? <> <span class="badge badge--sample">Sample</span></> : null}
      {c.shortDescription ? <p class="collection-tree__desc">{c.shortDescription}</p> : null}
      {children.length > 0 ? (
        <ul>
          {children.map((child) => (
            <CollectionNode collection={child} all={props.all} depth={props.depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
