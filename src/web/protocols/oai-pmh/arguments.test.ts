import { describe, expect, it } from 'vitest';
import { parseOaiArguments } from './arguments.js';

const parse = (query: string) => {
  const args: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (args[k] ??= []).push(v);
  return parseOaiArguments(args);
};
const codes = (query: string) => {
  const p = parse(query);
  return p.ok ? [] : p.errors.map((e) => e.code);
};

describe('OAI-PMH arguments', () => {
  it('reads each verb with the arguments it takes', () => {
    expect(parse('verb=ListRecords&metadataPrefix=oai_dc&set=a:b&from=2024-01-01&until=2024-01-31')).toMatchObject({
      ok: true,
      request: { verb: 'ListRecords', metadataPrefix: 'oai_dc', set: 'a:b', from: { granularity: 'day' }, until: { end: '2024-02-01T00:00:00.000Z' } },
    });
    expect(parse('verb=ListIdentifiers&resumptionToken=xyz')).toMatchObject({ ok: true, request: { verb: 'ListIdentifiers', resumptionToken: 'xyz' } });
    expect(parse('verb=GetRecord&identifier=oai:x.org:1&metadataPrefix=dossier')).toMatchObject({ ok: true, echo: { verb: 'GetRecord', identifier: 'oai:x.org:1' } });
  });

  it('names every problem with the protocol’s code', () => {
    expect(codes('')).toEqual(['badVerb']);
    expect(codes('verb=listrecords')).toEqual(['badVerb']);
    expect(codes('verb=Identify&verb=Identify')).toEqual(['badVerb']);
    expect(codes('verb=Identify&x=1')).toEqual(['badArgument']);
    expect(codes('verb=GetRecord')).toEqual(['badArgument', 'badArgument']);
    expect(codes('verb=ListSets&resumptionToken=')).toEqual(['badArgument']);
    expect(codes('verb=ListRecords&resumptionToken=t&set=a')).toEqual(['badArgument']);
    expect(codes('verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-01T00:00:00Z')).toEqual(['badArgument']);
    expect(codes('verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01')).toEqual(['badArgument']);
    expect(codes('verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-02-01')).toEqual([]);
  });
});
