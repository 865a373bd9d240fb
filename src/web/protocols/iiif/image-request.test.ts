import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../domain/errors.js';
import { parseImageRequest } from './image-request.js';

const W = 1240;
const H = 1754;
const parse = (region: string, size: string, rotation = '0', quality = 'default.jpg') => parseImageRequest({ region, size, rotation, quality }, W, H);

/** The parameter a bad request is refused for. */
function refused(region: string, size: string, rotation = '0', quality = 'default.jpg'): string | undefined {
  try {
    parse(region, size, rotation, quality);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues[0]!.path;
  }
}

describe('IIIF image requests', () => {
  it('brings every spelling of a request to its canonical form (Image API §4.7)', () => {
    expect(parse('full', 'max')).toMatchObject({ region: 'full', size: 'max' });
    expect(parse('0,0,1240,1754', '1240,1754')).toMatchObject({ region: 'full', size: 'max' });
    expect(parse('pct:0,0,100,100', 'pct:100')).toMatchObject({ region: 'full', size: 'max' });
    expect(parse('full', '310,')).toMatchObject({ region: 'full', size: '310,439' });
    expect(parse('full', ',439')).toMatchObject({ region: 'full', size: '310,439' });
    expect(parse('full', '!400,400')).toMatchObject({ size: '283,400' });
    expect(parse('square', 'max')).toMatchObject({ region: '0,257,1240,1240' });
    // A region past the edge is cut to the image, as OpenSeadragon's edge tiles expect.
    expect(parse('1024,1536,512,512', '216,218')).toMatchObject({ region: '1024,1536,216,218', size: '216,218' });
    expect(parse('1024,0,216,1024', '108,')).toMatchObject({ region: '1024,0,216,1024', size: '108,512' });
  });

  it('offers the neighbouring roundings of w, and ,h, since servers and clients round differently', () => {
    const r = parse('full', '155,');
    expect([r.size, ...r.sizeAlternatives]).toEqual(expect.arrayContaining(['155,220', '155,219']));
  });

  it('refuses what is out of range or not IIIF syntax, naming the parameter', () => {
    expect(refused('-1,0,10,10', 'max')).toBe('region');
    expect(refused('1240,0,10,10', 'max')).toBe('region');
    expect(refused('0,0,10', 'max')).toBe('region');
    expect(refused('pct:0,0,101,10', 'max')).toBe('region');
    expect(refused('full', '1241,')).toBe('size');
    expect(refused('full', '0,0')).toBe('size');
    expect(refused('full', 'pct:101')).toBe('size');
    expect(refused('full', 'pct:0')).toBe('size');
    expect(refused('full', '12x12')).toBe('size');
    expect(refused('full', 'max', '360.5')).toBe('rotation');
    expect(refused('full', 'max', '1e3')).toBe('rotation');
    expect(refused('full', 'max', '0', 'best.jpg')).toBe('quality');
    expect(refused('full', 'max', '0', 'default.exe')).toBe('format');
    expect(refused('full', 'max')).toBeUndefined();
  });

  it('tells valid requests a level 0 service cannot serve from bad ones', () => {
    expect(parse('full', 'max', '90').unsupported?.parameter).toBe('rotation');
    expect(parse('full', 'max', '!0').unsupported?.parameter).toBe('rotation');
    expect(parse('full', 'max', '360').unsupported).toBeUndefined();
    expect(parse('full', 'max', '0', 'bitonal.jpg').unsupported?.parameter).toBe('quality');
    expect(parse('full', 'max', '0', 'color.jpg').unsupported).toBeUndefined();
    expect(parse('full', 'max', '0', 'default.webp').unsupported?.parameter).toBe('format');
    expect(parse('full', '^2480,').unsupported?.parameter).toBe('size');
  });
});
