import { describe, expect, it } from 'vitest';
import { openTestArchive } from '../../test/helpers.js';
import { loadDemo } from '../ingest/demo.js';
import { plainText } from '../services/plain-text-memo.js';
import { containsSequence, mainTerms, TermSequences } from './term-sequences.js';

describe('term sequences kept for long texts', () => {
  it('answer as a scan of the text’s terms does, for names in every script and for terms that are there but not in that order', async () => {
    const archive = await openTestArchive();
    await loadDemo(archive);
    const docs = [...(await archive.backend.store.getDocuments((await archive.backend.store.listDocuments({ limit: 1000 })).items.map((d) => d.id))).values()];
    await archive.close();
    const text = docs.flatMap((d) => [d.title, d.summary ?? '', ...[...d.translations, ...d.transcripts].map((t) => plainText(t.html))]).join('\n');
    const terms = mainTerms(text);
    expect(new Set(terms).size).toBeGreaterThan(1000);
    const needles: string[][] = [];
    for (let i = 0; i + 3 < terms.length; i += 211) needles.push(terms.slice(i, i + 1), terms.slice(i, i + 2), terms.slice(i, i + 3));
    // Terms of the text, in an order it does not have; and names with a term it lacks.
    for (let i = 0; i + 400 < terms.length; i += 997) needles.push([terms[i]!, terms[i + 400]!], [terms[i + 1]!, terms[i]!]);
    needles.push(mainTerms('Zhou Enlai'), mainTerms('周恩来'), mainTerms('Молотов'), mainTerms('Port Arthur'), ['nowhere'], [terms[0]!, 'nowhere'], []);
    const kept = new TermSequences({ minChars: 0 }).of(text);
    const scanned = new TermSequences().of(text.slice(0, 20_000));
    let held = 0;
    for (const needle of needles) {
      const expected = containsSequence(terms, needle);
      expect(kept(needle), needle.join(' ')).toBe(expected);
      if (expected) held++;
      expect(scanned(needle)).toBe(containsSequence(mainTerms(text.slice(0, 20_000)), needle));
    }
    expect(held).toBeGreaterThan(needles.length / 2);
    expect(held).toBeLessThan(needles.length);
  });
});
