// Folding and word splitting as the index does them, with the places needed to highlight.
import { describe, expect, test } from 'vitest';
import { foldText, originalRange, textWords } from '../../../server/src/search/search-text.js';

describe('textWords', () => {
  test.each([
    ['Stranger Things', ['stranger', 'things']],
    ['Amélie', ['amelie']],
    ['AMÉLIE', ['amelie']],
    ['Le Fabuleux Destin d’Amélie Poulain', ['le', 'fabuleux', 'destin', 'd', 'amelie', 'poulain']],
    ["Ocean's Eleven", ['ocean', 's', 'eleven']],
    ['Spider-Man: No Way Home (2021)', ['spider', 'man', 'no', 'way', 'home', '2021']],
    ['  "NEAR(" * - OR  ', ['near', 'or']],
    ['Crème Brûlée', ['creme', 'brulee']],
    ['Zoë Björk Núñez', ['zoe', 'bjork', 'nunez']],
    ['', []],
    ['"*-', []],
  ])('%j → %j', (text, words) => {
    expect(textWords(text).map((w) => w.folded)).toEqual(words);
  });

  test('an accent written as a separate combining mark folds the same', () => {
    expect(textWords('Ame\u0301lie').map((w) => w.folded)).toEqual(['amelie']);
    expect(foldText('Ame\u0301lie')).toBe('amelie');
  });

  test('ranges point into the original text, through accents and decomposed marks', () => {
    const [word] = textWords('Ame\u0301lie');
    expect(originalRange(word!, 0, 3)).toEqual([0, 4]); // "Amé" with its mark
    const [, second] = textWords('La Amélie');
    expect(originalRange(second!, 0, 6)).toEqual([3, 9]);
    const [plain] = textWords('Office');
    expect(plain!.starts).toBeNull(); // plain ASCII needs no table
    expect(originalRange(plain!, 0, 4)).toEqual([0, 4]);
  });
});
