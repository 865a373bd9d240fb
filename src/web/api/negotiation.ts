/**
 * HTTP content negotiation for document URLs (RFC 9110 §12.5.1): which of
 * the representations we have a client's `Accept` header prefers. The
 * header comes from anywhere, so the reader never throws: a malformed part is
 * skipped, and a header that names nothing we have falls back to the first
 * offer (the HTML page) rather than a 406, since browsers and crawlers send
 * all sorts.
 * @module
 */

interface Range {
  type: string;
  subtype: string;
  q: number;
  /** More specific ranges win ties: type/subtype over type/* over *\/*. */
  specificity: number;
}

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.slice(0, 4096).split(',')) {
    const [media = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const m = /^([a-z0-9!#$&^_.+-]+|\*)\/([a-z0-9!#$&^_.+-]+|\*)$/.exec(media);
    if (!m) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q < 0 || q > 1) continue;
    const [, type = '', subtype = ''] = m;
    if (type === '*' && subtype !== '*') continue;
    ranges.push({ type, subtype, q, specificity: type === '*' ? 0 : subtype === '*' ? 1 : 2 });
  }
  return ranges;
}

/** The offer (a media type such as `application/json`) the header prefers; ties go to the earlier offer. */
export function negotiate<T extends string>(accept: string | undefined, offers: readonly [T, ...T[]]): T {
  if (!accept) return offers[0];
  const ranges = parseAccept(accept);
  let best: { offer: T; q: number } | undefined;
  for (const offer of offers) {
    const [type, subtype] = offer.split('/') as [string, string];
    const match = ranges
      .filter((r) => (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype))
      .sort((a, b) => b.specificity - a.specificity)[0];
    if (match && match.q > 0 && (!best || match.q > best.q)) best = { offer, q: match.q };
  }
  return best?.offer ?? offers[0];
}
