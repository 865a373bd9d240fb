/**
 * The facet sidebar of the search page: one list per facet (from the facet
 * registry), each value a link that adds it to the search or, when selected,
 * removes it; counts beside. Plain links work without JavaScript, and
 * several values of one facet can be selected (any of them matches).
 * @module
 */
import type { FacetView } from '../../services/search.js';
import { searchUrl, withFacet, withoutFacet, type SearchParams } from '../../search/search-state.js';

export function FacetSidebar(props: { facets: FacetView[]; params: SearchParams }) {
  const shown = props.facets.filter((f) => f.values.length > 0 && f.id !== 'year');
  if (shown.length === 0) return null;
  return (
    <aside class="facets" aria-labelledby="facets-h">
      <h2 id="facets-h" class="facets__heading">
        Refine
      </h2>
      {shown.map((f) => (
        <FacetList facet={f} params={props.params} />
      ))}
    </aside>
  );
}

function FacetList(props: { facet: FacetView; params: SearchParams }) {
  const { facet, params } = props;
  const id = `facet-${facet.id}`;
  return (
    <section class="facet" aria-labelledby={id}>
      <h3 id={id} class="facet__label">
        {facet.label}
      </h3>
      <ul class="facet__values">
        {facet.values.map((v) => (
          <li class={v.selected ? 'facet__value facet__value--selected' : 'facet__value'}>
            <a
              href={searchUrl(v.selected ? withoutFacet(params, facet.id, v.value) : withFacet(params, facet.id, v.value))}
              rel="nofollow"
              aria-label={`${v.selected ? 'Remove filter' : 'Filter by'} ${facet.label}: ${v.label} (${v.count.toLocaleString('en-US')})`}
            >
              <span class="facet__box" aria-hidden="true" />
              <span class="facet__name">{v.label}</span>
            </a>
            <span class="facet__count" aria-hidden="true">
              {v.count.toLocaleString('en-US')}
            </span>
          </li>
        ))}
      </ul>
      {facet.more ? <p class="facet__more">Only the most frequent are shown.</p> : null}
    </section>
  );
}

/** The filters in force, each with a link that removes it. */
export function ActiveFilters(props: { facets: FacetView[]; params: SearchParams; scopeTitle?: string }) {
  const { params } = props;
  const items: { label: string; href: string }[] = [];
  if (params.collection && props.scopeTitle) items.push({ label: `In: ${props.scopeTitle}`, href: searchUrl({ ...params, collection: undefined, page: 1 }) });
  if (params.from || params.to) items.push({ label: `Dated ${params.from ?? '…'} – ${params.to ?? '…'}`, href: searchUrl({ ...params, from: undefined, to: undefined, page: 1 }) });
  if (params.approx === 'exclude') items.push({ label: 'Exact dates only', href: searchUrl({ ...params, approx: undefined, page: 1 }) });
  for (const f of props.facets) {
    for (const v of f.values) if (v.selected) items.push({ label: `${f.label}: ${v.label}`, href: searchUrl(withoutFacet(params, f.id, v.value)) });
  }
  if (items.length === 0) return null;
  return (
    <nav class="active-filters" aria-label="Filters in force">
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.href} rel="nofollow">
              <span>{i.label}</span>
              <span class="active-filters__x" aria-hidden="true">
                ×
              </span>
              <span class="visually-hidden"> (remove)</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
