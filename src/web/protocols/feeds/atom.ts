/**
 * Atom 1.0 (RFC 4287) for the feeds of new and revised documents. An
 * entry's id is the document's permanent URL, so a revision updates the
 * entry a reader already has instead of adding a second one; `updated` is
 * when this archive last changed it, `published` when it was first
 * published; the summary leads with the document's date.
 * @module
 */
import { displayDate } from '../../../domain/display.js';
import { htmlToText } from '../../../domain/rich-text.js';
import type { ResolvedDocument } from '../../../services/harvest.js';
import { documentPath } from '../../urls.js';
import { attrs, element, XML_DECLARATION } from '../xml.js';

export interface AtomFeed {
  /** The feed's own URL (absolute); also its id. */
  self: string;
  /** The page it follows (absolute). */
  alternate: string;
  title: string;
  subtitle?: string;
  siteName: string;
  origin: string;
  /** When the feed last changed, for an empty feed (ISO). */
  fallbackUpdated: string;
  entries: ResolvedDocument[];
}

const SUMMARY_CHARS = 600;

export function atomFeed(feed: AtomFeed): string {
  const updated = feed.entries.reduce((max, e) => (e.changedAt > max ? e.changedAt : max), feed.entries.length ? '' : feed.fallbackUpdated);
  return (
    XML_DECLARATION +
    '<feed xmlns="http://www.w3.org/2005/Atom">' +
    element('id', feed.self) +
    element('title', feed.title) +
    element('subtitle', feed.subtitle) +
    element('updated', atomDate(updated)) +
    `<author>${element('name', feed.siteName)}${element('uri', `${feed.origin}/`)}</author>` +
    `<link${attrs({ rel: 'self', type: 'application/atom+xml', href: feed.self })}/>` +
    `<link${attrs({ rel: 'alternate', type: 'text/html', href: feed.alternate })}/>` +
    element('generator', 'Dossier') +
    feed.entries.map((e) => `\n${entry(e, feed.origin)}`).join('') +
    '\n</feed>\n'
  );
}

function entry(r: ResolvedDocument, origin: string): string {
  const d = r.document;
  const url = `${origin}${documentPath(d.id)}`;
  const date = d.date ? displayDate(d.date) : undefined;
  const text = d.summary ?? lead(d.translations[0]?.html ?? d.transcripts[0]?.html);
  const summary = [date, text].filter(Boolean).join(' — ');
  const categories = [
    ...(r.type ? [{ term: r.type.id, label: r.type.name }] : []),
    ...r.subjects.map((s) => ({ term: s.id, label: s.name })),
  ];
  return (
    '<entry>' +
    element('id', url) +
    element('title', d.title) +
    `<link${attrs({ rel: 'alternate', type: 'text/html', href: url })}/>` +
    element('published', d.publishedAt ? atomDate(d.publishedAt) : undefined) +
    element('updated', atomDate(r.changedAt)) +
    element('summary', summary || d.title) +
    r.agents.filter((a) => a.role === 'creator').map((a) => `<author>${element('name', a.authority.name)}</author>`).join('') +
    categories.map((c) => `<category${attrs(c)}/>`).join('') +
    '</entry>'
  );
}

function lead(html: string | undefined): string | undefined {
  if (!html) return undefined;
  const text = htmlToText(html).replace(/\s+/g, ' ').trim();
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS).replace(/\s+\S*$/, '')}…` : text;
}

/** RFC 3339 date-time, to the second, in UTC. */
function atomDate(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}
