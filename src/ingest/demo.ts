/**
 * The demo archive that ships with Dossier (demo/records/), loaded through the
 * ordinary import path on first run. Its documents are either fictional
 * samples (flagged `sample`, and marked on every page) or real documents
 * described only by facts, with summaries written for the demo.
 * @module
 */
import { DEMO_DIR } from '../package-paths.js';
import type { Archive } from '../services/archive.js';
import { emptyReport, importItems, type ImportReport } from './import-service.js';
import { findSourceFiles, readSources } from './sources.js';

export const DEMO_SITE = { name: 'Dossier Demonstration Archive', tagline: 'Declassified documents on East Asia and the Cold War — a demonstration of Dossier' };

/** Loads the demo records and names the site; returns the import report (it has no failures unless the demo is broken). */
export async function loadDemo(archive: Archive, dir = DEMO_DIR): Promise<ImportReport> {
  const files = await findSourceFiles([dir]);
  const report = await importItems(archive, readSources(files, undefined, { bytesRead: 0 }), { actor: 'demo' }, emptyReport());
  const { store } = archive.backend;
  if (!(await store.getSetting('site.name'))) await store.putSetting('site.name', DEMO_SITE.name);
  if (!(await store.getSetting('site.tagline'))) await store.putSetting('site.tagline', DEMO_SITE.tagline);
  await store.putSetting('demo.loaded', new Date().toISOString());
  return report;
}
