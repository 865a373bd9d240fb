/**
 * The search form's "In" chooser, built to scale. A FRUS archive has 723
 * collections — 16 volumes with their compilations, chapters and
 * subchapters, titles of 100 characters and more — far too many for one
 * drop-down. The chooser lists the top-level collections and, for the
 * collection being searched, the path down to it and its own sections
 * (indented): choose a volume and search, and its chapters are offered next.
 * A hierarchical picker that needs no JavaScript. Long titles lose their
 * middle in the list (the page heading gives them whole).
 * @module
 */
import { raw } from 'hono/html';
import type { Collection } from '../../domain/collection.js';

export interface CollectionChoice {
  id: string;
  label: string;
  depth: number;
  selected: boolean;
}

/** Most top-level collections listed; past that, the list links to the collections page. */
export const MAX_TOP_LEVEL = 60;
/** Longest label shown, in characters. */
const MAX_LABEL = 70;

/**
 * Long titles lose their middle, not their end: volumes of a series differ at
 * the end ("Papers Relating to the… 1918, Russia, Volume III").
 */
export function shortenTitle(title: string, max = MAX_LABEL): string {
  if (title.length <= max) return title;
  const head = title.slice(0, Math.floor(max * 0.4)).replace(/[\s,;:—–-]*\S*$/, '');
  const tail = title.slice(title.length - (max - head.length - 2)).replace(/^\S*[\s,;:—–-]*/, '');
  return `${head}… ${tail}`;
}

/** The choices, in order (collections come sorted as the site lists them), and whether some top-level ones were left out. */
export function collectionChoices(collections: readonly Collection[], scopeId: string | undefined): { choices: CollectionChoice[]; more: boolean } {
  const byId = new Map(collections.map((c) => [c.id, c]));
  const path: Collection[] = [];
  for (let c = scopeId ? byId.get(scopeId) : undefined; c && path.length < 20 && !path.includes(c); c = c.parent ? byId.get(c.parent) : undefined) path.unshift(c);
  const roots = collections.filter((c) => !c.parent || !byId.has(c.parent));
  const shown = roots.slice(0, MAX_TOP_LEVEL);
  if (path[0] && !shown.includes(path[0])) shown.push(path[0]);
  const choice = (c: Collection, depth: number): CollectionChoice => ({ id: c.id, label: shortenTitle(c.title), depth, selected: c.id === scopeId });
  const choices: CollectionChoice[] = [];
  for (const root of shown) {
    choices.push(choice(root, 0));
    if (root !== path[0]) continue;
    path.slice(1).forEach((c, i) => choices.push(choice(c, i + 1)));
    const scope = path[path.length - 1]!;
    for (const c of collections) if (c.parent === scope.id) choices.push(choice(c, path.length));
  }
  return { choices, more: roots.length > shown.length };
}

/**
 * The chooser as HTML, per list of collections and collection searched. Every search page carries it, and
 * building it (titles shortened, ~70 options rendered) took more of an uncached search page than the
 * engine's own search. The site hands in one list per version of the archive (archive-version.ts), so
 * keying on that list's identity forgets the chooser exactly when the collections may have changed.
 */
const rendered = new WeakMap<readonly Collection[], Map<string, string>>();
/** Collections searched whose chooser is kept per list; a crawler following every "search in" link does not grow it without end. */
const MAX_SCOPES = 500;

export function CollectionChooser(props: { collections: readonly Collection[]; scopeId: string | undefined }) {
  let byScope = rendered.get(props.collections);
  if (!byScope) rendered.set(props.collections, (byScope = new Map()));
  const key = props.scopeId ?? '';
  let html = byScope.get(key);
  if (html === undefined) {
    html = String(renderChooser(props.collections, props.scopeId));
    if (byScope.size >= MAX_SCOPES) byScope.delete(byScope.keys().next().value!);
    byScope.set(key, html);
  }
  return raw(html);
}

function renderChooser(collections: readonly Collection[], scopeId: string | undefined) {
  const { choices, more } = collectionChoices(collections, scopeId);
  return (
    <div class="collection-chooser">
      <label for="collection">In</label>
      <select id="collection" name="collection">
        <option value="">The whole archive</option>
        {choices.map((c) => (
          <option value={c.id} selected={c.selected}>
            {'\u00a0\u00a0\u00a0'.repeat(c.depth)}
            {c.label}
          </option>
        ))}
      </select>
      {more ? (
        <a class="collection-chooser__more" href="/collections">
          All collections
        </a>
      ) : null}
    </div>
  );
}
