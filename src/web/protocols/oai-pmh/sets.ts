/**
 * Collections as OAI-PMH sets (protocol §3.6). A collection's setSpec is the
 * path of collection ids from its top-level collection down, joined by ":",
 * so a FRUS chapter is `frus1969-76v17:ch1` inside the set of its volume.
 * Record ids may hold "/", which a setSpec may not (its characters are
 * URI "unreserved" ones); "/" becomes "!", which no record id contains, so
 * the mapping reads back unambiguously.
 * @module
 */
import type { Collection } from '../../../domain/collection.js';

export interface SetTree {
  /** setSpec of every collection. */
  specOf(id: string): string;
  /** The collection a setSpec names, or undefined. */
  find(spec: string): Collection | undefined;
  /** A collection and every collection inside it: selective harvesting by a set takes its subsets too. */
  subtree(id: string): string[];
  all: Collection[];
}

const encodePart = (id: string) => id.replaceAll('/', '!');

export function setTree(collections: Collection[]): SetTree {
  const byId = new Map(collections.map((c) => [c.id, c]));
  const children = new Map<string, string[]>();
  for (const c of collections) if (c.parent && byId.has(c.parent)) children.set(c.parent, [...(children.get(c.parent) ?? []), c.id]);
  const specs = new Map<string, string>();
  const specOf = (id: string): string => {
    const known = specs.get(id);
    if (known) return known;
    const path: string[] = [];
    const seen = new Set<string>();
    // records.ts refuses loops, but an older archive's tree should not hang a harvest.
    for (let c = byId.get(id); c && !seen.has(c.id); c = c.parent ? byId.get(c.parent) : undefined) {
      seen.add(c.id);
      path.unshift(encodePart(c.id));
    }
    const spec = path.join(':');
    specs.set(id, spec);
    return spec;
  };
  const bySpec = new Map(collections.map((c) => [specOf(c.id), c]));
  return {
    specOf,
    find: (spec) => bySpec.get(spec),
    subtree: (root) => {
      const ids = [root];
      const seen = new Set(ids);
      for (let i = 0; i < ids.length; i++) for (const child of children.get(ids[i]!) ?? []) if (!seen.has(child)) seen.add(child), ids.push(child);
      return ids;
    },
    all: collections,
  };
}
