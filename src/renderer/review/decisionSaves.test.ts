import { describe, expect, it } from 'vitest';
import { ApiError } from '../transport/callApi';
import { isRetryable, retryDelayMs, saveLabel, withSaveState } from './decisionSaves';

describe('decision saves', () => {
  it('retries after 1 s, doubling up to 15 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it('retries only what an unreachable server refused', () => {
    expect(isRetryable(new ApiError('rectsDecide', 'TRANSPORT', 'request failed: Failed to fetch'))).toBe(true);
    expect(isRetryable(new ApiError('rectsDecide', 'NOT_FOUND', 'no such box'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
  });

  it('sets and clears the state of boxes, keeping the map when nothing changes', () => {
    const none: ReadonlyMap<number, 'pending' | 'unsaved'> = new Map();
    const pending = withSaveState(none, [1, 2], 'pending');
    expect([...pending]).toEqual([
      [1, 'pending'],
      [2, 'pending'],
    ]);
    expect(withSaveState(pending, [1, 2], 'pending')).toBe(pending);
    expect([...withSaveState(pending, [1], null)]).toEqual([[2, 'pending']]);
    expect(withSaveState(none, [3], null)).toBe(none);
  });

  it('says in words that an unsaved decision is not saved', () => {
    expect(saveLabel('unsaved')).toMatch(/^not saved/);
    expect(saveLabel('pending')).toMatch(/^pending/);
  });
});
