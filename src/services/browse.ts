/**
 * Browsing by name: people, organizations, places (as a hierarchy), document
 * types, original languages and subjects. Each has an index with counts of
 * published documents and a page listing its documents in date order. Counts
 * and lists come from the Store's published-only queries, so drafts and
 * withdrawn documents never show here.
 * @module
 */
import type { AuthorityKind, AuthorityOf, Place } from '../domain/authority.js';
import { AGENT_ROLES, type AgentRole } from '../domain/document.js';
import { NotFoundError } from '../domain/errors.js';
import { foldName } from '../domain/names.js';
import { indexPersonName, personSortKey } from '../domain/person-name.js';
import type { DocumentSummary, Page } from '../backends/store.js';
import type { Archive } from './archive.js';

/** The authority kinds that have public browse pages. */
export type BrowseKind = 'person' | 'organization' | 'place' | 'type' | 'language' | 'subject';

export type BrowseAuthority = AuthorityOf<BrowseKind>;

export interface IndexEntry {
  authority: BrowseAuthority;
  /** Published documents that refer to it. */
  count: number;
}

export interface PlaceNode {
  place: Place;
  /** Published documents naming this place itself. */
  count: number;
  /** …and naming it or any place within it. */
  total: number;
  children: PlaceNode[];
}

export interface AuthorityPage {
  authority: BrowseAuthority;
  documents: Page<DocumentSummary>;
  page: number;
  perPage: number;
  /** For people and organizations: documents per role (author, recipient…), roles with none left out. */
  roles: { role: AgentRole; count: number }[];
  role?: AgentRole;
  /** For places and organizations: the enclosing ones, outermost first. */
  ancestors: BrowseAuthority[];
  /** For places and organizations: those directly within, with their document counts. */
  children: IndexEntry[];
}

/** Which `document_refs` role a kind's documents are counted by (a language counts originals, not translations). */
const ROLE_OF: Partial<Record<BrowseKind, string>> = { language: 'original' };

/** Every authority of a kind that at least one published document refers to, in name order. */
export async function authorityIndex(archive: Archive, kind: BrowseKind): Promise<IndexEntry[]> {
  const { store } = archive.backend;
  const [all, counts] = await Promise.all([store.listAuthorities(kind), store.countDocumentsByRef(kind, ROLE_OF[kind])]);
  return (all.items as BrowseAuthority[])
    .map((authority) => ({ authority, count: counts.get(authority.id) ?? 0 }))
    .filter((e) => e.count > 0)
    .sort((a, b) => compareNames(sortName(a.authority), sortName(b.authority)));
}

/**
 * The form an A–Z index files an authority under: people by family name
 * ("Nehru, Jawaharlal" for "Jawaharlal Nehru"; "Lin Biao", never "Lin, Biao"),
 * everything else as named.
 */
export function indexHeading(a: BrowseAuthority): string {
  return a.kind === 'person' ? indexPersonName(a.name) : a.name;
}

function sortName(a: BrowseAuthority): string {
  return a.kind === 'person' ? personSortKey(a.name) : a.name;
}

/** Places as a tree under their outermost places, keeping only branches that hold published documents. */
export async function placeTree(archive: Archive): Promise<PlaceNode[]> {
  const { store } = archive.backend;
  const [all, counts] = await Promise.all([store.listAuthorities('place'), store.countDocumentsByRef('place')]);
  const byId = new Map(all.items.map((p) => [p.id, p]));
  const childrenOf = new Map<string, Place[]>();
  const roots: Place[] = [];
  for (const p of all.items) {
    if (p.parent && byId.has(p.parent) && p.parent !== p.id) childrenOf.set(p.parent, [...(childrenOf.get(p.parent) ?? []), p]);
    else roots.push(p);
  }
  const build = async (place: Place, depth: number): Promise<PlaceNode & { ids: string[] }> => {
    // Depth is bounded: records.ts refuses loops, but a tree from an older import should not hang a page.
    const all = depth > 12 ? [] : await Promise.all((childrenOf.get(place.id) ?? []).map((c) => build(c, depth + 1)));
    const children = all.filter((n) => n.total > 0).sort((a, b) => compareNames(a.place.name, b.place.name));
    const count = counts.get(place.id) ?? 0;
    const ids = [place.id, ...all.flatMap((c) => c.ids)];
    // A document may name a city and its country: the total counts it once.
    const total = children.length === 0 ? count : (await store.listDocuments({ ref: { kind: 'place', id: ids }, limit: 0 })).total;
    return { place, count, total, children, ids };
  };
  const trees = await Promise.all(roots.map((r) => build(r, 0)));
  return trees.filter((n) => n.total > 0).sort((a, b) => compareNames(a.place.name, b.place.name));
}

/** One authority with its published documents in date order, a page at a time. Throws NotFoundError. */
export async function authorityPage(
  archive: Archive,
  kind: BrowseKind,
  id: string,
  options: { page: number; perPage?: number; role?: AgentRole },
): Promise<AuthorityPage> {
  const { store } = archive.backend;
  const authority = (await store.getAuthority(kind, id)) as BrowseAuthority | undefined;
  if (!authority) throw new NotFoundError(KIND_LABEL[kind], id);
  const perPage = options.perPage ?? 50;
  const isAgent = kind === 'person' || kind === 'organization';
  const role = isAgent ? options.role : undefined;
  const documents = await store.listDocuments({
    ref: { kind, id, role: role ?? ROLE_OF[kind] },
    order: 'date',
    limit: perPage,
    offset: (options.page - 1) * perPage,
  });
  const roles = isAgent
    ? (
        await Promise.all(
          AGENT_ROLES.map(async (r) => ({ role: r, count: (await store.listDocuments({ ref: { kind, id, role: r }, limit: 0 })).total })),
        )
      ).filter((r) => r.count > 0)
    : [];
  const { ancestors, children } = kind === 'place' || kind === 'organization' ? await hierarchy(archive, kind, authority) : { ancestors: [], children: [] };
  return { authority, documents, page: options.page, perPage, roles, role, ancestors, children };
}

async function hierarchy(archive: Archive, kind: BrowseKind, authority: BrowseAuthority): Promise<{ ancestors: BrowseAuthority[]; children: IndexEntry[] }> {
  const { store } = archive.backend;
  const [page, counts] = await Promise.all([store.listAuthorities(kind), store.countDocumentsByRef(kind)]);
  const all = page.items as BrowseAuthority[];
  const parentOf = (a: BrowseAuthority) => ('parent' in a ? a.parent : undefined);
  const byId = new Map(all.map((a) => [a.id, a]));
  const ancestors: BrowseAuthority[] = [];
  for (let p = parentOf(authority); p && byId.has(p) && ancestors.length < 12 && p !== authority.id; p = parentOf(byId.get(p)!)) {
    ancestors.unshift(byId.get(p)!);
  }
  const children = all
    .filter((a) => parentOf(a) === authority.id)
    .map((a) => ({ authority: a, count: counts.get(a.id) ?? 0 }))
    .sort((a, b) => compareNames(a.authority.name, b.authority.name));
  return { ancestors, children };
}

export const KIND_LABEL: Record<BrowseKind, string> = {
  person: 'Person',
  organization: 'Organization',
  place: 'Place',
  type: 'Document type',
  language: 'Language',
  subject: 'Subject',
};

/** The letter a name is filed under in an index: A–Z for Latin names (accents folded), `#` for the rest. */
export function indexLetter(name: string): string {
  const first = foldName(name).charAt(0).toUpperCase();
  return /^[A-Z]$/.test(first) ? first : '#';
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

export type { AuthorityKind };
