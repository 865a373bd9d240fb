import { describe, expect, it } from 'vitest';
import { isFileNameTitle, suppliedTitle } from './supplied-title.js';

describe('isFileNameTitle', () => {
  it('knows a file name, alone or behind a word, from a title with numbers in it', () => {
    for (const t of ['Transcript TranscriptFile_110404.html', 'scan_0001.pdf', 'IMG_2044.JPG', 'TranscriptFile_110404', 'memo.docx']) expect(isFileNameTitle(t), t).toBe(true);
    for (const t of ['Letter from Mao.', 'Report No. 5', 'Cable 1234', 'File No. 861.51/134 [Telegram]', 'The Ambassador in Russia (Francis) to the Secretary of State']) {
      expect(isFileNameTitle(t), t).toBe(false);
    }
  });
});

describe('suppliedTitle', () => {
  it('brackets the first sentence, reading "тов." and "Mr." as abbreviations, or the first words up to a limit', () => {
    expect(suppliedTitle('Mr. Hay to Mr. Conger. Washington, June 1.')).toBe('[Mr. Hay to Mr. Conger]');
    expect(suppliedTitle('  Short   note ')).toBe('[Short note]');
    const long = suppliedTitle('По указанию министра иностранных дел СССР тов. Вышинского 1 января посетил председателя Центрального народного правительства Китайской Народной Республики тов. Мао Цзэдуна. После поздравлений');
    expect(long).toMatch(/^\[По указанию министра иностранных дел СССР тов\. Вышинского .+…\]$/);
    expect(long!.length).toBeLessThanOrEqual(124);
    expect(suppliedTitle(' … ')).toBeUndefined();
  });
});
