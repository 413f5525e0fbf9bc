import { describe, expect, test } from 'vitest';
import type { ExperimentDto } from '../../../../server/src/http/api-types.js';
import { fieldOfMessage, formOf, newExperimentForm, nextVariantKey, requestOf } from '../../../../renderer/src/lib/admin/experiment-form.ts';
import { configLabel, intervalLabel, percent, pLabel } from '../../../../renderer/src/lib/admin/experiment-words.ts';

const experiment: ExperimentDto = {
  id: 3,
  name: 'Blend vs EASE',
  description: '',
  surface: 'home',
  status: 'draft',
  createdAt: '2026-01-10T19:00:00.000Z',
  startedAt: null,
  stoppedAt: null,
  variants: [
    { key: 'control', name: 'Control', weight: 3, share: 0.75, config: { weights: { popularity: 0.2, itemKnn: 0.8, novelty: 0.1 }, note: 'x' } },
    { key: 'b', name: 'EASE', weight: 1, share: 0.25, config: { ranker: 'ease' } },
  ],
};

describe('the experiment form', () => {
  test('known ranker weights become fields, the rest free JSON; and back to the same config', () => {
    const form = formOf(experiment);
    expect(form.variants[0]!.weights).toEqual({ popularity: 0.2, itemKnn: 0.8, lastItems: null, content: null, ease: null, learned: null });
    expect(JSON.parse(form.variants[0]!.extra)).toEqual({ note: 'x', weights: { novelty: 0.1 } });
    expect(form.variants[1]).toMatchObject({ ranker: 'ease', extra: '' });
    const checked = requestOf(form);
    expect(checked).toEqual({
      ok: true,
      request: {
        name: 'Blend vs EASE',
        description: '',
        surface: 'home',
        variants: [
          { key: 'control', name: 'Control', weight: 3, config: { note: 'x', weights: { novelty: 0.1, popularity: 0.2, itemKnn: 0.8 } } },
          { key: 'b', name: 'EASE', weight: 1, config: { ranker: 'ease' } },
        ],
      },
    });
  });

  test('what is wrong is named by its field', () => {
    const form = newExperimentForm();
    expect(requestOf(form)).toMatchObject({ ok: false, field: 'name' });
    form.name = 'x';
    form.variants[1]!.extra = '{"weights": ';
    expect(requestOf(form)).toMatchObject({ ok: false, field: 'variants.1.extra', message: 'B: the extra config is not valid JSON.' });
    form.variants[1]!.extra = '[1]';
    expect(requestOf(form)).toMatchObject({ ok: false, field: 'variants.1.extra' });
    form.variants[1]!.extra = '';
    form.variants[0]!.weight = null;
    expect(requestOf(form)).toMatchObject({ ok: false, field: 'variants.0.weight' });
    expect(fieldOfMessage('variants.1.config.weights.ease: must not be negative')).toBe('variants.1.weights.ease');
    expect(fieldOfMessage('variants.0.config: must be at most 4096 bytes of JSON')).toBe('variants.0.extra');
    expect(fieldOfMessage('variants.1.key: repeats "control"')).toBe('variants.1.key');
    expect(fieldOfMessage('surface: must be …')).toBe('surface');
    expect(nextVariantKey(form.variants)).toBe('c');
  });

  test('words', () => {
    expect(percent(2 / 12)).toBe('16.7 %');
    expect(intervalLabel(0.04696, 0.448, 'percent')).toBe('4.7–44.8 %');
    expect(intervalLabel(-22.02, 35.35, 'minutes')).toBe('−22.0 to 35.4 min');
    expect(intervalLabel(3.14, 9.8, 'minutes')).toBe('3.1–9.8 min');
    expect([pLabel(0.29184), pLabel(0.0031), pLabel(0.0004)]).toEqual(['p = 0.29', 'p = 0.003', 'p < 0.001']);
    expect(configLabel(experiment.variants[0]!.config)).toBe('popularity 0.2, itemKnn 0.8, novelty 0.1 · + note');
    expect(configLabel({})).toBe('default ranking');
  });
});
