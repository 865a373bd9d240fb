/**
 * Possible duplicates among people, organizations and places, for an
 * archivist to look at and merge (`dossier authority duplicates`, then
 * `dossier authority merge`). Import links what is certain (person-links.ts);
 * this lists what needs a human: records whose names are the same once name
 * order, titles and accents are set aside ("Uchida, Yasuya" and "Uchida
 * Yasuya, Viscount"), and people whose given names agree but for initials
 * ("Morris, Roland S." and "Roland Morris", "R. Lansing" and "Robert
 * Lansing"); last, records named by the same bare family name ("Gibson" in
 * five FRUS volumes), which may well be different people. Two people whose
 * given names differ ("Lansing, Robert", "Lansing, John") are never listed.
 * @module
 */
import { allNames, type Authority } from '../domain/authority.js';
import { foldName } from '../domain/names.js';
import { parsePersonName } from '../domain/person-name.js';
import type { Archive } from './archive.js';

export type DuplicateKind = 'person' | 'organization' | 'place';

type Reason = 'same name' | 'initials' | 'family name only';
/** Strongest first: a group is as strong as its weakest link. */
const STRENGTH: Record<Reason, number> = { 'same name': 0, initials: 1, 'family name only': 2 };

export interface DuplicateGroup {
  /**
   * `same name`: the names are one once order, titles and accents are set aside; `initials`: given names agree but for
   * initials; `family name only`: the records have the same bare family name and nothing else to go by.
   */
  reason: Reason;
  records: { id: string; name: string; variants: string[]; documents: number }[];
  /** The record the others would best be merged into: the one with the most documents. */
  into: string;
}

interface NameParts {
  family: string;
  given: string[];
}

function partsOf(name: string): NameParts {
  const p = parsePersonName(name);
  return { family: foldName(p.family), given: p.given.split(/[\s.\-‐]+/).map(foldName).filter(Boolean) };
}

/** Given names that agree word by word, a word matching its own initial ("R" = "Robert"); extra words on one side are allowed. */
function compatibleGiven(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && !(x.length === 1 && y.startsWith(x)) && !(y.length === 1 && x.startsWith(y))) return false;
  }
  // At least one full given name in common, so "R. Smith" and "J. R. Smith" are not listed on initials alone.
  return a.slice(0, n).some((x, i) => x.length > 1 && x === b[i]);
}

/** Groups of possible duplicates among the authorities of a kind, largest first. */
export async function findDuplicates(archive: Archive, kind: DuplicateKind): Promise<DuplicateGroup[]> {
  const { store } = archive.backend;
  const [all, counts] = await Promise.all([store.listAuthorities(kind), store.countDocumentsByRef(kind)]);
  const records = all.items as Authority[];
  // Union–find over record indexes, each union remembering the weakest reason that joined it.
  const parent = records.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const reasonOf = new Map<number, Reason>();
  const join = (a: number, b: number, reason: Reason) => {
    const ra = find(a);
    const rb = find(b);
    const weakest = [reasonOf.get(ra), reasonOf.get(rb), reason].filter((r): r is Reason => r !== undefined).sort((x, y) => STRENGTH[y] - STRENGTH[x])[0]!;
    if (ra !== rb) parent[rb] = ra;
    reasonOf.set(find(a), weakest);
  };
  // Same key: every name of every record, folded (people: family + given, titles out).
  const byKey = new Map<string, number>();
  const byFamily = new Map<string, { index: number; given: string[] }[]>();
  records.forEach((a, i) => {
    for (const name of allNames(a)) {
      const parts = kind === 'person' ? partsOf(name) : undefined;
      // A person by family and given names, titles left out ("Mr. Gibson" is "Gibson"); anything else by its folded name.
      const key = parts ? (parts.given.length > 0 ? `${parts.family} ${parts.given.join(' ')}` : parts.family) : foldName(name);
      if (!key) continue;
      const seen = byKey.get(key);
      if (seen === undefined) byKey.set(key, i);
      else if (find(seen) !== find(i)) join(seen, i, parts && parts.given.length === 0 ? 'family name only' : 'same name');
      if (parts && parts.given.length > 0) byFamily.set(parts.family, [...(byFamily.get(parts.family) ?? []), { index: i, given: parts.given }]);
    }
  });
  for (const entries of byFamily.values()) {
    for (let x = 0; x < entries.length; x++) {
      for (let y = x + 1; y < entries.length; y++) {
        const a = entries[x]!;
        const b = entries[y]!;
        if (a.index !== b.index && find(a.index) !== find(b.index) && compatibleGiven(a.given, b.given)) join(a.index, b.index, 'initials');
      }
    }
  }
  const groups = new Map<number, number[]>();
  records.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  return [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) => {
      const list = members.map((i) => {
        const a = records[i]!;
        return { id: a.id, name: a.name, variants: 'variants' in a ? a.variants.map((v) => v.name) : [], documents: counts.get(a.id) ?? 0 };
      });
      const into = [...list].sort((a, b) => b.documents - a.documents || a.id.localeCompare(b.id))[0]!.id;
      return { reason: reasonOf.get(root) ?? 'same name', records: list, into };
    })
    .sort((a, b) => STRENGTH[a.reason] - STRENGTH[b.reason] || b.records.length - a.records.length || a.records[0]!.name.localeCompare(b.records[0]!.name));
}
