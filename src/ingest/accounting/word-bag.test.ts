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

  it('adds to the bag it is given', () => {
    const bag = addWords('one two');
    addWords('two 二', bag);
    expect(bag.get('two')).toBe(2);
    expect(bagSize(bag)).toBe(4);
  });
});
