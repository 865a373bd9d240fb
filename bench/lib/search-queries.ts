/**
 * Queries drawn from bench:search's synthetic documents as bench:search
 * draws its rare words, phrases and prefixes, for the scripts that take its
 * searches apart on an archive it kept (profile-search.ts,
 * search-by-turns.ts): a word met once in a sample of 6,000 documents, six
 * letters or more; two adjacent plain words of an English document, eight
 * letters or more together; a common word's first four letters. From
 * another seed than bench:search's, so that their lists have not been read
 * before.
 * @module
 */
import type { FacetRequest } from '../../src/backends/search-index.js';
import { FACETS } from '../../src/search/facets.js';
import { rng, type SyntheticArchive } from './synthetic.js';

const WORD = /^[A-Za-z][a-z]{2,}$/;

/** `n` rare words of the first `docs` synthetic documents, from `seed`. */
export function rareWords(synthetic: SyntheticArchive, docs: number, n: number, seed = 21): string[] {
  const r = rng(seed);
  const df = new Map<string, number>();
  for (let s = 0; s < 6000; s++) {
    for (const w of new Set(synthetic.doc(Math.floor(r() * docs)).text.split(/\s+/).filter((x) => WORD.test(x)).map((x) => x.toLowerCase()))) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const rare = [...df].filter(([w, c]) => c === 1 && w.length >= 6).map(([w]) => w);
  const out: string[] = [];
  while (out.length < n && rare.length > 0) out.push(rare.splice(Math.floor(r() * rare.length), 1)[0]!);
  return out;
}

/** `n` distinct two-word phrases (quoted) of the first `docs` synthetic documents, from `seed`. */
export function phrases(synthetic: SyntheticArchive, docs: number, n: number, seed = 21): string[] {
  const r = rng(seed);
  const out: string[] = [];
  const seen = new Set<string>();
  while (out.length < n) {
    const d = synthetic.doc(Math.floor(r() * docs));
    if (d.lang !== 'en') continue;
    const words = d.text.split(/\s+/);
    const i = Math.floor(r() * (words.length - 1));
    const q = `"${words[i]} ${words[i + 1]}"`;
    if (WORD.test(words[i]!) && WORD.test(words[i + 1]!) && words[i]!.length + words[i + 1]!.length >= 8 && !seen.has(q)) {
      seen.add(q);
      out.push(q);
    }
  }
  return out;
}

/** Words of the first `docs` synthetic documents by the share of a sample of 3,000 that holds them, four letters or more, from `seed`. */
function wordsByShare(synthetic: SyntheticArchive, docs: number, r: () => number): (lo: number, hi: number) => string[] {
  const sample = 3000;
  const df = new Map<string, number>();
  for (let s = 0; s < sample; s++) {
    for (const w of new Set(synthetic.doc(Math.floor(r() * docs)).text.split(/\s+/).filter((x) => WORD.test(x)).map((x) => x.toLowerCase()))) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return (lo, hi) => [...df].filter(([w, c]) => c / sample >= lo && c / sample <= hi && w.length >= 4).map(([w]) => w);
}

/**
 * Up to `n` distinct prefixes of the first `docs` synthetic documents, from `seed`, as bench:search draws its
 * prefixes: the first four letters of a common word (in 15–60% of a sample of 3,000 documents, six letters or
 * more), then `*`.
 */
export function prefixes(synthetic: SyntheticArchive, docs: number, n: number, seed = 21): string[] {
  const r = rng(seed);
  const heads = [...new Set(wordsByShare(synthetic, docs, r)(0.15, 0.6).filter((w) => w.length >= 6).map((w) => `${w.slice(0, 4)}*`))];
  const out: string[] = [];
  while (out.length < n && heads.length > 0) out.push(heads.splice(Math.floor(r() * heads.length), 1)[0]!);
  return out;
}

/** Up to `n` distinct common words (in 15–60% of the documents, as bench:search's), from `seed`: each one's first search reads its list. */
export function commonWords(synthetic: SyntheticArchive, docs: number, n: number, seed = 21): string[] {
  const r = rng(seed);
  const common = wordsByShare(synthetic, docs, r)(0.15, 0.6);
  const out: string[] = [];
  while (out.length < n && common.length > 0) out.push(common.splice(Math.floor(r() * common.length), 1)[0]!);
  return out;
}

/** `n` distinct pairs of a middling word (in 1–30% of the documents) and a common one, as bench:search's two words, from `seed`. */
export function twoWords(synthetic: SyntheticArchive, docs: number, n: number, seed = 21): string[] {
  const r = rng(seed);
  const byShare = wordsByShare(synthetic, docs, r);
  const [mid, common] = [byShare(0.01, 0.3), byShare(0.15, 0.6)];
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < 100 * n; tries++) out.add(`${mid[Math.floor(r() * mid.length)]} ${common[Math.floor(r() * common.length)]}`);
  return [...out];
}

/** `n` distinct words of the first `docs` synthetic English documents' titles as `title:word` (five letters or more), as bench:search's fielded queries, from `seed`. */
export function titleWords(synthetic: SyntheticArchive, docs: number, n: number, seed = 21): string[] {
  const r = rng(seed);
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < 100 * n; tries++) {
    const d = synthetic.doc(Math.floor(r() * docs));
    const words = d.lang === 'en' ? d.title.split(/\s+/).filter((x) => WORD.test(x) && x.length >= 5) : [];
    if (words.length) out.add(`title:${words[Math.floor(r() * words.length)]!.toLowerCase()}`);
  }
  return [...out];
}

/** The kinds of query profile-search.ts and search-by-turns.ts take (`--kind`), with what they are called in their output and how they are drawn. */
export const QUERY_KINDS = {
  rare: { name: 'rare words', draw: rareWords },
  phrase: { name: 'phrases', draw: phrases },
  prefix: { name: 'prefixes', draw: prefixes },
  common: { name: 'common words', draw: commonWords },
  two: { name: 'pairs of words', draw: twoWords },
  fielded: { name: 'title words', draw: titleWords },
} as const;
export type QueryKind = keyof typeof QUERY_KINDS;

/** `--kind` checked: one of {@link QUERY_KINDS}. */
export function queryKind(kind: string | undefined): QueryKind {
  if (kind && Object.hasOwn(QUERY_KINDS, kind)) return kind as QueryKind;
  throw new Error(`--kind: ${Object.keys(QUERY_KINDS).join(', ')}, not ${kind}`);
}

/** `n` queries of `kind` (fewer when the documents have fewer distinct ones). */
export function queriesOf(kind: QueryKind, synthetic: SyntheticArchive, docs: number, n: number): string[] {
  return QUERY_KINDS[kind].draw(synthetic, docs, n);
}

/** Every facet's counts, as bench:search asks for them beside its top 20 (a year's and a decade's every value). */
export function allFacets(): FacetRequest[] {
  return FACETS.map((f) => ({ id: f.id, limit: f.id === 'year' || f.id === 'decade' ? 0 : f.limit + 1 }));
}
