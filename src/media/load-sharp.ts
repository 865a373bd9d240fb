/**
 * sharp (libvips), loaded the first time an image is described or drawn
 * rather than when the program starts: its native library is ~20 MB of every
 * process's memory, and most never touch an image (`dossier import`, whose
 * peak memory has a budget, or a server answering pages).
 * @module
 */
import type Sharp from 'sharp';

let loaded: Promise<typeof Sharp> | undefined;

export function loadSharp(): Promise<typeof Sharp> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false); // derivatives are written once and served as files; libvips' cache would only hold memory
    return sharp;
  });
  return loaded;
}
