/**
 * The OAI-PMH response frame (protocol §3.2): response date, the request
 * echoed, then either the verb's element or errors. The request is echoed
 * with its arguments only when they were accepted (§3.2 says so for
 * badVerb and badArgument), and only values the schema's types admit.
 * @module
 */
import { attrs, XML_DECLARATION, xmlText } from '../xml.js';
import type { OaiError } from './arguments.js';

export const OAI_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/';
const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd';

// The patterns of metadataPrefixType and setSpecType in OAI-PMH.xsd.
const PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;
const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(?::[A-Za-z0-9\-_.!~*'()]+)*$/;

export function envelope(baseUrl: string, echo: Record<string, string> | undefined, body: string, now: Date): string {
  const request = echo ? attrs(echoable(echo)) : '';
  return (
    XML_DECLARATION +
    `<OAI-PMH xmlns="${OAI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${OAI_NAMESPACE} ${OAI_SCHEMA}">` +
    `\n<responseDate>${utcSeconds(now)}</responseDate>` +
    `\n<request${request}>${xmlText(baseUrl)}</request>\n` +
    body +
    '\n</OAI-PMH>\n'
  );
}

export function errorBody(errors: readonly OaiError[]): string {
  return errors.map((e) => `<error code="${e.code}">${xmlText(e.message)}</error>`).join('');
}

export function utcSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function echoable(echo: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(echo)) {
    if (k === 'metadataPrefix' && !PREFIX.test(v)) continue;
    if (k === 'set' && !SET_SPEC.test(v)) continue;
    if (k === 'identifier' && (/\s/.test(v) || v.length > 1000)) continue;
    out[k] = v;
  }
  return out;
}
