/**
 * The arithmetic behind the viewer's mouse gestures, free of the DOM and the imaging library so it
 * can be tested: which gesture a pointer-down starts, window/level by drag, zoom by wheel.
 */

/**
 * What a press on the viewer starts. `box`: a press on a box, which a release without movement
 * turns into a click (decide or select) and a drag into a move (editable boxes only).
 */
export type Gesture = 'draw' | 'box' | 'resize' | 'window' | 'pan';

/** The viewer's left-button tool. */
export type ViewerTool = 'box' | 'window';

/** The facts about a pointer-down that pick the gesture. */
export interface PointerStart {
  /** 0 left, 1 middle, 2 right (MouseEvent.button). */
  button: number;
  ctrlKey: boolean;
  /** The space bar is held (space + drag pans, as in image editors). */
  spaceHeld: boolean;
  /** The pointer went down on a box. */
  onBox: boolean;
  onHandle: boolean;
  tool: ViewerTool;
}

/**
 * Picks the gesture: middle or right drag and space+drag pan; Ctrl+drag (or the window tool)
 * sets window/level; a handle resizes its box; a press on a box is a box gesture; elsewhere a
 * left drag draws a new box.
 */
export function gestureFor(p: PointerStart): Gesture | null {
  if (p.button === 1 || p.button === 2 || (p.button === 0 && p.spaceHeld)) return 'pan';
  if (p.button !== 0) return null;
  if (p.ctrlKey || p.tool === 'window') return 'window';
  if (p.onHandle) return 'resize';
  if (p.onBox) return 'box';
  return 'draw';
}

/** Canvas pixels a pointer may travel before a press counts as a drag rather than a click. */
const CLICK_SLOP = 4;

/** True once a pointer moved further than {@link CLICK_SLOP} from where it went down. */
export function isDrag(dx: number, dy: number): boolean {
  return dx * dx + dy * dy > CLICK_SLOP * CLICK_SLOP;
}

/** A window: centre and width in the image's stored values. */
export interface WindowLevel {
  windowCenter: number;
  windowWidth: number;
}

/**
 * Window/level from a drag: right widens the window, down raises the centre. The step scales with
 * the data range, so an 8-bit display image and a 16-bit CT respond alike to the same drag.
 */
export function windowLevelDrag(start: WindowLevel, dx: number, dy: number, dataRange: number): WindowLevel {
  const step = Math.max(dataRange, 1) / 256;
  return {
    windowWidth: Math.max(1, start.windowWidth + dx * step),
    windowCenter: start.windowCenter + dy * step,
  };
}

/** Smallest zoom, in canvas pixels per image pixel. */
const MIN_SCALE = 0.05;
/** Largest zoom, in canvas pixels per image pixel. */
const MAX_SCALE = 40;

/** The new scale after a wheel step; `deltaMode` 1 is lines, 2 pages (WheelEvent). */
export function scaleAfterWheel(scale: number, deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const next = scale * Math.exp(-pixels * 0.0015);
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
}

/**
 * What a wheel does (the stack-scroll habit of radiology viewers, as OHIF): a plain wheel steps
 * through the frames of a multi-frame image, or through the slices (images) of the series on a
 * single frame; Ctrl+wheel (and a trackpad pinch, which browsers send as Ctrl+wheel) zooms.
 */
export function wheelAction(frameCount: number, ctrlKey: boolean): 'zoom' | 'frame' | 'slice' {
  if (ctrlKey) return 'zoom';
  return frameCount > 1 ? 'frame' : 'slice';
}
