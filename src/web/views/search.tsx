/**
 * The search page: the query form with scope, date range and order; the
 * result count; notices about how the query was read; hits with their
 * snippets; pagination.
 * @module
 */
import type { Collection } from '../../domain/collection.js';
import { plural } from '../../domain/display.js';
import type { SearchPage } from '../../services/search.js';
import { DocumentItem, Pagination } from './components.js';

export function SearchView(props: { result: SearchPage; collections: Collection[] }) {
  const { result } = props;
  const p = result.params;
  const first = (p.page - 1) * p.perPage + 1;
  const hasQuery = Boolean(result.parsed.root);
  const filtered = Boolean(p.from || p.to || result.scope);
  return (
    <div class="page page--wide">
      <h1>{hasQuery ? 'Search results' : 'Search the archive'}</h1>
      <form class="search-form" role="search" action="/search" method="get">
        <div class="search-form__main">
          <label for="q">Search for</label>
          <div class="search-row">
            <input id="q" type="search" name="q" value={p.q} placeholder="Names, places, words or “exact phrases”" />
            <button type="submit">Search</button>
          </div>
        </div>
        <div class="search-form__filters">
          <div>
            <label for="collection">In</label>
            <select id="collection" name="collection">
              <option value="">The whole archive</option>
              {props.collections.map((c) => (
                <option value={c.id} selected={c.id === result.scope?.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
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
        </div>
      </form>

      {result.notices.length > 0 ? (
        <ul class="notices" role="status">
          {result.notices.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      ) : null}

      {hasQuery || filtered ? (
        <p class="result-count" role="status">
          {result.total === 0
            ? 'No documents match.'
            : `${result.total > result.hits.length ? `${first}–${first + result.hits.length - 1} of ` : ''}${plural(result.total, 'document')}`}
          {result.scope ? ` in “${result.scope.title}”` : ''}
          {p.from || p.to ? `, dated ${p.from ?? '…'} to ${p.to ?? '…'}` : ''}
        </p>
      ) : (
        <SearchHelp />
      )}

      {result.hits.length > 0 ? (
        <ol class="doc-list" start={first}>
          {result.hits.map((h) => (
            <DocumentItem doc={h} snippets={h.snippets} headingLevel={2} />
          ))}
        </ol>
      ) : hasQuery ? (
        <p>Try fewer words, another spelling, or remove the filters.</p>
      ) : null}

      <Pagination
        path="/search"
        values={{ q: p.q, collection: result.scope?.id, from: p.from, to: p.to, sort: p.sort }}
        page={p.page}
        total={result.total}
        perPage={p.perPage}
        label="Result pages"
      />
    </div>
  );
}

function SearchHelp() {
  return (
    <section class="search-help" aria-labelledby="help-h">
      <h2 id="help-h">How to search</h2>
      <dl>
        <dt>
          <code>Zhou Enlai trade</code>
        </dt>
        <dd>documents with all of these words</dd>
        <dt>
          <code>"yen loan"</code>
        </dt>
        <dd>an exact phrase</dd>
        <dt>
          <code>Beijing OR Peking</code>
        </dt>
        <dd>either word</dd>
        <dt>
          <code>treaty -draft</code>
        </dt>
        <dd>without a word</dd>
        <dt>
          <code>normaliz*</code>
        </dt>
        <dd>words beginning so</dd>
        <dt>
          <code>title:communiqué</code>
        </dt>
        <dd>a word in the title only</dd>
      </dl>
      <p>Chinese and Japanese words are found inside sentences; accents need not be typed (Lushun finds Lüshun).</p>
    </section>
  );
}
