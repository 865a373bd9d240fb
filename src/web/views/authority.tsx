/**
 * The page of a person, organization, place, document type, language or
 * subject: every name it goes by, its dates or its enclosing place, a
 * description and links elsewhere (VIAF, Wikidata…), and its published
 * documents in date order, with a link into search.
 * @module
 */
import type { AgentRole } from '../../domain/document.js';
import { displayDate, plural } from '../../domain/display.js';
import { languageName } from '../../domain/language.js';
import { KIND_LABEL, type AuthorityPage, type BrowseKind } from '../../services/browse.js';
import { authorityPath, searchPath, withQuery, type SearchFilter } from '../urls.js';
import { INDEX_TITLES } from './browse-index.js';
import { Breadcrumbs, DocumentItem, Pagination } from './components.js';
import { Field } from './fields.js';

const ROLE_LABELS: Record<AgentRole, string> = {
  creator: 'Author',
  recipient: 'Recipient',
  signer: 'Signatory',
  participant: 'Participant',
  mentioned: 'Mentioned',
};

const VARIANT_TYPES: Record<string, string> = {
  romanization: 'romanization',
  script: 'in its own script',
  alias: 'also known as',
  former: 'former name',
  abbreviation: 'abbreviation',
  spelling: 'other spelling',
};

export function AuthorityView(props: { kind: BrowseKind; page: AuthorityPage }) {
  const { kind } = props;
  const { authority: a, documents, ancestors, children, roles, role } = props.page;
  const path = authorityPath(kind, a.id);
  const first = (props.page.page - 1) * props.page.perPage + 1;
  const filter: SearchFilter =
    kind === 'organization' ? { q: `person:"${a.name.replace(/"/g, '')}"` } : { [kind]: a.id };
  const variants = 'variants' in a ? a.variants : [];
  return (
    <div class="page page--wide">
      <Breadcrumbs
        items={[
          { href: '/', label: 'Home' },
          { href: `/${path.split('/')[1]}`, label: INDEX_TITLES[kind].title },
          ...ancestors.map((p) => ({ href: authorityPath(kind, p.id), label: p.name })),
          { label: a.name },
        ]}
      />
      <header class="authority-header">
        <p class="eyebrow">{KIND_LABEL[kind]}</p>
        <h1>{a.name}</h1>
        {a.kind === 'person' && (a.born || a.died) ? (
          <p class="lede">
            {a.born ? `Born ${displayDate(a.born)}` : ''}
            {a.born && a.died ? '; ' : ''}
            {a.died ? `died ${displayDate(a.died)}` : ''}
          </p>
        ) : null}
        {a.description ? <p class="authority-header__desc">{a.description}</p> : null}
      </header>

      <dl class="authority-fields">
        {variants.length > 0 ? (
          <Field
            label="Also written"
            value={
              <ul class="variant-list">
                {variants.map((v) => (
                  <li>
                    <span lang={v.language} class="variant-list__name">
                      {v.name}
                    </span>
                    <span class="muted">
                      {' '}
                      {[v.language ? languageName(v.language) : '', v.type ? VARIANT_TYPES[v.type] : ''].filter(Boolean).join(', ')}
                    </span>
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
        <Field label="Within" value={ancestors.length ? ancestors.map((p, i) => (
          <>
            {i > 0 ? ' › ' : ''}
            <a href={authorityPath(kind, p.id)}>{p.name}</a>
          </>
        )) : undefined} />
        <Field
          label="Coordinates"
          value={a.kind === 'place' && a.latitude !== undefined && a.longitude !== undefined ? `${formatCoordinate(a.latitude, 'N', 'S')}, ${formatCoordinate(a.longitude, 'E', 'W')}` : undefined}
        />
        <Field label="Plural" value={a.kind === 'type' ? a.plural : undefined} />
        <Field label="Language tag" value={a.kind === 'language' ? <code>{a.id}</code> : undefined} />
        <Field
          label="Elsewhere"
          value={
            a.sameAs.length
              ? a.sameAs.map((u, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={u}>{hostOf(u)}</a>
                  </>
                ))
              : undefined
          }
        />
      </dl>

      {children.length > 0 ? (
        <section aria-labelledby="within-h">
          <h2 id="within-h">{kind === 'place' ? 'Places within' : 'Parts of it'}</h2>
          <ul class="chip-list">
            {children.map((c) => (
              <li>
                <a href={authorityPath(kind, c.authority.id)}>{c.authority.name}</a> <span class="muted">({c.count})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="documents-h">
        <h2 id="documents-h">Documents</h2>
        {roles.length > 1 ? (
          <nav class="filter-row" aria-label="Filter by role">
            <ul>
              <li>
                <a href={path} aria-current={role ? undefined : 'page'}>
                  Any role
                </a>
              </li>
              {roles.map((r) => (
                <li>
                  <a href={withQuery(path, { role: r.role })} aria-current={role === r.role ? 'page' : undefined}>
                    {ROLE_LABELS[r.role]} ({r.count})
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <p class="muted">
          {documents.total === 0
            ? 'No published documents yet.'
            : `${documents.total > documents.items.length ? `${first}–${first + documents.items.length - 1} of ` : ''}${plural(documents.total, 'document')}${role ? ` as ${ROLE_LABELS[role].toLowerCase()}` : ''}, oldest first.`}
          {documents.total > 0 ? (
            <>
              {' '}
              <a href={searchPath(filter)}>Search them</a>, or search within them with other words.
            </>
          ) : null}
        </p>
        <ul class="doc-list">
          {documents.items.map((d) => (
            <DocumentItem doc={d} />
          ))}
        </ul>
        <Pagination path={path} values={{ role }} page={props.page.page} total={documents.total} perPage={props.page.perPage} />
      </section>
    </div>
  );
}

function formatCoordinate(value: number, positive: string, negative: string): string {
  return `${Math.abs(value).toFixed(2)}° ${value >= 0 ? positive : negative}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
