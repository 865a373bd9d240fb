/**
 * The small part of citation-js that Dossier uses (the package ships no types).
 * @module
 */
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: Record<string, unknown>);
    format(format: string, options?: Record<string, unknown>): string;
  }
  export const plugins: {
    config: {
      get(name: string): { styles: { add(name: string, xml: string): void; has(name: string): boolean }; locales: { get(name: string): string | undefined } } | undefined;
    };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
