/**
 * `/releases` (every year something was released in) and `/releases/<year>`:
 * what that year's releases changed — how many documents, pages and newly
 * revealed words — and the documents they changed most, each linked to its
 * comparison.
 * @module
 */
import { displayDate } from '../../domain/display.js';
import type { ReleaseYearPage } from '../../services/releases.js';
import { documentPath, releasesPath, releaseYearPath } from '../urls.js';
import { Breadcrumbs } from './components.js';

/** Rows the year page lists; the rest are counted and reachable through search. */
export const RELEASE_ROWS = 200;

const n = (x: number) => x.toLocaleString('en');

export function ReleaseYearsView(props: { years: { year: string; documents: number }[] }) {
  return (
    <div class="page page--releases">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, { label: 'Releases' }]} />
      <h1>Releases</h1>
      <p>Declassified records are released more than once. Each year's page lists the documents its releases changed most.</p>
      {props.years.length === 0 ? (
        <p class="notice">No document in this archive records a release.</p>
      ) : (
        <ul class="release-years">
          {props.years.map((y) => (
            <li>
              <a href={releaseYearPath(y.year)}>{y.year}</a> <span class="muted">({n(y.documents)} {y.documents === 1 ? 'document' : 'documents'})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ReleaseYearView(props: { page: ReleaseYearPage }) {
  const p = props.page;
  const shown = p.changes.slice(0, RELEASE_ROWS);
  return (
    <div class="page page--releases">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, { href: releaseYearPath(), label: 'Releases' }, { label: p.year }]} />
      <h1>Released in {p.year}</h1>
      <dl class="release-counts">
        <div><dt>Documents</dt><dd>{n(p.documents)}</dd></div>
        <div><dt>Pages</dt><dd>{n(p.pages)}</dd></div>
        <div><dt>Newly revealed words</dt><dd>{n(p.newWords)}</dd></div>
      </dl>
      <h2>Releases</h2>
      <ul>
        {p.releases.map((r) => (
          <li>
            {r.name} <span class="muted">({displayDate(r.date)}, {n(r.documents)} {r.documents === 1 ? 'document' : 'documents'})</span>
          </li>
        ))}
      </ul>
      <h2>The documents it changed most</h2>
      <p>
        Words are counted against each document's release before this one; a document released for the first time counts all its words.{' '}
        <a href={`/search?q=${encodeURIComponent(`release:${p.year}`)}`}>Search within these documents</a>.
      </p>
      <div class="table-scroll">
        <table class="release-table">
          <caption class="visually-hidden">Documents released in {p.year}, by newly revealed words</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Release</th>
              <th scope="col" class="num">Pages</th>
              <th scope="col" class="num">New words</th>
              <th scope="col" class="num">Passages</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr>
                <th scope="row">
                  <a href={releasesPath(c.document.id, { to: c.release.id })}>{c.document.title}</a>
                  <span class="muted"> · <a href={documentPath(c.document.id)}>document</a></span>
                </th>
                <td>{c.previous ? `${c.release.name} (after ${c.previous.date.slice(0, 4)})` : `${c.release.name} (first release)`}</td>
                <td class="num">{n(c.pages)}</td>
                <td class="num">{n(c.addedWords)}</td>
                <td class="num">{c.previous ? n(c.passages) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.changes.length > shown.length ? <p class="muted">And {n(p.changes.length - shown.length)} more documents that changed less.</p> : null}
    </div>
  );
}
