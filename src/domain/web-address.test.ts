import { describe, expect, it } from 'vitest';
import { parseArchiveRecord } from './archive-record.js';

const doc = (extra: Record<string, unknown>) => ({ kind: 'document', id: 'x1', title: 'X', status: 'published', ...extra });

describe('addresses in records', () => {
  it('accepts only http(s) in source.url: a javascript: link fails the record naming the field', () => {
    expect(parseArchiveRecord(doc({ source: { url: 'https://example.org/a' } })).ok).toBe(true);
    const bad = parseArchiveRecord(doc({ source: { url: 'javascript:alert(1)' } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => `${i.path}: ${i.message}`).join()).toMatch(/source\.url: expected an http\(s\) URL/);
  });

  it('refuses a media path that climbs out of the media folder', () => {
    expect(parseArchiveRecord(doc({ media: [{ kind: 'pdf', url: 'media/scans/a.pdf' }] })).ok).toBe(true);
    const bad = parseArchiveRecord(doc({ media: [{ kind: 'pdf', url: 'media/../../etc/passwd' }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.message).join()).toMatch(/may not contain/);
    const image = parseArchiveRecord({ kind: 'collection', id: 'c1', title: 'C', image: { url: 'media/../x.jpg', alt: '' } });
    expect(image.ok).toBe(false);
  });
});
