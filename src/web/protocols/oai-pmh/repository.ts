/**
 * The OAI-PMH repository: the six verbs over the harvest service. One
 * request's arguments in (already checked by arguments.ts), one XML
 * response out; every failure the protocol names is answered with its own
 * error element, inside a 200 response as §3.6 asks.
 * @module
 */
import type { Collection } from '../../../domain/collection.js';
import type { Archive } from '../../../services/archive.js';
import { countHarvest, earliestHarvestable, harvestCollections, harvestDocument, harvestPage, type HarvestQuery, type ResolvedDocument } from '../../../services/harvest.js';
import { element, xmlText } from '../xml.js';
import { parseOaiArguments, type ListArguments, type OaiError, type OaiRequest } from './arguments.js';
import { datestamp, GRANULARITY_SECOND, parseUtcDatestamp } from './datestamps.js';
import { DOSSIER_FORMAT, dossierDocument } from './dossier-document.js';
import { envelope, errorBody, utcSeconds } from './envelope.js';
import { OAI_DC, oaiDc } from './oai-dc.js';
import { TOKEN_LIFETIME_MS, TokenSigner, type TokenPayload } from './resumption-token.js';
import { setTree, type SetTree } from './sets.js';

export interface OaiOptions {
  /** Records (or headers) per response; the rest follows through resumption tokens. */
  pageSize?: number;
  /** The repository's contact; the protocol requires one. */
  adminEmail?: string;
}

/** Where the repository answers and how it names itself; from the request or the configured base URL. */
export interface OaiSite {
  origin: string;
  name: string;
}

const FORMATS = [
  { prefix: OAI_DC.prefix, schema: () => OAI_DC.schema, namespace: OAI_DC.namespace },
  { prefix: DOSSIER_FORMAT.prefix, schema: (origin: string) => `${origin}${DOSSIER_FORMAT.schemaPath}`, namespace: DOSSIER_FORMAT.namespace },
] as const;
type Prefix = (typeof FORMATS)[number]['prefix'];

// A repository identifier is a domain name (oai-identifier.xsd); an IP address or "localhost" is not one.
const DOMAIN = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/;

class OaiFailure extends Error {
  constructor(readonly errors: OaiError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}
const fail = (code: OaiError['code'], message: string): never => {
  throw new OaiFailure([{ code, message }]);
};

export class OaiRepository {
  readonly #tokens: TokenSigner;
  readonly #pageSize: number;

  constructor(
    private readonly archive: Archive,
    private readonly options: OaiOptions = {},
  ) {
    this.#tokens = new TokenSigner(archive);
    this.#pageSize = options.pageSize ?? 200;
  }

  async respond(args: Record<string, string[]>, site: OaiSite, now = new Date()): Promise<string> {
    const baseUrl = `${site.origin}/oai`;
    const parsed = parseOaiArguments(args);
    if (!parsed.ok) return envelope(baseUrl, undefined, errorBody(parsed.errors), now);
    try {
      return envelope(baseUrl, parsed.echo, await this.#answer(parsed.request, site, now), now);
    } catch (error) {
      if (error instanceof OaiFailure) return envelope(baseUrl, parsed.echo, errorBody(error.errors), now);
      throw error;
    }
  }

  async #answer(request: OaiRequest, site: OaiSite, now: Date): Promise<string> {
    switch (request.verb) {
      case 'Identify':
        return this.#identify(site);
      case 'ListMetadataFormats':
        return this.#listMetadataFormats(site, request.identifier);
      case 'ListSets':
        return this.#listSets(request.resumptionToken);
      case 'GetRecord':
        return this.#getRecord(site, request.identifier, request.metadataPrefix);
      default:
        return this.#list(site, request, now);
    }
  }

  async #identify(site: OaiSite): Promise<string> {
    const host = new URL(site.origin).hostname;
    const [earliest, [sample]] = await Promise.all([earliestHarvestable(this.archive), harvestPage(this.archive, { withDeleted: false, limit: 1 }, [])]);
    const description = DOMAIN.test(host) && sample
      ? '<description><oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
        'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">' +
        `<scheme>oai</scheme><repositoryIdentifier>${xmlText(host)}</repositoryIdentifier><delimiter>:</delimiter>` +
        `<sampleIdentifier>${xmlText(`oai:${host}:${sample.document.id}`)}</sampleIdentifier></oai-identifier></description>`
      : '';
    return (
      '<Identify>' +
      element('repositoryName', site.name) +
      element('baseURL', `${site.origin}/oai`) +
      '<protocolVersion>2.0</protocolVersion>' +
      element('adminEmail', this.options.adminEmail ?? `archivist@${host}`) +
      // An empty archive has no change yet; the protocol still wants a datestamp, and "now" is a true lower bound.
      element('earliestDatestamp', datestamp(earliest ?? new Date().toISOString())) +
      '<deletedRecord>persistent</deletedRecord>' +
      `<granularity>${GRANULARITY_SECOND}</granularity>` +
      '<compression>gzip</compression><compression>deflate</compression>' +
      description +
      '</Identify>'
    );
  }

  async #listMetadataFormats(site: OaiSite, identifier: string | undefined): Promise<string> {
    if (identifier !== undefined) await this.#find(site, identifier);
    const formats = FORMATS.map(
      (f) => `<metadataFormat>${element('metadataPrefix', f.prefix)}${element('schema', f.schema(site.origin))}${element('metadataNamespace', f.namespace)}</metadataFormat>`,
    );
    return `<ListMetadataFormats>${formats.join('')}</ListMetadataFormats>`;
  }

  async #listSets(resumptionToken: string | undefined): Promise<string> {
    // Every set fits in one response, so this repository never hands out a ListSets token.
    if (resumptionToken !== undefined) fail('badResumptionToken', 'this archive lists every set in one response and issued no token for ListSets');
    const sets = await this.#sets();
    if (sets.all.length === 0) fail('noSetHierarchy', 'this archive has no collections, so it has no sets');
    const items = [...sets.all]
      .sort((a, b) => sets.specOf(a.id).localeCompare(sets.specOf(b.id)))
      .map((c) => `\n<set>${element('setSpec', sets.specOf(c.id))}${element('setName', c.title)}${setDescription(c)}</set>`);
    return `<ListSets>${items.join('')}</ListSets>`;
  }

  async #getRecord(site: OaiSite, identifier: string, prefix: string): Promise<string> {
    const format = this.#format(prefix);
    const found = await this.#find(site, identifier);
    const sets = await this.#sets();
    return `<GetRecord>${this.#record(found, format, site, sets)}</GetRecord>`;
  }

  async #list(site: OaiSite, request: Extract<OaiRequest, { verb: 'ListIdentifiers' | 'ListRecords' }>, now: Date): Promise<string> {
    let list: ListArguments;
    let afterSeq: number | undefined;
    let cursor = 0;
    if (request.resumptionToken !== undefined) {
      const check = await this.#tokens.verify(request.resumptionToken, now.getTime());
      if (!check.ok) return fail('badResumptionToken', check.reason);
      const t = check.payload;
      if (t.v !== request.verb) fail('badResumptionToken', `the resumption token continues ${t.v}, not ${request.verb}`);
      list = { metadataPrefix: t.m, set: t.s, from: t.f ? parseUtcDatestamp(t.f) : undefined, until: t.u ? parseUtcDatestamp(t.u) : undefined };
      afterSeq = t.a;
      cursor = t.c;
    } else {
      list = request;
    }
    const format = this.#format(list.metadataPrefix);
    const sets = await this.#sets();
    const query: HarvestQuery = { withDeleted: true, changedFrom: list.from?.start, changedBefore: list.until?.end };
    if (list.set !== undefined) {
      if (sets.all.length === 0) fail('noSetHierarchy', 'this archive has no collections, so it has no sets');
      const collection = sets.find(list.set);
      if (!collection) fail('noRecordsMatch', `there is no set "${list.set}"`);
      query.collections = sets.subtree(collection!.id);
    }
    const page = await harvestPage(this.archive, { ...query, afterSeq, limit: this.#pageSize + 1 }, sets.all);
    if (page.length === 0) fail('noRecordsMatch', afterSeq === undefined ? 'no records match these arguments' : 'no records are left in this list');
    const more = page.length > this.#pageSize;
    const items = more ? page.slice(0, this.#pageSize) : page;
    // One record per line, so the response reads in a browser's source view; whitespace between elements is insignificant.
    const body = items.map((r) => `\n${request.verb === 'ListRecords' ? this.#record(r, format, site, sets) : this.#header(r, site, sets)}`).join('');
    let token = '';
    if (more || afterSeq !== undefined) {
      const total = await countHarvest(this.archive, query);
      const next: TokenPayload | undefined = more
        ? { v: request.verb, m: format, s: list.set, f: list.from?.text, u: list.until?.text, a: items[items.length - 1]!.seq, c: cursor + items.length, e: now.getTime() + TOKEN_LIFETIME_MS }
        : undefined;
      const attributes = `completeListSize="${Math.max(total, cursor + items.length)}" cursor="${cursor}"`;
      token = next
        ? `\n<resumptionToken expirationDate="${utcSeconds(new Date(next.e))}" ${attributes}>${await this.#tokens.sign(next)}</resumptionToken>`
        : `\n<resumptionToken ${attributes}/>`;
    }
    return `<${request.verb}>${body}${token}\n</${request.verb}>`;
  }

  #format(prefix: string): Prefix {
    const format = FORMATS.find((f) => f.prefix === prefix);
    if (!format) fail('cannotDisseminateFormat', `this archive offers no format "${prefix.slice(0, 100)}" (it offers ${FORMATS.map((f) => f.prefix).join(', ')})`);
    return format!.prefix;
  }

  /** A public document (published, or withdrawn as a deletion) by its OAI identifier. */
  async #find(site: OaiSite, identifier: string): Promise<ResolvedDocument> {
    const prefix = `oai:${new URL(site.origin).hostname}:`;
    const id = identifier.startsWith(prefix) ? identifier.slice(prefix.length) : undefined;
    const found = id ? await harvestDocument(this.archive, id) : undefined;
    if (!found) fail('idDoesNotExist', `"${identifier.slice(0, 300)}" is not the identifier of a record in this archive`);
    return found!;
  }

  async #sets(): Promise<SetTree> {
    return setTree(await harvestCollections(this.archive));
  }

  #header(r: ResolvedDocument, site: OaiSite, sets: SetTree): string {
    const specs = r.collections.map((c) => element('setSpec', sets.specOf(c.id))).join('');
    return (
      `<header${r.deleted ? ' status="deleted"' : ''}>` +
      element('identifier', `oai:${new URL(site.origin).hostname}:${r.document.id}`) +
      element('datestamp', datestamp(r.changedAt)) +
      specs +
      '</header>'
    );
  }

  #record(r: ResolvedDocument, format: Prefix, site: OaiSite, sets: SetTree): string {
    if (r.deleted) return `<record>${this.#header(r, site, sets)}</record>`;
    const metadata = format === 'oai_dc' ? oaiDc(r, site) : dossierDocument(r, site.origin, sets.specOf);
    return `<record>${this.#header(r, site, sets)}<metadata>${metadata}</metadata></record>`;
  }
}

function setDescription(c: Collection): string {
  if (!c.shortDescription) return '';
  return (
    `<setDescription><oai_dc:dc xmlns:oai_dc="${OAI_DC.namespace}" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${OAI_DC.namespace} ${OAI_DC.schema}">` +
    `${element('dc:description', c.shortDescription)}</oai_dc:dc></setDescription>`
  );
}
