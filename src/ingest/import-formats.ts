/**
 * The formats `dossier import --format` accepts, by name. sources.ts holds
 * the reader of each (and checks this list against them); the names live
 * here alone so the command line can offer them without loading a reader.
 * @module
 */
export const IMPORT_FORMATS = ['json', 'jsonl', 'csv', 'tei', 'stalin-works', 'prc-laws', 'roc-laws', 'japan-laws', 'udhr', 'wilson-api', 'jfk-records'] as const;

export type ImportFormat = (typeof IMPORT_FORMATS)[number];
