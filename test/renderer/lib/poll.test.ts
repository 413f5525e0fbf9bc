import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { poll } from '../../../renderer/src/lib/poll.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('poll', () => {
  test('asks again after the delay each answer names, and stops on null', async () => {
    let n = 0;
    const request = vi.fn(async () => ++n);
    const stop = poll(request, { answer: (v) => (v < 3 ? 1000 : null), failed: () => null });
    await vi.advanceTimersByTimeAsync(0);
    expect(request).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(request).toHaveBeenCalledTimes(3);
    stop();
  });

  test('an error asks again after the delay `failed` names; cleanup aborts and stops', async () => {
    let calls = 0;
    const signals: AbortSignal[] = [];
    const request = async (signal: AbortSignal) => {
      signals.push(signal);
      if (++calls === 1) throw new Error('offline');
      return calls;
    };
    const failed = vi.fn(() => 500);
    const stop = poll(request, { answer: () => 1000, failed });
    await vi.advanceTimersByTimeAsync(0);
    expect(failed).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(2);
    stop();
    expect(signals[0]!.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(2);
  });
});
