/**
 * Every collection, nested as the archive nests them.
 * @module
 */
import type { Collection } from '../../domain/collection.js';
import { plural } from '../../domain/display.js';
import { collectionPath } from '../urls.js';

type Counted = Collection & { count: number };

export function CollectionsView(props: { collections: Counted[] }) {
  const top = props.collections.filter((c) => !c.parent || !props.collections.some((p) => p.id === c.parent));
  return (
    <div class="page">
      <h1>Collections</h1>
      <ul class="collection-tree">
        {top.map((c) => (
          <CollectionNode collection={c} all={props.collections} depth={0} />
        ))}
      </ul>
    </div>
  );
}

function CollectionNode(props: { collection: Counted; all: Counted[]; depth: number }) {
  const { collection: c } = props;
  const children = props.depth < 6 ? props.all.filter((x) => x.parent === c.id) : [];
  return (
    <li>
      <a href={collectionPath(c.id)}>{c.title}</a> <span class="muted">({plural(c.count, 'document')})</span>
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
