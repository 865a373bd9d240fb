/**
 * The search page: the query form (scope, dates, order), notices about how
 * the query was read, the filters in force, the facet sidebar, the date
 * histogram, and the hits with their snippets and the name variant each
 * matched; pagination.
 * @module
 */
import type { Collection } from '../../domain/collection.js';
import { displayDate, plural } from '../../domain/display.js';
import { languageDirection } from '../../domain/language.js';
import type { SearchHitView, SearchPage } from '../../services/search.js';
import { searchUrl } from '../../search/search-state.js';
import { Pagination, SampleBadge } from './components.js';
import { CollectionChooser } from './collection-chooser.js';
import { DateHistogramView } from './date-histogram.js';
import { ActiveFilters, FacetSidebar } from './facets.js';
import { SearchSyntaxList } from './search-help.js';
import { documentPath } from '../urls.js';

export function SearchView(props: { result: SearchPage; collections: Collection[] }) {
  const { result } = props;
  const p = result.params;
  const first = (p.page - 1) * p.perPage + 1;
  const hasQuery = Boolean(result.parsed.root);
  const filtered = Boolean(p.from || p.to || result.scope || Object.keys(p.facets).length > 0 || p.approx === 'exclude');
  const showResults = hasQuery || filtered || result.total > 0;
  return (
    <div class="page page--wide search-page">
      <h1>{hasQuery ? 'Search results' : 'Search the archive'}</h1>
      <SearchForm result={result} collections={props.collections} />

      {result.notices.length > 0 ? (
        <ul class="notices" role="status">
          {result.notices.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      ) : null}

      {!hasQuery && !filtered ? <ShortHelp /> : null}

      {showResults ? (
        <div class="search-layout">
          {/* Results come before the facets in the page, so that a page painted before it has all arrived
              (a slow phone, a busy server) only grows below what it shows: the grid puts the facets on
              the left on a wide screen, and a narrow one shows them after the results. */}
          <section class="search-results" aria-label="Results">
            <p class="result-count" role="status">
              {result.total === 0
                ? 'No documents match.'
                : `${result.total > result.hits.length ? `${first}–${first + result.hits.length - 1} of ` : ''}${plural(result.total, 'document')}`}
              {result.scope ? ` in “${result.scope.title}”` : ''}
              {p.from || p.to ? `, dated ${p.from ?? '…'} to ${p.to ?? '…'}` : ''}
            </p>
            <ActiveFilters facets={result.facets} params={p} scopeTitle={result.scope?.title} />
            {result.variants.length > 0 ? <VariantNote result={result} /> : null}
            {result.histogram && result.total > 0 ? <DateHistogramView histogram={result.histogram} params={p} /> : null}
            {result.hits.length > 0 ? (
              <ol class="doc-list hit-list" start={first}>
                {result.hits.map((h) => (
                  <HitItem hit={h} />
                ))}
              </ol>
            ) : hasQuery || filtered ? (
              <p>Try fewer words, another spelling, or remove a filter.</p>
            ) : null}
            <SearchPagination result={result} />
          </section>
          <FacetSidebar facets={result.facets} params={p} />
        </div>
      ) : null}
    </div>
  );
}

/** Page links that keep every parameter of the state, repeated facet values included. */
function SearchPagination(props: { result: SearchPage }) {
  const p = props.result.params;
  return <Pagination href={(n) => searchUrl({ ...p, page: n })} page={p.page} total={props.result.total} perPage={p.perPage} label="Result pages" maxPage={10_000} />;
}

function SearchForm(props: { result: SearchPage; collections: Collection[] }) {
  const { result } = props;
  const p = result.params;
  return (
    <form class="search-form" role="search" action="/search" method="get">
      <div class="search-form__main">
        <label for="q">Search for</label>
        <div class="search-row">
          <input id="q" type="search" name="q" value={p.q} placeholder="Names, places, words or “exact phrases”" />
          <button type="submit">Search</button>
        </div>
        <p class="search-form__help">
          <a href="/search/help">How to search</a>: "phrases", OR, -exclude, prefix*, title:, person:, type:, lang:, date:1950..1960
        </p>
      </div>
      <div class="search-form__filters">
        <CollectionChooser collections={props.collections} scopeId={result.scope?.id} />
        <div>
          <label for="from">Dated from</label>
          <input id="from" name="from" value={p.from ?? ''} inputmode="numeric" placeholder="YYYY" pattern="\d{4}(-\d{2}(-\d{2})?)?" size={10} />
        </div>
        <div>
          <label for="to">to</label>
          <input id="to" name="to" value={p.to ?? ''} inputmode="numeric" placeholder="YYYY" pattern="\d{4}(-\d{2}(-\d{2})?)?" size={10} />
        </div>
        <div>
          <label for="sort">Order</label>
          <select id="sort" name="sort">
            <option value="relevance" selected={result.sort === 'relevance'}>
              Best match
            </option>
            <option value="date" selected={result.sort === 'date'}>
              Oldest first
            </option>
            <option value="date-desc" selected={result.sort === 'date-desc'}>
              Newest first
            </option>
          </select>
        </div>
        <div class="search-form__check">
          <input id="approx" type="checkbox" name="approx" value="exclude" checked={p.approx === 'exclude'} />
          <label for="approx">Exact dates only</label>
        </div>
      </div>
      {/* Selected facet values ride along when the form is submitted again. */}
      {Object.entries(p.facets).flatMap(([id, values]) => (values ?? []).map((v) => <input type="hidden" name={`f.${id}`} value={v} />))}
    </form>
  );
}

function VariantNote(props: { result: SearchPage }) {
  const seen = new Set<string>();
  const groups = props.result.variants.filter((g) => !seen.has(g.authority.id) && seen.add(g.authority.id));
  return (
    <p class="variant-note">
      {groups.map((g, i) => (
        <>
          {i > 0 ? '; ' : ''}“{g.query}” also searched as {g.names.filter((n) => n !== g.query).slice(0, 6).map((n, j) => (
            <>
              {j > 0 ? ', ' : ''}
              <span lang={/\p{Script=Han}/u.test(n) ? 'zh' : /\p{Script=Cyrillic}/u.test(n) ? 'ru' : undefined}>{n}</span>
            </>
          ))}
        </>
      ))}
      .
    </p>
  );
}

function HitItem(props: { hit: SearchHitView }) {
  const h = props.hit;
  const variants = h.matched.filter((m) => m.how === 'text' || m.how === 'linked');
  return (
    <li class="doc-item hit">
      <p class="doc-item__date">{displayDate(h.date)}</p>
      <h2 class="doc-item__title">
        <a href={documentPath(h.id)}>{h.title}</a>
        {h.sample ? (
          <>
            {' '}
            <SampleBadge />
          </>
        ) : null}
      </h2>
      {variants.length > 0 ? (
        <p class="hit__matched">
          {variants.map((m, i) => (
            <>
              {i > 0 ? ' · ' : ''}
              {m.how === 'text' ? (
                <>
                  Matched <mark class="hit__variant">{m.variant}</mark>
                  {m.variant !== m.query ? ` for “${m.query}”` : ''}
                </>
              ) : (
                <>Catalogued with {m.authority.name}</>
              )}
            </>
          ))}
        </p>
      ) : null}
      {h.snippets.length > 0 ? (
        <div class="doc-item__snippets">
          {h.snippets.map((s) => (
            <p class="snippet" lang={s.lang} dir={s.lang ? languageDirection(s.lang) : undefined} dangerouslySetInnerHTML={{ __html: s.html }} />
          ))}
        </div>
      ) : h.summary ? (
        <p class="doc-item__summary">{h.summary}</p>
      ) : null}
    </li>
  );
}

function ShortHelp() {
  return (
    <section class="search-help" aria-labelledby="help-h">
      <h2 id="help-h">How to search</h2>
      <SearchSyntaxList />
      <p>
        Accents need not be typed (Lushun finds Lüshun); Chinese and Japanese words are found inside sentences, in traditional or simplified characters;
        people and places are found under all their names. <a href="/search/help">More about searching</a>.
      </p>
    </section>
  );
}
