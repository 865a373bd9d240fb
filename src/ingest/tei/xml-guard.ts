/**
 * What a TEI file may carry in its DOCTYPE. Dossier never reads a DTD: an
 * external one (`SYSTEM`/`PUBLIC`) could point at a local file or a remote
 * host, and entity declarations are how external-entity reads (XXE) and
 * expansion bombs ("billion laughs") are built. None of the real corpora
 * needs either, so the rule is strict and simple: a bare `<!DOCTYPE TEI>`
 * passes, anything that declares or fetches something is refused before a
 * single record is read, with the construct named.
 * @module
 */

/** A file refused for what its DOCTYPE asks the parser to do, with where it said so. */
export class XmlRefusedError extends Error {
  override name = 'XmlRefusedError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`refused XML at line ${line}, column ${column}: ${reason}`);
  }
}

const DECLARATION = /<!(ENTITY|ELEMENT|ATTLIST|NOTATION)\s+(%\s+)?([^\s>]*)\s*(?:(SYSTEM|PUBLIC)\s+(?:"[^"]*"\s*)?["']([^"']*)["'])?/;
const EXTERNAL_DTD = /^\s*\S+\s+(?:SYSTEM\s+(["'])(.*?)\1|PUBLIC\s+(["'])(.*?)\3(?:\s+(["'])(.*?)\5)?)/;

/** Why the DOCTYPE body (the text saxes reports after `<!DOCTYPE`) is refused, or undefined when it is a bare name. */
export function refuseDoctype(doctype: string): string | undefined {
  const external = EXTERNAL_DTD.exec(doctype);
  if (external) {
    const target = external[2] ?? external[6] ?? external[4];
    return `DOCTYPE refers to an external DTD ("${target}"); Dossier never reads a DTD: remove the DOCTYPE`;
  }
  const declaration = DECLARATION.exec(doctype);
  if (declaration) {
    const [, kind, parameter, name, external, target] = declaration;
    if (kind === 'ENTITY' && external) {
      return `DOCTYPE declares an external entity "${parameter ? '%' : ''}${name}" (${external} "${target}"); external entities are never read`;
    }
    if (kind === 'ENTITY') {
      return `DOCTYPE declares an entity "${parameter ? '%' : ''}${name}"; entity declarations are refused (they are how expansion bombs are built): remove the internal subset`;
    }
    return `DOCTYPE declares ${kind} "${name}"; Dossier reads no DTD: remove the internal subset`;
  }
  if (/\[/.test(doctype)) return 'DOCTYPE has an internal subset; Dossier reads no DTD: remove it';
  return undefined;
}
