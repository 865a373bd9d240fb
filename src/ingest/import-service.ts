/**
 * The import pipeline: sources → readers (streamed SourceItems) → validation →
 * records.ts (the same write path as every other change) → an ImportReport.
 * Records are written in batches, one transaction each, and every record in
 * its own savepoint: a bad record writes nothing and the batch goes on.
 * Re-importing a source is idempotent: records are keyed by their ids, and
 * unchanged records are reported as unchanged.
 * @module
 */
import type { TransactionScope } from '../backends/backend.js';
import type { ArchiveRecord } from '../domain/archive-record.js';
import { allNames, AUTHORITY_KINDS, type Authority, type AuthorityKind } from '../domain/authority.js';
import { DossierError, ArchiveBusyError, StorageError, ValidationError, type Issue } from '../domain/errors.js';
import { releaseWarnings, withRelease } from '../domain/release.js';
import { releasesAddingNothing } from '../domain/release-diff.js';
import type { Archive } from '../services/archive.js';
import { authorityParent, saveAuthority, saveRecord } from '../services/records.js';
import type { WriteOutcome } from '../backends/store.js';
import type { Locator, SourceItem } from './source-item.js';
import { PersonLinks, type PersonLink } from './person-links.js';
import { settleAccount, type RecordWords, type TextAccount } from './accounting/text-account.js';
import { mergeBag, type WordBag } from './accounting/word-bag.js';
import { DocumentQueue } from './document-queue.js';
import { describeRaw, validateItem, type ValidatedItem } from './item-validation.js';

/** What validation makes of an item: done where it was read when it was read in another thread (item-wire.ts). */
function checkedItem(item: SourceItem): ValidatedItem | undefined {
  return item.issues?.length ? undefined : (item.checked ?? validateItem(item));
}

export interface ImportFailure {
  locator: Locator;
  kind?: string;
  id?: string;
  issues: Issue[];
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Per record kind: document, collection, person… */
  byKind: Record<string, Record<WriteOutcome, number>>;
  /** Authorities created because a source named them (see field maps). */
  derivedCreated: number;
  failures: ImportFailure[];
  warnings: { locator: Locator; message: string }[];
  /** Every document written without a date (whatever its source said about it), so none goes unnoticed. */
  undated: { locator: Locator; id: string }[];
  /** People the source gave under new ids that were linked to existing records of the same name (person-links.ts). */
  linked: PersonLink[];
  /** Per source file: its words against the words of the records written from it (see accounting/). */
  texts: TextAccount[];
  /** Files of the folders given that are not of the format read, so not imported. */
  skipped: string[];
  durationMs: number;
}

export interface ImportOptions {
  /** Who the revision history credits, e.g. `import:wilson.csv`. */
  actor: string;
  /** Records per transaction. */
  batchSize?: number;
  /** Called after every batch with the number of records processed so far. */
  onProgress?: (records: number) => void;
}

export function emptyReport(): ImportReport {
  return { created: 0, updated: 0, unchanged: 0, failed: 0, byKind: {}, derivedCreated: 0, failures: [], warnings: [], undated: [], linked: [], texts: [], skipped: [], durationMs: 0 };
}

/** Imports every item; never throws for a bad record (it lands in the report), only for a failing database. */
export async function importItems(
  archive: Archive,
  items: AsyncIterable<SourceItem>,
  options: ImportOptions,
  report: ImportReport = emptyReport(),
): Promise<ImportReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 250;
  let batch: SourceItem[] = [];
  let processed = 0;
  const links = new PersonLinks();
  /** Companion records not yet written: they wait for a record that is. */
  const companions: SourceItem[] = [];
  const flush = async () => {
    const outcomes = await importBatch(archive, batch, options.actor, links, companions);
    // Counted only once the batch has committed, so the report never claims a write that rolled back.
    for (const r of outcomes) record(report, r);
    processed += batch.length;
    batch = [];
    options.onProgress?.(processed);
  };
  const iterator = items[Symbol.asyncIterator]();
  let next = await iterator.next();
  while (!next.done) {
    const item = next.value;
    if (item.accountEnd) {
      // Settled once every record of the file has committed (or failed).
      if (batch.length > 0) await flush();
      report.texts.push(settleAccount(item.accountEnd));
      next = await iterator.next();
      continue;
    }
    if (item.raw === undefined && !item.issues?.length) {
      // A reader's remark about its sources as a whole (a release list's rows without files): reported, nothing written.
      for (const message of item.warnings ?? []) report.warnings.push({ locator: item.locator, message });
      next = await iterator.next();
      continue;
    }
    if (item.unit === undefined) {
      batch.push(item);
      if (batch.length >= batchSize) await flush();
      next = await iterator.next();
      continue;
    }
    if (batch.length > 0) await flush();
    const unit = await importUnit(archive, iterator, next, options, batchSize, (n) => options.onProgress?.((processed += n)), links);
    for (const r of unit.results) record(report, r);
    next = unit.next;
  }
  if (batch.length > 0) await flush();
  report.linked.push(...links.links);
  report.durationMs += performance.now() - started;
  return report;
}

/**
 * One transaction for a batch. Records that fail validation write nothing and
 * the batch goes on; should the database itself refuse a write (which
 * validation is meant to prevent), the batch is rolled back and its records
 * written one transaction each, so that only the record at fault fails.
 */
async function importBatch(archive: Archive, batch: SourceItem[], actor: string, links: PersonLinks, companions: SourceItem[]): Promise<ItemResult[]> {
  const write = async (tx: TransactionScope, item: SourceItem, results: ItemResult[], queue: DocumentQueue<SourceItem, ItemResult>) => {
    if (item.companion) {
      companions.push(item);
      return;
    }
    if (companions.length === 0) {
      const result = await importOrQueue(tx, item, actor, links, queue);
      if (result) results.push(result);
      return;
    }
    await queue.flush(tx);
    // The waiting companions and this record land together, or (when it fails) neither does.
    const written: ItemResult[] = [];
    const failed = await tx
      .savepoint(async () => {
        for (const c of companions) written.push(await importItem(tx, c, actor, links));
        const own = await importItem(tx, item, actor, links);
        if (!own.ok) throw new CompanionRollback(own);
        written.push(own);
        return undefined;
      })
      .catch((e: unknown) => {
        if (e instanceof CompanionRollback) return e.result;
        throw e;
      });
    if (failed) {
      results.push(failed);
      return;
    }
    companions.length = 0;
    results.push(...written);
  };
  const waiting = [...companions];
  const restore = (to: SourceItem[]) => companions.splice(0, companions.length, ...to);
  try {
    return await archive.backend.transaction(async (tx) => {
      const results: ItemResult[] = [];
      const queue = documentQueue(actor, links, (r) => results.push(r));
      for (const item of batch) await write(tx, item, results, queue);
      await queue.flush(tx);
      return results;
    });
  } catch (error) {
    // A full disk, or an archive kept busy by another writer, is no record's fault: the import stops,
    // with what committed before it kept.
    if (error instanceof StorageError || error instanceof ArchiveBusyError) throw error;
    // The batch rolled back: the companions it wrote are waiting again, and each record is tried alone.
    restore(waiting);
    if (batch.length === 1 && !batch[0]!.companion) return [unexpectedFailure(batch[0]!, error)];
    const results: ItemResult[] = [];
    for (const item of batch) {
      const before = [...companions];
      const count = results.length;
      await archive.backend
        .transaction(async (tx) => {
          const queue = documentQueue(actor, links, (r) => results.push(r));
          await write(tx, item, results, queue);
          await queue.flush(tx);
        })
        .catch((e: unknown) => {
          if (e instanceof StorageError || e instanceof ArchiveBusyError) throw e;
          restore(before);
          results.splice(count);
          results.push(unexpectedFailure(item, e));
        });
    }
    return results;
  }
}

/** A record failed, so the companions written with it are undone; carries its failure. */
class CompanionRollback extends Error {
  constructor(readonly result: ItemResult) {
    super('companion rollback');
  }
}

function unexpectedFailure(item: SourceItem, error: unknown): ItemResult {
  const { kind, id } = describeRaw(item.raw);
  const message = `could not be written: ${error instanceof Error ? error.message : String(error)}`;
  return { ok: false, item, failure: { locator: item.locator, kind, id, issues: [{ path: '', message }] } };
}

class UnitAborted extends Error {}

/**
 * Writes consecutive items of one unit (a TEI volume) in one transaction. A fatal item (the source
 * cannot be read on) rolls back the whole unit, which is then reported as that one failure.
 */
async function importUnit(
  archive: Archive,
  iterator: AsyncIterator<SourceItem>,
  first: IteratorResult<SourceItem>,
  options: ImportOptions,
  batchSize: number,
  progress: (n: number) => void,
  links: PersonLinks,
): Promise<{ results: ItemResult[]; next: IteratorResult<SourceItem> }> {
  const unit = first.value.unit as string;
  const results: ItemResult[] = [];
  // The words of the records written, gathered per account as they are written and added to the accounts
  // once the unit commits: one bag per account, not one per record held until the commit (a FRUS volume's
  // thousand bags were some 70 MB of the import's peak memory).
  const words = new Map<RecordWords, WordBag>();
  let next = first;
  let fatal: ItemResult | undefined;
  try {
    await archive.backend.transaction(async (tx) => {
      const keep = (result: ItemResult) => {
        const { item } = result;
        if (result.ok && item.words && item.account) words.set(item.account, mergeBag(words.get(item.account) ?? new Map(), item.words));
        // Only what the report needs is kept until the commit, not the records themselves.
        results.push({ ...result, item: { locator: item.locator, warnings: item.warnings } } as ItemResult);
      };
      const queue = documentQueue(options.actor, links, keep);
      let done = 0;
      for (; !next.done && next.value.unit === unit; next = await iterator.next()) {
        const item = next.value;
        if (item.fatal) {
          fatal = await importItem(tx, item, options.actor, links);
          throw new UnitAborted();
        }
        const result = await importOrQueue(tx, item, options.actor, links, queue);
        if (result) keep(result);
        if (++done % batchSize === 0) progress(batchSize);
      }
      await queue.flush(tx);
      progress(done % batchSize);
    });
  } catch (error) {
    if (!(error instanceof UnitAborted)) throw error;
    next = await iterator.next();
    while (!next.done && next.value.unit === unit) next = await iterator.next();
    return { results: [fatal!], next };
  }
  for (const [account, bag] of words) mergeBag(account.words, bag);
  return { results, next };
}

type ItemResult =
  | { ok: true; kind: string; outcome: WriteOutcome; derivedCreated: number; item: SourceItem; undated?: string }
  | { ok: false; failure: ImportFailure; item: SourceItem };

async function importItem(tx: TransactionScope, item: SourceItem, actor: string, links: PersonLinks): Promise<ItemResult> {
  return writeItem(tx, item, checkedItem(item), actor, links);
}

/** A queue of documents, collections and authorities to write together, whose results go to `keep` in order (document-queue.ts). */
function documentQueue(actor: string, links: PersonLinks, keep: (result: ItemResult) => void): DocumentQueue<SourceItem, ItemResult> {
  return new DocumentQueue<SourceItem, ItemResult>(
    { actor },
    (item, record, saved) => {
      if (!saved.ok) {
        const described = record.kind === 'document' ? describeRaw(item.raw) : { kind: record.kind, id: record.id };
        return { ok: false, item, failure: { locator: item.locator, ...described, issues: saved.error.issues } };
      }
      if (saved.outcome === 'created' && record.kind === 'person') links.created(record.id, item.locator);
      return { ok: true, kind: record.kind, outcome: saved.outcome, derivedCreated: 0, item, ...undatedDocument(record) };
    },
    keep,
  );
}

/**
 * As importItem, except that a valid document, collection or authority without a parent that needs
 * nothing written before it (no authority it names is new) joins `queue` and gets its result when the
 * queue is written; anything else is written after the queue, since it may read or refer to what the
 * queue holds.
 */
async function importOrQueue(tx: TransactionScope, item: SourceItem, actor: string, links: PersonLinks, queue: DocumentQueue<SourceItem, ItemResult>): Promise<ItemResult | undefined> {
  const checked = checkedItem(item);
  const record = checked?.parsed.ok && checked.derived.ok && checked.derived.records.length === 0 ? checked.parsed.record : undefined;
  if (record?.kind === 'document') {
    const odd = await releaseAnomalies(tx, record);
    if (odd.length) item.warnings = [...(item.warnings ?? []), ...odd];
    await queue.add(tx, item, links.rewrite(record) as typeof record);
    return undefined;
  }
  if (record?.kind === 'collection') {
    await queue.add(tx, item, record);
    return undefined;
  }
  if (record && isAuthority(record) && !authorityParent(record)) {
    // A person is linked by what the archive holds: it must hold what was queued before from another file, or under this id.
    if (queue.queuedAuthorities.some((q) => q.item.locator.file !== item.locator.file || (q.authority.kind === record.kind && q.authority.id === record.id))) await queue.flush(tx);
    const linked = record.kind === 'person' ? await links.link(tx, record, item.locator) : undefined;
    if (linked) queue.pass({ ok: true, kind: 'person', outcome: linked, derivedCreated: 0, item });
    else await queue.add(tx, item, record);
    return undefined;
  }
  await queue.flush(tx);
  return writeItem(tx, item, checked, actor, links);
}

async function writeItem(tx: TransactionScope, item: SourceItem, checked: ValidatedItem | undefined, actor: string, links: PersonLinks): Promise<ItemResult> {
  const fail = (issues: Issue[], kind?: string, id?: string): ItemResult => ({
    ok: false,
    item,
    failure: { locator: item.locator, kind, id, issues },
  });
  if (!checked) return fail(item.issues ?? []);
  const { head, parsed, derived: named } = checked;
  if (!parsed.ok) return fail(parsed.issues, head.kind, head.id);
  if (!named.ok) return fail(named.issues, head.kind, head.id);
  const odd = await releaseAnomalies(tx, parsed.record);
  if (odd.length) item.warnings = [...(item.warnings ?? []), ...odd];
  const derived = named.records;
  try {
    if (parsed.record.kind === 'person') {
      const linked = await links.link(tx, parsed.record, item.locator);
      if (linked) return { ok: true, kind: 'person', outcome: linked, derivedCreated: 0, item };
    }
    const own = links.rewrite(parsed.record);
    if (derived.length === 0) {
      // saveRecord checks every reference before it writes, so a record it rejects has written nothing;
      // a savepoint would cost more than the write (FTS5 flushes its pending index at each one).
      const outcome = await saveRecord(tx, own, { actor });
      if (outcome === 'created' && own.kind === 'person') links.created(own.id, item.locator);
      return { ok: true, kind: own.kind, outcome, derivedCreated: 0, item, ...undatedDocument(own) };
    }
    // Authorities a row names are written before the row itself: undo them if the row fails.
    return await tx.savepoint(async () => {
      const { record, created } = await resolveDerived(tx, own, derived, actor);
      const outcome = await saveRecord(tx, record, { actor });
      return { ok: true as const, kind: record.kind, outcome, derivedCreated: created, item, ...undatedDocument(record) };
    });
  } catch (error) {
    if (error instanceof ValidationError) return fail(error.issues, head.kind, head.id);
    if (error instanceof DossierError) return fail([{ path: '', message: error.message }], head.kind, head.id);
    throw error;
  }
}

/** A document's release list as it will be once the record is saved, checked for what is odd but not wrong. */
async function releaseAnomalies(tx: TransactionScope, record: ArchiveRecord): Promise<string[]> {
  if (record.kind === 'document') {
    return record.releases.length > 0 ? [...releaseWarnings(record), ...releasesAddingNothing(record.releases)] : [];
  }
  if (record.kind !== 'release') return [];
  const doc = await tx.store.getDocument(record.document);
  if (!doc) return [];
  const { kind: _kind, document: _document, ...release } = record;
  const releases = withRelease(doc.releases, release);
  // Only what concerns this release: the rest was told when it was imported.
  return [...releaseWarnings({ date: doc.date, releases }), ...releasesAddingNothing(releases)].filter((w) => w.startsWith(`release "${release.id}"`));
}

/**
 * Links the authorities a row names to existing records with the same name
 * (or variant), creating only those the archive does not know, and rewrites
 * the record's references to the ids it settled on.
 */
async function resolveDerived(
  tx: TransactionScope,
  record: ArchiveRecord,
  derived: Authority[],
  actor: string,
): Promise<{ record: ArchiveRecord; created: number }> {
  const ids = new Map<string, string>();
  let created = 0;
  for (const authority of derived) {
    const kinds: AuthorityKind[] =
      authority.kind === 'person' || authority.kind === 'organization' ? ['person', 'organization'] : [authority.kind];
    let match: Authority | undefined;
    for (const kind of kinds) {
      // Any of the names it comes with, in either order for a person ("Nehru, Jawaharlal" = "Jawaharlal Nehru").
      for (const name of allNames(authority)) match ??= (await tx.store.findAuthoritiesByName(kind, name))[0];
      match ??= await tx.store.getAuthority(kind, authority.id);
    }
    if (match) {
      ids.set(authority.id, match.id);
    } else {
      await saveAuthority(tx, authority, { actor, note: 'named by an imported record' });
      created++;
    }
  }
  if (ids.size === 0 || record.kind !== 'document') return { record, created };
  const map = (id: string) => ids.get(id) ?? id;
  // Two names in a row can turn out to be one authority ("Zhou Enlai; Chou En-lai"): keep one link.
  return {
    created,
    record: {
      ...record,
      type: record.type && map(record.type),
      rights: record.rights && map(record.rights),
      funders: uniqueBy(record.funders.map(map), (id) => id),
      subjects: uniqueBy(record.subjects.map(map), (id) => id),
      agents: uniqueBy(record.agents.map((a) => ({ ...a, id: map(a.id) })), (a) => `${a.id} ${a.role}`),
      places: uniqueBy(record.places.map((p) => ({ ...p, id: map(p.id) })), (p) => `${p.id} ${p.role}`),
      source: { ...record.source, repository: record.source.repository && map(record.source.repository) },
    },
  };
}

function record(report: ImportReport, r: ItemResult): void {
  for (const message of r.item.warnings ?? []) report.warnings.push({ locator: r.item.locator, message });
  if (!r.ok) {
    report.failed++;
    report.failures.push(r.failure);
    return;
  }
  if (r.undated) report.undated.push({ locator: r.item.locator, id: r.undated });
  report[r.outcome]++;
  if (r.item.words && r.item.account) mergeBag(r.item.account.words, r.item.words);
  const counts = (report.byKind[r.kind] ??= { created: 0, updated: 0, unchanged: 0 });
  counts[r.outcome]++;
  report.derivedCreated += r.derivedCreated;
}

function undatedDocument(record: { kind: string; id: string; date?: string }): { undated?: string } {
  return record.kind === 'document' && !record.date ? { undated: record.id } : {};
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}

function isAuthority(record: ArchiveRecord): record is Authority {
  return (AUTHORITY_KINDS as readonly string[]).includes(record.kind);
}
