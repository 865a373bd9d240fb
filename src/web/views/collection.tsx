/**
 * A collection page: "Search in" box (this collection or the whole archive),
 * image or placeholder, description, sub-collections, and its documents in
 * chronological order (or the editor's order), paginated.
 * @module
 */
import { plural } from '../../domain/display.js';
import type { CollectionPage } from '../../services/archive.js';
import { collectionPath } from '../urls.js';
import { Breadcrumbs, DocumentItem, Pagination, RichText } from './components.js';

export function CollectionView(props: { page: CollectionPage }) {
  const { collection, ancestors, children, documents } = props.page;
  const first = (props.page.page - 1) * props.page.perPage + 1;
  const last = first + documents.items.length - 1;
  // Documents of its sections that are not also filed directly in it.
  const inSections = Math.max(0, props.page.total - documents.total);
  return (
    <div class="page page--wide">
      <Breadcrumbs
        items={[
          { href: '/', label: 'Home' },
          { href: '/collections', label: 'Collections' },
          ...ancestors.map((a) => ({ href: collectionPath(a.id), label: a.title })),
          { label: collection.title },
        ]}
      />
      <form class="scoped-search" role="search" aria-label="This collection" action="/search" method="get">
        <label for="scoped-q">Search in</label>
        <select name="collection" aria-label="Where to search">
          <option value={collection.id} selected>
            This collection
          </option>
          <option value="">The whole archive</option>
        </select>
        <input id="scoped-q" type="search" name="q" placeholder={`Search ${collection.title}`} />
        <button type="submit">Search</button>
      </form>
      <header class="collection-header">
        {collection.image ? (
          <img class="collection-header__image" src={collection.image.url} alt={collection.image.alt} width="320" height="200" />
        ) : (
          <div class="collection-header__placeholder" aria-hidden="true">
            <span>{initials(collection.title)}</span>
          </div>
        )}
        <div>
          <h1>
            {collection.title}
            {collection.sample ? <> <span class="badge badge--sample">Sample</span></> : null}
          </h1>
          {collection.shortDescription ? <p class="lede">{collection.shortDescription}</p> : null}
          <p class="collection-header__count">{plural(props.page.total, 'document')}</p>
          {collection.editors.length > 0 ? <p class="muted">Edited by {collection.editors.join(', ')}</p> : null}
        </div>
      </header>
      {collection.description ? <RichText html={collection.description} class="collection-description" /> : null}
      {children.length > 0 ? (
        <section aria-labelledby="sections-heading">
          <h2 id="sections-heading">In this collection</h2>
          <ul class="subcollections">
            {children.map((c) => (
              <li>
                <a href={collectionPath(c.id)}>{c.title}</a> <span class="muted">({plural(c.count, 'document')})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">Documents</h2>
        {documents.total > 0 ? (
          <p class="muted">
            {documents.total > documents.items.length ? `${first}–${last} of ` : ''}
            {plural(documents.total, 'document')}
            {inSections > 0 ? ' directly in this collection' : ''}
            {collection.order === 'manual' ? ', in the editors’ order' : ', in date order'}
            {inSections > 0 ? `; ${plural(inSections, 'more document')} in its sections above.` : ''}
          </p>
        ) : inSections > 0 ? (
          <p class="muted">
            {/* A FRUS volume holds its documents in its chapters: say where they are rather than "none". */}
            {props.page.total === 1 ? 'The one document' : `All ${props.page.total.toLocaleString('en')} documents`} of this collection are in its sections, listed above.
          </p>
        ) : (
          <p class="muted">No published documents yet.</p>
        )}
        <ul class="doc-list">
          {documents.items.map((d) => (
            <DocumentItem doc={d} />
          ))}
        </ul>
        <Pagination path={collectionPath(collection.id)} values={{}} page={props.page.page} total={documents.total} perPage={props.page.perPage} />
      </section>
    </div>
  );
}

function initials(title: string): string {
  const words = title.split(/[\s\-–—:,]+/).filter((w) => /^\p{Lu}/u.test(w));
  return (words.length ? words : [title]).slice(0, 3).map((w) => w[0]).join('');
}
