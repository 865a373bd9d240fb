/**
 * An OAI-PMH request's arguments, checked at the edge (protocol §3.1, §4):
 * the verb, the arguments each verb allows and requires, each given once,
 * `resumptionToken` exclusive, and `from`/`until` in a granularity this
 * archive supports, the same for both. What is wrong becomes the protocol's
 * own error (`badVerb`, `badArgument`) naming the argument, never an HTTP error.
 * @module
 */
import { GRANULARITY_DAY, GRANULARITY_SECOND, parseUtcDatestamp, type DatestampBound } from './datestamps.js';

export const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords'] as const;
export type Verb = (typeof VERBS)[number];

export const ERROR_CODES = [
  'badArgument', 'badResumptionToken', 'badVerb', 'cannotDisseminateFormat', 'idDoesNotExist',
  'noRecordsMatch', 'noMetadataFormats', 'noSetHierarchy',
] as const;
export type OaiErrorCode = (typeof ERROR_CODES)[number];
export interface OaiError {
  code: OaiErrorCode;
  message: string;
}

export interface ListArguments {
  metadataPrefix: string;
  set?: string;
  from?: DatestampBound;
  until?: DatestampBound;
}

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier?: string }
  | { verb: 'ListSets'; resumptionToken?: string }
  | { verb: 'GetRecord'; identifier: string; metadataPrefix: string }
  | { verb: 'ListIdentifiers' | 'ListRecords'; resumptionToken: string }
  | ({ verb: 'ListIdentifiers' | 'ListRecords'; resumptionToken?: undefined } & ListArguments);

const ALLOWED: Record<Verb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
};

export type Parsed = { ok: true; request: OaiRequest; echo: Record<string, string> } | { ok: false; errors: OaiError[] };

/** Reads the arguments of a GET query or POST form (every key with all its values). */
export function parseOaiArguments(args: Record<string, string[]>): Parsed {
  const verbs = args.verb ?? [];
  if (verbs.length === 0) return fail('badVerb', 'the verb argument is missing');
  if (verbs.length > 1) return fail('badVerb', 'the verb argument is given more than once');
  const verb = verbs[0]!;
  if (!(VERBS as readonly string[]).includes(verb)) return fail('badVerb', `"${verb.slice(0, 100)}" is not an OAI-PMH verb (one of ${VERBS.join(', ')})`);
  const rule = ALLOWED[verb as Verb];
  const errors: OaiError[] = [];
  const bad = (message: string) => errors.push({ code: 'badArgument', message });
  const value: Record<string, string> = {};
  for (const [key, values] of Object.entries(args)) {
    if (key === 'verb') continue;
    if (![...rule.required, ...rule.optional, rule.exclusive].includes(key)) bad(`${verb} takes no argument "${key.slice(0, 100)}"`);
    else {
      if (values.length > 1) bad(`the argument "${key}" is given more than once`);
      value[key] = values[0]!;
    }
  }
  if (rule.exclusive && value[rule.exclusive] !== undefined) {
    const others = Object.keys(value).filter((k) => k !== rule.exclusive);
    if (others.length) bad(`resumptionToken is an exclusive argument; it cannot come with ${others.join(', ')}`);
  } else {
    for (const key of rule.required) if (value[key] === undefined) bad(`${verb} requires the argument "${key}"`);
  }
  for (const [key, v] of Object.entries(value)) if (v === '') bad(`the argument "${key}" is empty`);
  let from: DatestampBound | undefined;
  let until: DatestampBound | undefined;
  if (value.from !== undefined && value.from !== '') {
    from = parseUtcDatestamp(value.from);
    if (!from) bad(`from "${value.from.slice(0, 40)}" is not a UTC datestamp (${GRANULARITY_DAY} or ${GRANULARITY_SECOND})`);
  }
  if (value.until !== undefined && value.until !== '') {
    until = parseUtcDatestamp(value.until);
    if (!until) bad(`until "${value.until.slice(0, 40)}" is not a UTC datestamp (${GRANULARITY_DAY} or ${GRANULARITY_SECOND})`);
  }
  if (from && until && from.granularity !== until.granularity) bad('from and until must have the same granularity');
  else if (from && until && from.start > until.start) bad('from is later than until');
  if (errors.length) return { ok: false, errors };

  const echo = { verb, ...value };
  switch (verb as Verb) {
    case 'Identify':
      return { ok: true, echo, request: { verb: 'Identify' } };
    case 'ListMetadataFormats':
      return { ok: true, echo, request: { verb: 'ListMetadataFormats', identifier: value.identifier } };
    case 'ListSets':
      return { ok: true, echo, request: { verb: 'ListSets', resumptionToken: value.resumptionToken } };
    case 'GetRecord':
      return { ok: true, echo, request: { verb: 'GetRecord', identifier: value.identifier!, metadataPrefix: value.metadataPrefix! } };
    default: {
      const listVerb = verb as 'ListIdentifiers' | 'ListRecords';
      if (value.resumptionToken !== undefined) return { ok: true, echo, request: { verb: listVerb, resumptionToken: value.resumptionToken } };
      return { ok: true, echo, request: { verb: listVerb, metadataPrefix: value.metadataPrefix!, set: value.set, from, until } };
    }
  }
}

function fail(code: OaiErrorCode, message: string): Parsed {
  return { ok: false, errors: [{ code, message }] };
}
