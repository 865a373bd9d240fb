import { describe, expect, it } from 'vitest';
import { givenFirstPersonName, indexPersonName, parsePersonName, personNameKeys, personSortKey, preferredPersonName } from './person-name.js';

describe('parsePersonName', () => {
  it('reads inverted and natural Western names alike, with particles, titles and suffixes set aside', () => {
    expect(parsePersonName('Nehru, Jawaharlal')).toMatchObject({ family: 'Nehru', given: 'Jawaharlal', familyFirst: false });
    expect(parsePersonName('Jawaharlal Nehru')).toMatchObject({ family: 'Nehru', given: 'Jawaharlal', familyFirst: false });
    expect(parsePersonName('Martin van Buren')).toMatchObject({ family: 'van Buren', given: 'Martin' });
    expect(parsePersonName('Graves, Maj. Gen. William S.')).toMatchObject({ family: 'Graves', given: 'William S.', extras: ['Maj.', 'Gen.'] });
    expect(parsePersonName('Nicholas II')).toMatchObject({ family: 'Nicholas', given: '', extras: ['II'] });
  });

  it('reads Chinese, Japanese and Korean names as family name first, in any romanization, by rule', () => {
    for (const [name, family, given] of [
      ['Lin Biao', 'Lin', 'Biao'], // pinyin
      ['Lin, Biao', 'Lin', 'Biao'],
      ['Chiang Kai-shek', 'Chiang', 'Kai-shek'], // Wade–Giles
      ['Chou En-lai', 'Chou', 'En-lai'],
      ['Hara, Takashi', 'Hara', 'Takashi'], // Hepburn
      ['Takashi Hara', 'Hara', 'Takashi'], // Western order, as English texts write it
      ['Kim Il-sung', 'Kim', 'Il-sung'], // Korean
      ['Park Chung-hee', 'Park', 'Chung-hee'],
      ['Goto, Shimpei, Baron', 'Goto', 'Shimpei'],
    ]) {
      expect(parsePersonName(name!), name).toMatchObject({ family, given, familyFirst: true });
    }
    expect(parsePersonName('周恩来')).toMatchObject({ family: '周', familyFirst: true });
  });

  it('does not take a Western name for an East Asian one because of a shared surname or syllables', () => {
    for (const name of ['Bruce Lee', 'Paul Chang', 'Maria Lin', 'Wellington Koo', 'Koo, Vi Kyuin Wellington', 'Young, Dr. Allyn', 'Robert Lansing']) {
      expect(parsePersonName(name).familyFirst, name).toBe(false);
    }
  });
});

describe('forms of a person’s name', () => {
  it('never gives an East Asian name a comma, and keeps other names as written', () => {
    expect(preferredPersonName('Lin, Biao')).toBe('Lin Biao');
    expect(preferredPersonName('Hara, Takashi')).toBe('Hara Takashi');
    expect(preferredPersonName('Goto, Shimpei, Baron')).toBe('Goto Shimpei, Baron');
    expect(preferredPersonName('Nehru, Jawaharlal')).toBe('Nehru, Jawaharlal');
    expect(indexPersonName('Jawaharlal Nehru')).toBe('Nehru, Jawaharlal');
    expect(indexPersonName('Lin Biao')).toBe('Lin Biao');
    expect(indexPersonName('Biao Lin')).toBe('Lin Biao');
    expect(givenFirstPersonName('Nehru, Jawaharlal')).toBe('Jawaharlal Nehru');
    expect(givenFirstPersonName('Hara, Takashi')).toBe('Takashi Hara');
    expect(givenFirstPersonName('Jawaharlal Nehru')).toBeUndefined();
    // What is not a name in the first place ("Mr. Bayman to Mr. Harvey", as a FRUS heading reads) stays as written.
    expect(indexPersonName('Mr. Bayman to Mr. Harvey')).toBe('Mr. Bayman to Mr. Harvey');
    expect(personSortKey('Mr. Bayman to Mr. Harvey')).toMatch(/^mrbayman/);
    expect(indexPersonName('Charles de Gaulle')).toBe('de Gaulle, Charles');
    expect(indexPersonName('El Hashimi')).toBe('El Hashimi');
  });

  it('keys both orders of a name alike, titles left out, and sorts by family name', () => {
    const shared = (a: string, b: string) => personNameKeys(a).some((k) => personNameKeys(b).includes(k));
    expect(shared('Nehru, Jawaharlal', 'Jawaharlal Nehru')).toBe(true);
    expect(shared('Lin, Biao', 'Lin Biao')).toBe(true);
    expect(shared('Uchida, Viscount, Yasuya', 'Uchida Yasuya')).toBe(true);
    expect(shared('Nehru, Jawaharlal', 'Nehru, Motilal')).toBe(false);
    expect(personNameKeys('Lansing')).toEqual(['lansing']);
    const sorted = ['Jawaharlal Nehru', 'Lin Biao', 'John Adams', 'Martin van Buren', 'Zhou Enlai', 'Adams, Abigail'].sort((a, b) => personSortKey(a).localeCompare(personSortKey(b)));
    expect(sorted).toEqual(['Adams, Abigail', 'John Adams', 'Lin Biao', 'Jawaharlal Nehru', 'Martin van Buren', 'Zhou Enlai']);
  });
});
