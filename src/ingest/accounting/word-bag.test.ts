import { describe, expect, it } from 'vitest';
import { addWords, bagSize } from './word-bag.js';

describe('addWords', () => {
  it('counts case-folded NFKC words, not punctuation', () => {
    const bag = addWords('The Treaty, the TREATY; ﬁnal: Ｔｒｅａｔｙ 1918.');
    expect(Object.fromEntries(bag)).toEqual({ the: 2, treaty: 3, final: 1, '1918': 1 });
  });

  it('counts Han and kana one character each, and the other words of the same text whole', () => {
    const bag = addWords('第一条 Tokyo 東京にて, and Kyoto々');
    expect(Object.fromEntries(bag)).toEqual({ 第: 1, 一: 1, 条: 1, tokyo: 1, 東: 1, 京: 1, に: 1, て: 1, and: 1, kyoto: 1, 々: 1 });
  });

  it('splits an ASCII text where the Unicode path splits the same text', () => {
    const text = "The Treaty's end, 1918-19: O.K. (\\n) _x_";
    const ascii = Object.fromEntries(addWords(text));
    expect(ascii).toEqual({ the: 1, treaty: 1, s: 1, end: 1, '1918': 1, '19': 1, o: 1, k: 1, n: 1, x: 1 });
    // One letter outside ASCII sends the same text down the Latin path.
    expect(Object.fromEntries(addWords(`${text} é`))).toEqual({ ...ascii, é: 1 });
  });

  it('adds to the bag it is given', () => {
    const bag = addWords('one two');
    addWords('two 二', bag);
    expect(bag.get('two')).toBe(2);
    expect(bagSize(bag)).toBe(4);
  });
});
