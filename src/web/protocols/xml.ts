/**
 * Writing XML by hand for the open interfaces (OAI-PMH, sitemaps, Atom):
 * escaping, and dropping the characters XML 1.0 cannot carry at all (control
 * characters and unpaired surrogates, which OCR'd sources do contain), so a
 * response is always well-formed whatever a record holds.
 * @module
 */

// Characters not allowed anywhere in an XML 1.0 document, even escaped.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(value: string | number): string {
  return String(value).replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(value: string | number): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

export type Attributes = Record<string, string | number | boolean | undefined | null>;

export function attrs(values: Attributes = {}): string {
  let out = '';
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') out += ` ${k}="${xmlAttr(String(v))}"`;
  return out;
}

/** `<name a="…">text</name>`, or nothing when the text is absent or blank (and there are no attributes). */
export function element(name: string, text: string | number | undefined | null, attributes?: Attributes): string {
  const a = attrs(attributes);
  if (text === undefined || text === null || String(text).trim() === '') return a ? `<${name}${a}/>` : '';
  return `<${name}${a}>${xmlText(text)}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
