/**
 * IIIF Image API 3 request parameters — `{region}/{size}/{rotation}/{quality}.{format}`
 * (https://iiif.io/api/image/3.0/#4-image-requests) — parsed against one image's
 * width and height into the canonical form (§4.7) under which the static
 * level 0 derivatives are stored. Syntax errors and values out of range are a
 * ValidationError naming the parameter (400, as §7 asks); valid requests that
 * a level 0 service does not offer (a rotation, grey, PNG) are `unsupported`,
 * which the routes answer with 404, as §7 allows ("the value of one or more
 * of the parameters is not supported for this image resource").
 * @module
 */
import { ValidationError } from '../../../domain/errors.js';

export interface ImageRequest {
  /** Canonical region: `full` or `x,y,w,h` in pixels of the full image. */
  region: string;
  /** Canonical size: `max` (the whole region at full resolution) or `w,h`. */
  size: string;
  /** Candidate sizes to look for on disk: libvips and clients round `w,` and `,h` differently. */
  sizeAlternatives: string[];
  /** Why a level 0 service cannot answer, naming the parameter; undefined when it may. */
  unsupported?: { parameter: 'rotation' | 'quality' | 'format' | 'size'; message: string };
}

const QUALITIES = ['default', 'color', 'gray', 'bitonal'] as const;
const FORMATS = ['jpg', 'tif', 'png', 'gif', 'jp2', 'pdf', 'webp'] as const;
const NUMBER = /^\d+(?:\.\d+)?$/;
const INTEGER = /^\d+$/;

function bad(parameter: string, message: string): never {
  throw new ValidationError([{ path: parameter, message }], 'Invalid IIIF image request');
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Region (§4.1), cropped to the image; entirely outside the image or empty is an error. */
export function parseRegion(value: string, width: number, height: number): Box {
  if (value === 'full') return { x: 0, y: 0, w: width, h: height };
  if (value === 'square') {
    const side = Math.min(width, height);
    return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), w: side, h: side };
  }
  const pct = value.startsWith('pct:');
  const parts = (pct ? value.slice(4) : value).split(',');
  if (parts.length !== 4 || parts.some((p) => !(pct ? NUMBER : INTEGER).test(p))) {
    bad('region', `"${value}" is not full, square, x,y,w,h or pct:x,y,w,h`);
  }
  let [x, y, w, h] = parts.map(Number) as [number, number, number, number];
  if (pct) {
    if ([x, y, w, h].some((n) => n > 100)) bad('region', `percentages in "${value}" must be at most 100`);
    [x, y, w, h] = [Math.round((x * width) / 100), Math.round((y * height) / 100), Math.round((w * width) / 100), Math.round((h * height) / 100)];
  }
  if (w <= 0 || h <= 0) bad('region', `"${value}" has a zero width or height`);
  if (x >= width || y >= height) bad('region', `"${value}" lies outside the image (${width} × ${height} pixels)`);
  return { x, y, w: Math.min(w, width - x), h: Math.min(h, height - y) };
}

/** Size (§4.2) of the given region, as whole pixels. */
export function parseSize(value: string, region: Box): { w: number; h: number; alternatives: [number, number][] } {
  const upscale = value.startsWith('^');
  const v = upscale ? value.slice(1) : value;
  let w: number;
  let h: number;
  const alternatives: [number, number][] = [];
  const ratio = region.w / region.h;
  let m: RegExpExecArray | null;
  if (v === 'max') {
    [w, h] = [region.w, region.h];
  } else if ((m = /^pct:(\d+(?:\.\d+)?)$/.exec(v))) {
    const n = Number(m[1]);
    if (n <= 0) bad('size', `"${value}" must be more than 0 per cent`);
    if (n > 100 && !upscale) bad('size', `"${value}" is over 100 per cent without "^"`);
    [w, h] = [Math.round((region.w * n) / 100), Math.round((region.h * n) / 100)];
    alternatives.push([Math.ceil((region.w * n) / 100), Math.ceil((region.h * n) / 100)]);
  } else if ((m = /^(\d+),$/.exec(v))) {
    w = Number(m[1]);
    h = Math.round(w / ratio);
    alternatives.push([w, Math.ceil(w / ratio)], [w, Math.floor(w / ratio)]);
  } else if ((m = /^,(\d+)$/.exec(v))) {
    h = Number(m[1]);
    w = Math.round(h * ratio);
    alternatives.push([Math.ceil(h * ratio), h], [Math.floor(h * ratio), h]);
  } else if ((m = /^(!)?(\d+),(\d+)$/.exec(v))) {
    const [bw, bh] = [Number(m[2]), Number(m[3])];
    if (m[1]) {
      // Best fit inside bw × bh, keeping the aspect ratio.
      const scale = Math.min(bw / region.w, bh / region.h);
      [w, h] = [Math.max(1, Math.round(region.w * scale)), Math.max(1, Math.round(region.h * scale))];
    } else {
      [w, h] = [bw, bh];
    }
  } else {
    bad('size', `"${value}" is not max, w,, ,h, pct:n, w,h or !w,h (each optionally after "^")`);
  }
  if (w <= 0 || h <= 0) bad('size', `"${value}" gives an image with no pixels`);
  if (!upscale && (w > region.w || h > region.h)) {
    bad('size', `"${value}" is larger than the region (${region.w} × ${region.h}); upscaling needs "^"`);
  }
  return { w, h, alternatives: alternatives.filter(([aw, ah]) => aw > 0 && ah > 0 && (aw !== w || ah !== h)) };
}

/** Parses one image request for an image of `width` × `height` pixels. */
export function parseImageRequest(
  params: { region: string; size: string; rotation: string; quality: string },
  width: number,
  height: number,
): ImageRequest {
  const region = parseRegion(params.region, width, height);
  const size = parseSize(params.size, region);

  const rotation = /^(!)?(\d+(?:\.\d+)?)$/.exec(params.rotation);
  if (!rotation) bad('rotation', `"${params.rotation}" is not a number of degrees (optionally after "!")`);
  const degrees = Number(rotation[2]);
  if (degrees > 360) bad('rotation', `"${params.rotation}" is more than 360 degrees`);

  const qf = /^([a-z]+)\.([a-z0-9]+)$/.exec(params.quality);
  if (!qf) bad('quality', `"${params.quality}" is not {quality}.{format}, e.g. default.jpg`);
  const [, quality, format] = qf;
  if (!(QUALITIES as readonly string[]).includes(quality!)) bad('quality', `"${quality}" is not one of ${QUALITIES.join(', ')}`);
  if (!(FORMATS as readonly string[]).includes(format!)) bad('format', `"${format}" is not one of ${FORMATS.join(', ')}`);

  const full = region.x === 0 && region.y === 0 && region.w === width && region.h === height;
  const canonicalSize = (w: number, h: number) => (full && w === width && h === height ? 'max' : `${w},${h}`);
  const result: ImageRequest = {
    region: full ? 'full' : `${region.x},${region.y},${region.w},${region.h}`,
    size: canonicalSize(size.w, size.h),
    sizeAlternatives: size.alternatives.map(([w, h]) => canonicalSize(w, h)),
  };
  if (rotation[1] || degrees % 360 !== 0) result.unsupported = { parameter: 'rotation', message: `this level 0 service serves rotation 0 only, not "${params.rotation}"` };
  else if (quality !== 'default' && quality !== 'color') result.unsupported = { parameter: 'quality', message: `this level 0 service serves the default quality only, not "${quality}"` };
  else if (format !== 'jpg') result.unsupported = { parameter: 'format', message: `this level 0 service serves jpg only, not "${format}"` };
  else if (size.w > region.w || size.h > region.h) result.unsupported = { parameter: 'size', message: `this level 0 service does not upscale ("${params.size}")` };
  return result;
}
