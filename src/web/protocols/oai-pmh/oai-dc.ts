/**
 * Simple Dublin Core (`oai_dc`), the format every OAI-PMH repository must
 * offer (protocol §3.4). Fifteen repeatable elements cannot hold a cable's
 * structure, so this is the finding-aid view: names resolved from the
 * authority records, the document's page as its identifier, places as
 * coverage; everything else is in the `dossier` format.
 * @module
 */
import { htmlToText } from '../../../domain/rich-text.js';
import type { ResolvedDocument } from '../../../services/harvest.js';
import { collectionPath, documentPath } from '../../urls.js';
import { element } from '../xml.js';

export const OAI_DC = {
  prefix: 'oai_dc',
  schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
  namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
} as const;

const CREATOR_ROLES = new Set(['creator', 'signer']);

export function oaiDc(r: ResolvedDocument, site: { origin: string; name: string }): string {
  const d = r.document;
  const dc = (name: string, values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => Boolean(v?.trim())))].map((v) => element(`dc:${name}`, v)).join('');
  const translators = [...d.translations.flatMap((t) => t.translators), ...d.source.translatedBy];
  const rights = r.rights ? [r.rights.name, r.rights.uri, r.rights.statement] : [];
  return (
    `<oai_dc:dc xmlns:oai_dc="${OAI_DC.namespace}" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${OAI_DC.namespace} ${OAI_DC.schema}">` +
    dc('title', [d.title]) +
    dc('creator', r.agents.filter((a) => CREATOR_ROLES.has(a.role)).map((a) => a.authority.name)) +
    dc('contributor', translators) +
    dc('subject', r.subjects.map((s) => s.name)) +
    dc('description', [d.summary, d.notes]) +
    dc('publisher', [site.name]) +
    dc('date', [d.date]) +
    dc('type', ['Text', r.type?.name]) +
    dc('format', ['text/html', ...d.media.map((m) => m.mimeType ?? (m.kind === 'pdf' ? 'application/pdf' : undefined))]) +
    dc('identifier', [`${site.origin}${documentPath(d.id)}`, ...d.identifiers.map((i) => `${i.scheme}:${i.value}`)]) +
    dc('source', [d.source.citation, d.source.fileNumber, r.repository?.name]) +
    dc('language', [...d.languages, ...d.translations.map((t) => t.language)]) +
    dc('relation', [...r.collections.map((c) => `${site.origin}${collectionPath(c.id)}`), ...d.related.map((x) => `${site.origin}${documentPath(x.id)}`)]) +
    dc('coverage', r.places.map((p) => p.authority.name)) +
    dc('rights', rights.map((v) => (v ? htmlToText(v) : v))) +
    '</oai_dc:dc>'
  );
}
