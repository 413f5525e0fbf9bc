import { describe, expect, test } from 'vitest';
import { directionOfKey, nearestInDirection, type Box, type Direction } from '../../../renderer/src/lib/spatial-nav.js';

// a 3-column grid of 100x60 cards with 20 px gaps, two rows, the second row one card short
const card = (col: number, row: number): Box => ({ x: col * 120, y: row * 80, width: 100, height: 60 });
const grid = [card(0, 0), card(1, 0), card(2, 0), card(0, 1), card(1, 1)];

describe('nearestInDirection in a grid', () => {
  test.each<[number, Direction, number]>([
    [0, 'right', 1],
    [1, 'right', 2],
    [2, 'right', -1],
    [1, 'left', 0],
    [0, 'left', -1],
    [0, 'down', 3],
    [1, 'down', 4],
    [4, 'up', 1],
    [3, 'up', 0],
    [0, 'up', -1],
    [3, 'right', 4],
    [4, 'right', -1],
  ])('from card %i going %s lands on %i', (from, direction, expected) => {
    const others = grid.filter((_, i) => i !== from);
    const found = nearestInDirection(grid[from]!, others, direction);
    expect(found < 0 ? -1 : grid.indexOf(others[found]!)).toBe(expected);
  });

  test('down from the last column goes to the nearest card of the shorter row', () => {
    expect(nearestInDirection(card(2, 0), [card(0, 1), card(1, 1)], 'down')).toBe(1);
  });

  test('a card in line beats a closer card off to the side', () => {
    const from: Box = { x: 0, y: 0, width: 100, height: 60 };
    const inLine: Box = { x: 300, y: 0, width: 100, height: 60 };
    const diagonal: Box = { x: 120, y: 90, width: 100, height: 60 };
    expect(nearestInDirection(from, [diagonal, inLine], 'right')).toBe(1);
  });

  test('left and right never leave the row', () => {
    const lonely: Box = card(0, 1);
    expect(nearestInDirection(lonely, [card(1, 0), card(2, 0)], 'right')).toBe(-1);
  });

  test('a focused card that grows a little still has its neighbour to the right', () => {
    const grown: Box = { x: -4, y: -2, width: 108, height: 64 };
    expect(nearestInDirection(grown, [card(1, 0)], 'right')).toBe(0);
  });

  test('from a wide header down to the card under its link', () => {
    const link: Box = { x: 250, y: -70, width: 80, height: 30 };
    expect(nearestInDirection(link, grid, 'down')).toBe(2);
  });

  test('down from a button, a row of cards just below beats a wide box far further down', () => {
    const play: Box = { x: 400, y: 0, width: 150, height: 50 };
    const extra: Box = { x: 0, y: 100, width: 300, height: 170 };
    const fileDetails: Box = { x: 0, y: 320, width: 1200, height: 50 };
    expect(nearestInDirection(play, [fileDetails, extra], 'down')).toBe(1);
    // and up from that wide box, the card above it (in line) comes first
    expect(nearestInDirection(fileDetails, [play, extra], 'up')).toBe(1);
  });

  test('down, a box in line beats one as near off to the side', () => {
    const from: Box = { x: 0, y: 0, width: 100, height: 60 };
    expect(nearestInDirection(from, [{ x: 150, y: 100, width: 100, height: 60 }, { x: 0, y: 100, width: 100, height: 60 }], 'down')).toBe(1);
  });

  test('no candidates, no move', () => {
    expect(nearestInDirection(card(0, 0), [], 'right')).toBe(-1);
  });
});

test.each([
  ['ArrowLeft', 'left'],
  ['ArrowRight', 'right'],
  ['ArrowUp', 'up'],
  ['ArrowDown', 'down'],
  ['Enter', null],
  ['a', null],
])('key %j is direction %j', (key, direction) => {
  expect(directionOfKey(key)).toBe(direction);
});
