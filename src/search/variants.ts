/**
 * Name variants at query time: when the words of a query (a phrase, a run of
 * plain words, or one word) are a name of a person, organization or place —
 * in any romanization or script — they are replaced by "any name of that
 * authority": "Jiang Jieshi" searches for Chiang Kai-shek, 蔣介石 and 蒋介石 too.
 * The authority records are the source of truth; a lookup function (the
 * Store) finds them by name. Backend-neutral: the expanded query is an
 * ordinary OR of phrases.
 * @module
 */
import * as OpenCC from 'opencc-js';
import { foldName } from '../domain/names.js';
import { personNameKeys } from '../domain/person-name.js';
import { toSimplified } from './chinese.js';
import type { QueryNode, TextField } from './query.js';

export interface NamedAuthority {
  kind: 'person' | 'organization' | 'place';
  id: string;
  name: string;
  variants: string[];
}

/** Finds authorities any of whose names is one of `names` (folded as the Store folds them). */
export type AuthorityLookup = (names: string[]) => Promise<NamedAuthority[]>;

export interface VariantGroup {
  /** The words of the query that named the authority, as typed. */
  query: string;
  authority: NamedAuthority;
  /** Every name searched for it (preferred name first). */
  names: string[];
}

/** Longest run of plain words tried as one name. */
const MAX_WINDOW = 5;
/** Most names one authority expands to, so a query stays bounded. */
const MAX_NAMES = 16;

let toTraditional: ((s: string) => string) | undefined;

/** Spellings under which a name may be stored: as typed, and in simplified and traditional characters. */
export function nameKeys(text: string): string[] {
  const traditional = (toTraditional ??= OpenCC.Converter({ from: 'cn', to: 't' }));
  const keys = new Set([text, toSimplified(text), traditional(text)].map(foldName).filter((k) => k.length >= 2));
  return [...keys];
}

type Leaf = Extract<QueryNode, { type: 'term' | 'phrase' }>;
const NAME_FIELDS: readonly (TextField | undefined)[] = [undefined, 'person', 'place', 'title', 'text', 'summary'];

/** Plain words and phrases that can name something: not prefixes, not restricted to identifiers. */
function nameable(node: QueryNode): node is Leaf {
  return (node.type === 'term' && !node.prefix && NAME_FIELDS.includes(node.field)) || (node.type === 'phrase' && NAME_FIELDS.includes(node.field));
}

/** Every candidate text of a query: each nameable leaf, and each run of up to MAX_WINDOW plain words of one AND. */
function candidates(node: QueryNode, out: string[]): void {
  if (nameable(node)) out.push(node.text);
  if (node.type === 'not') candidates(node.child, out);
  if (node.type !== 'and' && node.type !== 'or') return;
  for (const c of node.children) candidates(c, out);
  if (node.type === 'and') {
    for (const run of wordRuns(node.children)) {
      for (let i = 0; i < run.length; i++) {
        for (let len = 2; len <= MAX_WINDOW && i + len <= run.length; len++) out.push(run.slice(i, i + len).map((n) => n.text).join(' '));
      }
    }
  }
}

/** Maximal runs of adjacent plain words (no field, no prefix) among an AND's children. */
function wordRuns(children: QueryNode[]): Leaf[][] {
  const runs: Leaf[][] = [];
  let run: Leaf[] = [];
  for (const c of children) {
    if (c.type === 'term' && !c.prefix && !c.field) run.push(c);
    else {
      if (run.length > 1) runs.push(run);
      run = [];
    }
  }
  if (run.length > 1) runs.push(run);
  return runs;
}

/**
 * Replaces every name in the query by all its variants. Longer runs of words
 * win over their parts ("Chiang Kai-shek" over "Chiang").
 */
export async function expandVariants(root: QueryNode | undefined, lookup: AuthorityLookup): Promise<{ query: QueryNode | undefined; groups: VariantGroup[] }> {
  if (!root) return { query: root, groups: [] };
  const texts: string[] = [];
  candidates(root, texts);
  if (texts.length === 0) return { query: root, groups: [] };
  const byKey = new Map<string, NamedAuthority[]>();
  // A person's name is looked up in either order ("Jawaharlal Nehru" finds "Nehru, Jawaharlal").
  const found = await lookup([...new Set(texts.flatMap((t) => [...nameKeys(t), ...personNameKeys(t)]))]);
  for (const a of found) {
    for (const name of [a.name, ...a.variants]) {
      for (const key of a.kind === 'person' ? [...nameKeys(name), ...personNameKeys(name)] : nameKeys(name)) byKey.set(key, [...(byKey.get(key) ?? []).filter((x) => x !== a), a]);
    }
  }
  if (byKey.size === 0) return { query: root, groups: [] };
  const groups: VariantGroup[] = [];
  const match = (text: string): NamedAuthority[] => {
    const seen = new Set<NamedAuthority>();
    for (const key of nameKeys(text)) for (const a of byKey.get(key) ?? []) seen.add(a);
    for (const key of personNameKeys(text)) for (const a of byKey.get(key) ?? []) if (a.kind === 'person') seen.add(a);
    return [...seen];
  };
  const expand = (text: string, field: TextField | undefined, authorities: NamedAuthority[]): QueryNode => {
    const names: string[] = [];
    for (const a of authorities) {
      for (const n of [a.name, ...a.variants]) if (!names.some((x) => foldName(x) === foldName(n))) names.push(n);
      groups.push({ query: text, authority: a, names: [a.name, ...a.variants].slice(0, MAX_NAMES) });
    }
    if (!names.some((n) => foldName(n) === foldName(text))) names.unshift(text);
    const children: QueryNode[] = names.slice(0, MAX_NAMES * 2).map((n) => (/\s/.test(n.trim()) ? { type: 'phrase', text: n } : { type: 'term', text: n }));
    return { type: 'or', combine: 'max', children: field ? children.map((c) => ({ ...c, field }) as QueryNode) : children };
  };
  const visit = (node: QueryNode): QueryNode => {
    if (nameable(node)) {
      const hit = match(node.text);
      return hit.length ? expand(node.text, node.field, hit) : node;
    }
    if (node.type === 'not') return { type: 'not', child: visit(node.child) };
    if (node.type === 'or') return { ...node, children: node.children.map(visit) };
    if (node.type !== 'and') return node;
    // Longest runs of plain words first.
    const children = [...node.children];
    const out: QueryNode[] = [];
    let i = 0;
    while (i < children.length) {
      const c = children[i]!;
      let replaced = false;
      if (c.type === 'term' && !c.prefix && !c.field) {
        let end = i;
        while (end < children.length && end - i < MAX_WINDOW) {
          const n = children[end]!;
          if (n.type !== 'term' || n.prefix || n.field) break;
          end++;
        }
        for (let len = end - i; len >= 2 && !replaced; len--) {
          const text = children.slice(i, i + len).map((n) => (n as Leaf).text).join(' ');
          const hit = match(text);
          if (hit.length) {
            out.push(expand(text, undefined, hit));
            i += len;
            replaced = true;
          }
        }
      }
      if (!replaced) {
        out.push(visit(c));
        i++;
      }
    }
    return out.length === 1 ? out[0]! : { type: 'and', children: out };
  };
  return { query: visit(root), groups };
}
