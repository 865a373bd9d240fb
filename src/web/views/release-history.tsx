/**
 * A document's releases on its own page: one line for the header ("Released
 * June 27, 2023, 3 pages; re-released March 18, 2025") and a "Release
 * history" section listing each release with its pages, restrictions and
 * source files, linked to the comparison at `/documents/<id>/releases`.
 * @module
 */
import { displayDate } from '../../domain/display.js';
import type { Document } from '../../domain/document.js';
import { releasePageCount, type Release } from '../../domain/release.js';
import { releasesPath } from '../urls.js';
import { Field, joinList } from './fields.js';

const pages = (n: number) => `${n} ${n === 1 ? 'page' : 'pages'}`;

/** "Released June 27, 2023, 3 pages; re-released March 18, 2025, 3 pages". */
export function releaseSummary(releases: Release[]): string {
  return releases
    .map((r, i) => `${i === 0 ? 'Released' : 're-released'} ${displayDate(r.date)}, ${pages(releasePageCount(r))}`)
    .join('; ');
}

export function ReleaseHistory(props: { doc: Document }) {
  const { doc } = props;
  if (doc.releases.length === 0) return null;
  const latest = doc.releases[doc.releases.length - 1]!;
  return (
    <section id="releases" class="document-info release-history" aria-labelledby="releases-h">
      <h2 id="releases-h">Release history</h2>
      <p class="release-history__summary">{releaseSummary(doc.releases)}.</p>
      <ol class="release-history__list">
        {doc.releases.map((r) => (
          <li>
            <h3 class="release-history__name">
              {r.name}
              {r.id === latest.id ? <span class="release-history__current"> (the text shown above)</span> : null}
            </h3>
            <dl>
              <Field label="Released" value={displayDate(r.date)} />
              <Field label="Pages" value={String(releasePageCount(r))} />
              <Field label="Classification" value={r.classification.length ? r.classification.join('; ') : undefined} />
              <Field label="Restrictions" value={r.restrictions.length ? r.restrictions.join('; ') : undefined} />
              <Field
                label={r.sources.length > 1 ? 'Source files' : 'Source file'}
                value={r.sources.length ? joinList(r.sources.map((s) => <span><code>{s.file}</code>{s.sheet ? `, ${s.sheet}${s.row ? ` row ${s.row}` : ''}` : ''}</span>)) : undefined}
              />
              <Field label="Notes" value={r.notes} />
            </dl>
          </li>
        ))}
      </ol>
      <p>
        <a href={releasesPath(doc.id)}>
          {doc.releases.length > 1 ? `What the ${displayDate(latest.date)} release newly revealed, and any two releases compared` : 'Read the release'}
        </a>
      </p>
    </section>
  );
}
