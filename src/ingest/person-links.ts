/**
 * One person, one record, across imports. A person record an import brings
 * under an id the archive does not hold, but whose name — in either order,
 * or any of its variants — an existing person answers to, is linked to that
 * person instead of becoming a duplicate: the documents of the same run
 * that point to it point to the existing record. The existing record stays
 * as its own source wrote it (it already answers to the name, which is how
 * it was found): were the linked names added to it, re-importing its source
 * would take them away again, and no re-import would be "unchanged". FRUS volumes, for instance, each carry a
 * persons list with ids of their own ("frus1918Russiav03/p_LR1" and
 * "frus1919Parisv01/p_LR1" are both "Lansing, Robert").
 *
 * Only a match that is certain links: a full name (a bare family name, such
 * as FRUS's "Adams", may be anyone), naming exactly one existing record that
 * did not come from the same source file (the source itself told them
 * apart). Anything else is created as given; `dossier authority duplicates`
 * lists what an archivist should look at. The link is made again, the same way, when the
 * source is imported again, so re-imports stay idempotent.
 * @module
 */
import type { TransactionScope } from '../backends/backend.js';
import type { ArchiveRecord } from '../domain/archive-record.js';
import { allNames, type Person } from '../domain/authority.js';
import { parsePersonName } from '../domain/person-name.js';
import type { Locator } from './source-item.js';
import type { WriteOutcome } from '../backends/store.js';

export interface PersonLink {
  locator: Locator;
  /** The id the source gave. */
  id: string;
  name: string;
  /** The existing person it was linked to. */
  into: string;
}

export class PersonLinks {
  /** Source id → existing id, for this run. */
  readonly #into = new Map<string, string>();
  /** People this run created, with the file they came from: never a link target for that file (the source told them apart). */
  readonly #createdFrom = new Map<string, string>();
  readonly links: PersonLink[] = [];

  /** Links `person` to the existing person it names ('unchanged': nothing is written); undefined when it is to be written as it is. */
  async link(tx: TransactionScope, person: Person, locator: Locator): Promise<WriteOutcome | undefined> {
    if (await tx.store.getAuthority('person', person.id)) return undefined;
    const found = new Map<string, Person>();
    for (const name of allNames(person)) {
      if (!parsePersonName(name).given) continue;
      for (const p of await tx.store.findAuthoritiesByName('person', name)) {
        if (this.#createdFrom.get(p.id) !== locator.file) found.set(p.id, p);
      }
    }
    if (found.size !== 1) return undefined;
    const target = [...found.values()][0]!;
    this.#into.set(person.id, target.id);
    this.links.push({ locator, id: person.id, name: person.name, into: target.id });
    return 'unchanged';
  }

  /** Notes a person this run wrote under its own id. */
  created(id: string, locator: Locator): void {
    this.#createdFrom.set(id, locator.file);
  }

  /** The record with its references to linked people pointing to the records they were linked to. */
  rewrite(record: ArchiveRecord): ArchiveRecord {
    if (this.#into.size === 0 || record.kind !== 'document') return record;
    if (!record.agents.some((a) => this.#into.has(a.id))) return record;
    const agents = record.agents.map((a) => ({ ...a, id: this.#into.get(a.id) ?? a.id }));
    return { ...record, agents: agents.filter((a, i) => agents.findIndex((b) => b.id === a.id && b.role === a.role) === i) };
  }
}
