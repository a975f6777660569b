import { describe, expect, it } from 'vitest';
import { SHORTCUTS, commandForKey, isTypingTarget } from './reviewKeys';
import type { KeyPress } from './reviewKeys';

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('commandForKey', () => {
  it('maps the review keys of the brief', () => {
    expect(commandForKey(key('a'))).toBe('approve');
    expect(commandForKey(key('A', { shiftKey: true }))).toBe('approveAll');
    expect(commandForKey(key('r'))).toBe('reject');
    expect(commandForKey(key('n'))).toBe('nextBox');
    expect(commandForKey(key('p'))).toBe('prevBox');
    expect(commandForKey(key('j'))).toBe('nextImage');
    expect(commandForKey(key('ArrowDown'))).toBe('nextImage');
    expect(commandForKey(key('k'))).toBe('prevImage');
    expect(commandForKey(key('ArrowLeft'))).toBe('prevImage');
    expect(commandForKey(key('u'))).toBe('nextUnreviewed');
    expect(commandForKey(key('d'))).toBe('markDone');
    expect(commandForKey(key('z', { ctrlKey: true }))).toBe('undo');
    expect(commandForKey(key('z', { metaKey: true }))).toBe('undo');
    expect(commandForKey(key('?', { shiftKey: true }))).toBe('help');
  });

  it('leaves browser shortcuts and Alt combinations alone; Ctrl+Shift+Z and Ctrl+Y redo', () => {
    expect(commandForKey(key('r', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(commandForKey(key('y', { ctrlKey: true }))).toBe('redo');
    expect(commandForKey(key('y', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(commandForKey(key('a', { altKey: true }))).toBeNull();
    expect(commandForKey(key('q'))).toBeNull();
  });

  it('adds the selected box text to a list with Shift+K (always keep) and Shift+B (always burn), leaving K and B as they were', () => {
    const press = (key: string, shiftKey: boolean): ReturnType<typeof commandForKey> => commandForKey({ key, shiftKey, ctrlKey: false, metaKey: false, altKey: false });
    expect(press('K', true)).toBe('alwaysKeep');
    expect(press('B', true)).toBe('alwaysBurn');
    expect(press('k', false)).toBe('prevImage');
    expect(press('b', false)).toBe('toggleBoxes');
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('documents every command it can produce in the help table', () => {
    const documented = new Set(SHORTCUTS.map((s) => s.command));
    const keys = ['a', 'r', 'n', 'p', 'j', 'k', 'u', '.', ',', 'd', 'Delete', 'Escape', 'f', 'o', 'b', 'w', 'i', '?', 'ArrowUp', 'ArrowRight'];
    for (const k of keys) {
      const command = commandForKey(key(k));
      expect(command !== null && documented.has(command), k).toBe(true);
    }
    expect(documented.has('approveAll')).toBe(true);
    expect(documented.has('undo')).toBe(true);
  });
});

describe('isTypingTarget', () => {
  it('treats text fields as typing but not checkboxes or sliders', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'range' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
