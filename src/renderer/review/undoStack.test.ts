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

describe('UndoStack redo', () => {
  it('redoes what was undone, latest first, until a new change clears it', () => {
    const stack = new UndoStack();
    const entry = (label: string) => ({ label, imageId: 'img_aaaaaa', undo: async () => undefined, redo: async () => undefined });
    stack.push(entry('one'));
    stack.push(entry('two'));
    const two = stack.pop();
    if (two === undefined) throw new Error('nothing to undo');
    stack.undone(two);
    const one = stack.pop();
    if (one === undefined) throw new Error('nothing to undo');
    stack.undone(one);
    const again = stack.popRedo();
    expect(again?.label).toBe('one');
    if (again !== undefined) stack.redone(again);
    expect(stack.size).toBe(1);
    // A new change: 'two' can no longer be redone.
    stack.push(entry('three'));
    expect(stack.popRedo()).toBeUndefined();
  });
});
