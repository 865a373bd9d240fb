import { describe, expect, it } from 'vitest';
import { imageIdFor, isLocalMediaPath, parseImageId } from './image-ids.js';

describe('IIIF image identifiers', () => {
  it('name a scan by its path under media/, a PDF page by its number, and read back exactly', () => {
    const cases: [string, number | undefined, string][] = [
      ['media/demo-0029-p1.jpg', undefined, 'demo-0029-p1.jpg'],
      ['media/frus/1861/d12.pdf', 3, 'frus~1861~d12.pdf~page-3'],
      ['media/a/page-2.jpg', undefined, 'a~page-2.jpg'],
    ];
    for (const [path, page, id] of cases) {
      expect(imageIdFor(path, page)).toBe(id);
      expect(parseImageId(id)).toEqual(page ? { mediaPath: path, page } : { mediaPath: path });
    }
  });

  it('name nothing outside the media folder', () => {
    for (const id of ['..~package.json', '.hidden.jpg', '', 'a~~b.jpg', '%2e%2e', 'a~..~b.jpg']) expect(parseImageId(id), id).toBeUndefined();
    expect(parseImageId('x.pdf~page-0')).toBeUndefined();
    expect(isLocalMediaPath('media/../package.json')).toBe(false);
    expect(isLocalMediaPath('https://example.org/a.jpg')).toBe(false);
  });
});
