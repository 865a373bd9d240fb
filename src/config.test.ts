import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('takes an http(s) public address and refuses any other scheme, naming the variable', () => {
    expect(loadConfig({ DOSSIER_BASE_URL: 'https://archive.example.org/' }).baseUrl).toBe('https://archive.example.org');
    for (const bad of ['javascript:alert(1)', 'ftp://archive.example.org', 'file:///etc/passwd']) {
      expect(() => loadConfig({ DOSSIER_BASE_URL: bad })).toThrow(/DOSSIER_BASE_URL: expected an http\(s\) address/);
    }
  });
});
