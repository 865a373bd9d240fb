import { describe, expect, it } from 'vitest';
import { negotiate } from './negotiation.js';

const OFFERS = ['text/html', 'application/ld+json', 'application/json'] as const;

describe('negotiate', () => {
  it('picks the representation the Accept header prefers', () => {
    expect(negotiate('application/ld+json', OFFERS)).toBe('application/ld+json');
    expect(negotiate('application/json', OFFERS)).toBe('application/json');
    expect(negotiate('application/json;q=0.5, application/ld+json;q=0.9', OFFERS)).toBe('application/ld+json');
    expect(negotiate('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', OFFERS)).toBe('text/html');
    expect(negotiate('application/*', OFFERS)).toBe('application/ld+json');
    expect(negotiate('*/*, application/json;q=0', OFFERS)).toBe('text/html');
    expect(negotiate('text/html;q=0, */*', OFFERS)).toBe('application/ld+json');
  });

  it('never throws on a malformed header, and falls back to the page', () => {
    for (const bad of ['', ';;;', 'garbage', 'application/json;q=abc', '*/json', 'application/json;q=7', '\u0000/\u0000', ','.repeat(10_000), 'image/png']) {
      expect(OFFERS).toContain(negotiate(bad, OFFERS));
    }
    expect(negotiate('application/json;q=abc', OFFERS)).toBe('text/html');
    expect(negotiate('image/png', OFFERS)).toBe('text/html');
  });
});
