import { describe, expect, test } from 'vitest';
import { currentChoice, levelSteps, qualityEntries, qualityLabel, rungLabels, sameChoice, type Rung } from '../../../../renderer/src/lib/player/quality.js';

// VHS lists the levels in the master playlist's order: the server writes the lowest first
const rung = (height: number, bitrate: number, enabled = true): Rung => ({ height, bitrate, enabled });
const ladder = [rung(240, 400_000), rung(360, 800_000), rung(720, 2_800_000)];

describe('qualityEntries', () => {
  test('Auto first, then the rungs from the sharpest down, each pointing at its level', () => {
    expect(qualityEntries(ladder)).toEqual([
      { choice: { kind: 'auto' }, label: 'Auto' },
      { choice: { kind: 'rung', index: 2 }, label: '720p' },
      { choice: { kind: 'rung', index: 1 }, label: '360p' },
      { choice: { kind: 'rung', index: 0 }, label: '240p' },
    ]);
  });

  test('two rungs of one height are told apart by bit rate', () => {
    expect(rungLabels([rung(720, 1_500_000), rung(720, 3_000_000), rung(360, 800_000)])).toEqual(['720p · 1500 kbps', '720p · 3000 kbps', '360p']);
  });

  test('a rung without a resolution is named by its bit rate, or not at all', () => {
    expect(rungLabels([rung(0, 640_000), rung(0, 0)])).toEqual(['640 kbps', 'Unknown']);
  });

  test('no levels (direct play, before the playlist loads): Auto alone', () => {
    expect(qualityEntries([])).toEqual([{ choice: { kind: 'auto' }, label: 'Auto' }]);
  });
});

describe('currentChoice', () => {
  test.each<[string, Rung[], ReturnType<typeof currentChoice>]>([
    ['all enabled', ladder, { kind: 'auto' }],
    ['one of three', [rung(240, 1, false), rung(360, 1, true), rung(720, 1, false)], { kind: 'rung', index: 1 }],
    ['two of three: not a pick the menu makes', [rung(240, 1, true), rung(360, 1, true), rung(720, 1, false)], { kind: 'auto' }],
    ['a single rung is no choice', [rung(360, 1)], { kind: 'auto' }],
    ['none', [], { kind: 'auto' }],
  ])('%s', (_, rungs, expected) => {
    expect(currentChoice(rungs)).toEqual(expected);
  });
});

describe('levelSteps', () => {
  const only = (index: number) => ladder.map((r, i) => ({ ...r, enabled: i === index }));
  /** the levels' flags after the steps */
  const after = (rungs: Rung[], steps: ReturnType<typeof levelSteps>) => {
    const enabled = rungs.map((r) => r.enabled);
    for (const step of steps) enabled[step.index] = step.enabled;
    return enabled;
  };

  test('a rung from Auto: the others off, then the rung off and on again, so VHS switches at once', () => {
    expect(levelSteps(ladder, { kind: 'rung', index: 1 })).toEqual([
      { index: 0, enabled: false },
      { index: 2, enabled: false },
      { index: 1, enabled: false },
      { index: 1, enabled: true },
    ]);
  });

  test('another rung after a pick: the old one off, the new one on (last)', () => {
    expect(levelSteps(only(0), { kind: 'rung', index: 2 })).toEqual([
      { index: 0, enabled: false },
      { index: 2, enabled: true },
    ]);
  });

  test('Auto after a pick: the others on, the nearest in bit rate last', () => {
    expect(levelSteps(only(0), { kind: 'auto' })).toEqual([
      { index: 2, enabled: true },
      { index: 1, enabled: true },
    ]);
    expect(levelSteps(only(2), { kind: 'auto' }).at(-1)).toEqual({ index: 1, enabled: true });
  });

  test('Auto when all are on already changes nothing', () => {
    expect(levelSteps(ladder, { kind: 'auto' })).toEqual([]);
  });

  test.each<[string, Rung[], ReturnType<typeof currentChoice>]>([
    ['a rung from Auto', ladder, { kind: 'rung', index: 1 }],
    ['a rung from another', only(0), { kind: 'rung', index: 2 }],
    ['Auto from a rung', only(1), { kind: 'auto' }],
  ])('%s: reading the flags back gives the choice', (_, rungs, choice) => {
    const enabled = after(rungs, levelSteps(rungs, choice));
    expect(currentChoice(rungs.map((r, i) => ({ ...r, enabled: enabled[i]! })))).toEqual(choice);
  });

  test('an index past the list changes nothing', () => {
    expect(levelSteps(ladder, { kind: 'rung', index: 7 })).toEqual([]);
  });
});

describe('qualityLabel', () => {
  test('Auto with the rung playing, once VHS picked one', () => {
    expect(qualityLabel(ladder, 2)).toBe('Auto (720p)');
    expect(qualityLabel(ladder, 0)).toBe('Auto (240p)');
    expect(qualityLabel(ladder, -1)).toBe('Auto');
  });

  test('a picked rung is named alone, whatever VHS reports as selected', () => {
    expect(qualityLabel([rung(240, 1, false), rung(360, 1, true), rung(720, 1, false)], 2)).toBe('360p');
  });
});

test('sameChoice', () => {
  expect(sameChoice({ kind: 'auto' }, { kind: 'auto' })).toBe(true);
  expect(sameChoice({ kind: 'rung', index: 1 }, { kind: 'rung', index: 1 })).toBe(true);
  expect(sameChoice({ kind: 'rung', index: 1 }, { kind: 'rung', index: 2 })).toBe(false);
  expect(sameChoice({ kind: 'auto' }, { kind: 'rung', index: 0 })).toBe(false);
  expect(sameChoice({ kind: 'rung', index: 0 }, { kind: 'auto' })).toBe(false);
});
