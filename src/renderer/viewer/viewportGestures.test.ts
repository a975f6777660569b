import { describe, expect, it } from 'vitest';
import { gestureFor, isDrag, scaleAfterWheel, wheelAction, windowLevelDrag } from './viewportGestures';
import type { PointerStart } from './viewportGestures';

const press = (p: Partial<PointerStart>): PointerStart => ({ button: 0, ctrlKey: false, spaceHeld: false, onBox: false, onHandle: false, tool: 'box', ...p });

describe('gestureFor', () => {
  it('pans with the middle or right button and with space held', () => {
    expect(gestureFor(press({ button: 1 }))).toBe('pan');
    expect(gestureFor(press({ button: 2, onBox: true }))).toBe('pan');
    expect(gestureFor(press({ spaceHeld: true, onBox: true }))).toBe('pan');
  });

  it('windows with Ctrl or the window tool, even over a box', () => {
    expect(gestureFor(press({ ctrlKey: true }))).toBe('window');
    expect(gestureFor(press({ tool: 'window', onBox: true }))).toBe('window');
  });

  it('resizes on a handle, acts on a box, and draws elsewhere', () => {
    expect(gestureFor(press({ onBox: true, onHandle: true }))).toBe('resize');
    expect(gestureFor(press({ onBox: true }))).toBe('box');
    expect(gestureFor(press({}))).toBe('draw');
    expect(gestureFor(press({ button: 3 }))).toBeNull();
  });
});

describe('wheel and drag arithmetic', () => {
  it('zooms in on wheel up and out on wheel down, within limits', () => {
    expect(scaleAfterWheel(1, -100, 0)).toBeGreaterThan(1);
    expect(scaleAfterWheel(1, 100, 0)).toBeLessThan(1);
    expect(scaleAfterWheel(1, 3, 1)).toBeCloseTo(scaleAfterWheel(1, 48, 0), 12);
    expect(scaleAfterWheel(39, -100000, 0)).toBe(40);
    expect(scaleAfterWheel(0.06, 100000, 0)).toBe(0.05);
  });

  it('scrolls frames on multi-frame images unless Ctrl is held', () => {
    expect(wheelAction(1, false)).toBe('slice');
    expect(wheelAction(1, true)).toBe('zoom');
    expect(wheelAction(30, false)).toBe('frame');
    expect(wheelAction(30, true)).toBe('zoom');
  });

  it('scales window/level steps to the data range and keeps the width positive', () => {
    const start = { windowCenter: 40, windowWidth: 400 };
    const ct = windowLevelDrag(start, 10, -20, 4096);
    expect(ct).toEqual({ windowWidth: 560, windowCenter: -280 });
    const small = windowLevelDrag(start, 10, -20, 256);
    expect(small).toEqual({ windowWidth: 410, windowCenter: 20 });
    expect(windowLevelDrag(start, -10000, 0, 4096).windowWidth).toBe(1);
  });

  it('counts movement beyond four pixels as a drag', () => {
    expect(isDrag(3, 2)).toBe(false);
    expect(isDrag(4, 3)).toBe(true);
  });
});
