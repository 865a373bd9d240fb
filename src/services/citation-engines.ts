/**
 * citeproc run directly, one warm engine per style, for the "Cite this"
 * texts. citation-js's `Cite.format` (still used for the BibTeX and RIS
 * exports) parses the item afresh, resets its engine and, for a note,
 * rebuilds the processor's state — registering the item a second time, which
 * costs as much as formatting it. Here each style's engine registers the
 * item once, gives its bibliography entry, and the Chicago engine then gives
 * the note from the same registration: about half the time, and the same
 * text (`citation-memo.test.ts` compares the two over whole archives).
 * citeproc is synchronous, so the engines' one "current item" is never
 * shared between two requests.
 * @module
 */
import { createRequire } from 'node:module';
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import type { CslItem } from './citations.js';
import { APA, CHICAGO, MLA } from './citation-styles.js';

interface Engine {
  setOutputFormat(format: 'html'): void;
  opt: { development_extensions: { wrap_url_and_doi: boolean } };
  updateItems(ids: string[]): void;
  makeBibliography(): [unknown, string[]];
  makeCitationCluster(items: { id: string }[]): string;
}

let current: CslItem | undefined;
let engines: Record<'chicago' | 'mla' | 'apa', Engine> | undefined;

function start(): NonNullable<typeof engines> {
  // Required, not imported: an ESM import of this 1 MB CommonJS file makes Node scan it for named
  // exports at start-up (hundreds of milliseconds); plugin-csl has already required it, so this is a lookup.
  const CSL = createRequire(import.meta.url)('citeproc') as { Engine: new (...args: unknown[]) => Engine };
  // plugin-csl's locales (en-US among them), as citation-js hands them to citeproc.
  const locales = plugins.config.get('@csl')?.locales;
  if (!locales) throw new Error('@citation-js/plugin-csl is not loaded');
  const sys = {
    retrieveLocale: (lang: string) => locales.get(lang) ?? locales.get(lang.replace('-', '_')) ?? {},
    retrieveItem: (id: string) => {
      if (current?.id !== id) throw new Error(`Cannot find entry with id '${id}'`);
      return current;
    },
  };
  const engine = (xml: string): Engine => {
    const e = new CSL.Engine(sys, xml, 'en-US', true);
    e.setOutputFormat('html');
    e.opt.development_extensions.wrap_url_and_doi = false;
    return e;
  };
  return { chicago: engine(CHICAGO), mla: engine(MLA), apa: engine(APA) };
}

/** The item's Chicago note and Chicago, MLA and APA bibliography entries, as HTML without citeproc's wrapping `<div>`s. */
export function formatWithEngines(item: CslItem): { chicagoNote: string; chicago: string; mla: string; apa: string } {
  engines ??= start();
  current = item;
  try {
    const entry = (e: Engine) => {
      // The registry keeps what it formatted by id: emptied first, so a record's new version is formatted anew.
      e.updateItems([]);
      e.updateItems([item.id]);
      const [, entries] = e.makeBibliography();
      return (entries[0] ?? '').replace(/^\s*<div[^>]*class="csl-entry"[^>]*>/, '').replace(/<\/div>\s*$/, '').trim();
    };
    const chicago = entry(engines.chicago);
    // The note from the registration the bibliography entry made.
    const chicagoNote = engines.chicago.makeCitationCluster([{ id: item.id }]).trim();
    return { chicagoNote, chicago, mla: entry(engines.mla), apa: entry(engines.apa) };
  } finally {
    current = undefined;
  }
}

/** The item's Chicago note alone (for a page that shows no other style): one citeproc run instead of four. */
export function formatChicagoNoteWithEngine(item: CslItem): string {
  engines ??= start();
  current = item;
  try {
    engines.chicago.updateItems([]);
    engines.chicago.updateItems([item.id]);
    return engines.chicago.makeCitationCluster([{ id: item.id }]).trim();
  } finally {
    current = undefined;
  }
}
