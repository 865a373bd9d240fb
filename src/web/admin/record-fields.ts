/**
 * The fields of each kind of collection and authority record, as the
 * workspace's form shows them, and the conversion between form values and
 * records. Names are the record's own paths, as in the document form, so the
 * schema's issues land beside their fields.
 * @module
 */
import { VARIANT_TYPES } from '../../domain/authority.js';
import type { RecordKind } from '../../services/record-editing.js';
import type { FormValues } from './document-form-data.js';

export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'area' | 'rich' | 'lines' | 'number' | 'select' | 'check';
  hint?: string;
  options?: readonly string[];
  required?: boolean;
}

const variants: FieldSpec[] = [{ name: 'variants', label: 'Name variants', type: 'text', hint: 'Other romanizations, scripts, aliases.' }];
const common: FieldSpec[] = [
  { name: 'name', label: 'Preferred name', type: 'text', required: true },
  { name: 'description', label: 'Description', type: 'area' },
  { name: 'sameAs', label: 'The same elsewhere', type: 'lines', hint: 'One URI a line: VIAF, Wikidata, GeoNames…' },
];

export const RECORD_LABELS: Record<RecordKind, { one: string; many: string }> = {
  collection: { one: 'Collection', many: 'Collections' },
  person: { one: 'Person', many: 'People' },
  organization: { one: 'Organization', many: 'Organizations' },
  place: { one: 'Place', many: 'Places' },
  subject: { one: 'Subject', many: 'Subjects' },
  repository: { one: 'Repository', many: 'Repositories' },
  funder: { one: 'Funder', many: 'Funders' },
  rights: { one: 'Rights statement', many: 'Rights statements' },
  language: { one: 'Language', many: 'Languages' },
  type: { one: 'Document type', many: 'Document types' },
};

export const RECORD_FIELDS: Record<RecordKind, FieldSpec[]> = {
  collection: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'shortDescription', label: 'Short description', type: 'area' },
    { name: 'description', label: 'Description', type: 'rich', hint: 'Paragraphs in <p>; other HTML beyond the rich-text subset is removed.' },
    { name: 'parent', label: 'Inside collection (id)', type: 'text' },
    { name: 'position', label: 'Position among its siblings', type: 'number' },
    { name: 'order', label: 'Documents listed', type: 'select', options: ['date', 'manual'], hint: 'date: chronologically; manual: in the order set below.' },
    { name: 'themes', label: 'Themes', type: 'lines', hint: 'One a line.' },
    { name: 'editors', label: 'Editors, compilers, curators', type: 'lines', hint: 'One a line.' },
    { name: 'image.url', label: 'Image address', type: 'text', hint: 'media/… or an http(s) URL.' },
    { name: 'image.alt', label: 'Image description (alt text)', type: 'text' },
    { name: 'sample', label: 'Fictional sample', type: 'check' },
  ],
  person: [...common, ...variants, { name: 'born', label: 'Born (EDTF)', type: 'text' }, { name: 'died', label: 'Died (EDTF)', type: 'text' }],
  organization: [...common, ...variants, { name: 'parent', label: 'Part of (organization id)', type: 'text' }],
  place: [
    ...common,
    ...variants,
    { name: 'parent', label: 'Inside (place id)', type: 'text' },
    { name: 'latitude', label: 'Latitude', type: 'number' },
    { name: 'longitude', label: 'Longitude', type: 'number' },
  ],
  subject: [...common, ...variants, { name: 'broader', label: 'Broader subject (id)', type: 'text' }],
  repository: [...common, { name: 'location', label: 'Location', type: 'text' }, { name: 'url', label: 'Web site', type: 'text' }],
  funder: [...common, { name: 'url', label: 'Web site', type: 'text' }],
  rights: [
    ...common,
    { name: 'statement', label: 'Statement', type: 'area', required: true },
    { name: 'uri', label: 'Standard statement URI', type: 'text', hint: 'e.g. https://rightsstatements.org/vocab/InC-EDU/1.0/' },
    { name: 'contact.name', label: 'Permission contact: name', type: 'text' },
    { name: 'contact.email', label: 'Permission contact: email', type: 'text' },
    { name: 'contact.url', label: 'Permission contact: web page', type: 'text' },
  ],
  language: [...common, ...variants],
  type: [...common, { name: 'plural', label: 'Plural label', type: 'text', hint: 'Cables, Memoranda of Conversation…' }],
};

export const hasVariants = (kind: RecordKind) => RECORD_FIELDS[kind].some((f) => f.name === 'variants');
export const VARIANT_TYPE_OPTIONS = ['', ...VARIANT_TYPES] as const;

export function recordFormToInput(kind: RecordKind, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, any> = {};
  const get = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).replace(/\r\n/g, '\n') : '');
  if (typeof fields.id === 'string' && fields.id.trim()) out.id = fields.id.trim();
  for (const f of RECORD_FIELDS[kind]) {
    if (f.name === 'variants') continue;
    const v = get(f.name);
    let value: unknown;
    if (f.type === 'lines') value = v.split('\n').map((l) => l.trim()).filter(Boolean);
    else if (f.type === 'check') value = v === 'on';
    else if (f.type === 'number') value = v.trim() === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : v;
    else value = v.trim() === '' ? undefined : v.trim();
    if (value === undefined) continue;
    const [head, tail] = f.name.split('.');
    if (tail) (out[head!] ??= {})[tail] = value;
    else out[head!] = value;
  }
  if (out.image && !out.image.url) delete out.image;
  if (out.image && out.image.alt === undefined) out.image.alt = '';
  if (hasVariants(kind)) {
    const rows: Record<string, string>[] = [];
    for (let i = 0; i < 500 && (`variants.${i}.name` in fields || i < 1); i++) {
      const name = get(`variants.${i}.name`).trim();
      if (!name) continue;
      const row: Record<string, string> = { name };
      if (get(`variants.${i}.language`).trim()) row.language = get(`variants.${i}.language`).trim();
      if (get(`variants.${i}.type`).trim()) row.type = get(`variants.${i}.type`).trim();
      rows.push(row);
    }
    out.variants = rows;
  }
  return out;
}

export function recordToForm(kind: RecordKind, record: Record<string, any>): FormValues {
  const out: FormValues = { id: record.id };
  for (const f of RECORD_FIELDS[kind]) {
    if (f.name === 'variants') continue;
    const [head, tail] = f.name.split('.');
    const v = tail ? record[head!]?.[tail] : record[head!];
    if (v === undefined || v === null) continue;
    out[f.name] = Array.isArray(v) ? v.join('\n') : typeof v === 'boolean' ? (v ? 'on' : '') : String(v);
  }
  (record.variants as { name: string; language?: string; type?: string }[] | undefined)?.forEach((v, i) => {
    out[`variants.${i}.name`] = v.name;
    if (v.language) out[`variants.${i}.language`] = v.language;
    if (v.type) out[`variants.${i}.type`] = v.type;
  });
  return out;
}
