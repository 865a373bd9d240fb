import { describe, expect, it } from 'vitest';
import { rightsUri } from './manifest.js';

describe('rights in a manifest', () => {
  it('keeps Creative Commons and RightsStatements.org URIs, in the form those specifications define', () => {
    expect(rightsUri('https://creativecommons.org/licenses/by/4.0/')).toBe('http://creativecommons.org/licenses/by/4.0/');
    expect(rightsUri('https://creativecommons.org/licenses/by/4.0/legalcode')).toBe('http://creativecommons.org/licenses/by/4.0/');
    expect(rightsUri('http://creativecommons.org/publicdomain/zero/1.0')).toBe('http://creativecommons.org/publicdomain/zero/1.0/');
    expect(rightsUri('https://rightsstatements.org/vocab/InC-EDU/1.0/')).toBe('http://rightsstatements.org/vocab/InC-EDU/1.0/');
  });

  it('leaves out any other statement (it stays in the metadata)', () => {
    expect(rightsUri(undefined)).toBeUndefined();
    expect(rightsUri('https://example.org/our-terms')).toBeUndefined();
    expect(rightsUri('https://creativecommons.org/about/')).toBeUndefined();
  });
});
