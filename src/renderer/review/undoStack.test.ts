import { describe, expect, it } from 'vitest';
import { UndoStack } from './undoStack';

describe('UndoStack', () => {
  it('undoes the latest change first and forgets the oldest past its limit', async () => {
    const log: string[] = [];
    const stack = new UndoStack(2);
    for (const label of ['one', 'two', 'three']) stack.push({ label, imageId: 'img_aaaaaa', undo: async () => void log.push(label) });
    expect(stack.size).toBe(2);
    await stack.pop()?.undo();
    await stack.pop()?.undo();
    expect(stack.pop()).toBeUndefined();
    expect(log).toEqual(['three', 'two']);
  });
});
