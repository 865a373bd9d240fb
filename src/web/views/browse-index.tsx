/**
 * Indexes of names: people, organizations, subjects (A–Z with every name
 * variant), document types and languages (with descriptions), and places as
 * a hierarchy. Each entry links to its page and gives its document count.
 * @module
 */
import type { Authority, NameVariant } from '../../domain/authority.js';
import { displayDate, plural } from '../../domain/display.js';
import { indexHeading, indexLetter, type BrowseAuthority, type BrowseKind, type IndexEntry, type PlaceNode } from '../../services/browse.js';
import { AUTHORITY_SECTIONS, authorityPath, withQuery } from '../urls.js';
import { Breadcrumbs, Pagination } from './components.js';

export const INDEX_TITLES: Record<BrowseKind, { title: string; intro: string }> = {
  person: { title: 'People', intro: 'Everyone the published documents name as author, recipient, participant or subject, under their preferred name, with the other spellings and scripts under which they also appear.' },
  organization: { title: 'Organizations', intro: 'Governments, ministries, embassies, companies and societies that wrote, received or appear in the documents.' },
  place: { title: 'Places', intro: 'Places the documents were written in, sent to or speak of, nested from countries down to towns and ports.' },
  type: { title: 'Document types', intro: 'Cables, memoranda of conversation, treaties, reports: the kinds of document the archive holds.' },
  language: { title: 'Original languages', intro: 'The languages the documents were first written in. Most originals here are published with an English translation.' },
  subject: { title: 'Subjects', intro: 'Topics the editors have assigned to the documents.' },
};

export interface AuthorityIndexProps {
  kind: BrowseKind;
  entries: IndexEntry[];
  letter?: string;
  page: number;
  perPage: number;
}

/** A–Z index; with many names, one letter per page. */
export function AuthorityIndexView(props: AuthorityIndexProps) {
  const { kind } = props;
  const info = INDEX_TITLES[kind];
  const letters = [...new Set(props.entries.map((e) => indexLetter(indexHeading(e.authority))))].sort((a, b) => (a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b)));
  const paged = props.entries.length > props.perPage || props.letter !== undefined;
  const shown = props.letter ? props.entries.filter((e) => indexLetter(indexHeading(e.authority)) === props.letter) : props.entries;
  const slice = shown.slice((props.page - 1) * props.perPage, props.page * props.perPage);
  const groups = new Map<string, IndexEntry[]>();
  for (const e of slice) groups.set(indexLetter(indexHeading(e.authority)), [...(groups.get(indexLetter(indexHeading(e.authority))) ?? []), e]);
  const path = `/${AUTHORITY_SECTIONS[kind]}`;
  const simple = kind === 'type' || kind === 'language';
  return (
    <div class="page page--wide">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, { label: info.title }]} />
      <h1>{info.title}</h1>
      <p class="lede">{info.intro}</p>
      <p class="muted">{plural(props.entries.length, kind === 'person' ? 'name' : 'entry', kind === 'person' ? 'names' : 'entries')} with published documents.</p>
      {!simple && letters.length > 1 ? (
        <nav class="letter-nav" aria-label="Jump to letter">
          <ul>
            {letters.map((l) => (
              <li>
                <a href={paged ? withQuery(path, { letter: l }) : `#letter-${l === '#' ? 'other' : l}`} aria-current={props.letter === l ? 'page' : undefined}>
                  {l === '#' ? 'Other' : l}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {simple ? (
        <ul class="name-index name-index--described">
          {slice.map((e) => (
            <IndexItem entry={e} />
          ))}
        </ul>
      ) : (
        [...groups].map(([letter, entries]) => (
          <section class="letter-group" aria-labelledby={`letter-${letter === '#' ? 'other' : letter}`}>
            <h2 id={`letter-${letter === '#' ? 'other' : letter}`} class="letter-group__letter">
              {letter === '#' ? 'Other scripts' : letter}
            </h2>
            <ul class="name-index">
              {entries.map((e) => (
                <IndexItem entry={e} />
              ))}
            </ul>
          </section>
        ))
      )}
      <Pagination path={path} values={{ letter: props.letter }} page={props.page} total={shown.length} perPage={props.perPage} />
    </div>
  );
}

function IndexItem(props: { entry: IndexEntry }) {
  const a = props.entry.authority;
  return (
    <li class="name-index__item">
      <a class="name-index__name" href={authorityPath(a.kind as BrowseKind, a.id)}>
        {indexHeading(a as BrowseAuthority)}
      </a>{' '}
      <span class="name-index__count">{plural(props.entry.count, 'document')}</span>
      <Lifespan authority={a} />
      <Variants authority={a} max={4} />
      {(a.kind === 'type' || a.kind === 'language') && a.description ? <p class="name-index__desc">{a.description}</p> : null}
    </li>
  );
}

/** Born–died for people, as precise as recorded. */
export function Lifespan(props: { authority: Authority }) {
  const a = props.authority;
  if (a.kind !== 'person' || (!a.born && !a.died)) return null;
  return <span class="name-index__dates"> ({[a.born ? displayDate(a.born) : '?', a.died ? displayDate(a.died) : ''].join('–')})</span>;
}

/** Other names, each in its own language so screen readers and fonts get it right. */
export function Variants(props: { authority: Authority; max?: number }) {
  const variants: NameVariant[] = 'variants' in props.authority ? props.authority.variants : [];
  if (variants.length === 0) return null;
  const shown = variants.slice(0, props.max ?? variants.length);
  return (
    <span class="variants">
      {' — also '}
      {shown.map((v, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <span lang={v.language}>{v.name}</span>
        </>
      ))}
      {variants.length > shown.length ? ` and ${variants.length - shown.length} more` : ''}
    </span>
  );
}

export function PlaceTreeView(props: { roots: PlaceNode[] }) {
  const total = countNodes(props.roots);
  return (
    <div class="page page--wide">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, { label: 'Places' }]} />
      <h1>Places</h1>
      <p class="lede">{INDEX_TITLES.place.intro}</p>
      <p class="muted">{plural(total, 'place')} with published documents. Counts include the places within.</p>
      <ul class="place-tree">
        {props.roots.map((n) => (
          <PlaceBranch node={n} depth={0} />
        ))}
      </ul>
    </div>
  );
}

function PlaceBranch(props: { node: PlaceNode; depth: number }) {
  const { node } = props;
  return (
    <li>
      <a href={authorityPath('place', node.place.id)}>{node.place.name}</a> <span class="name-index__count">{plural(node.total, 'document')}</span>
      <Variants authority={node.place} max={3} />
      {node.children.length > 0 ? (
        <ul>
          {node.children.map((c) => (
            <PlaceBranch node={c} depth={props.depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function countNodes(nodes: PlaceNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countNodes(node.children), 0);
}
