/**
 * The review screen's keyboard: one table maps keys to commands and feeds the help overlay, so
 * what `?` shows is what the keys do.
 */

/** Everything a key can ask the review screen to do. */
export type ReviewCommand =
  | 'approve'
  | 'reject'
  | 'approveAll'
  | 'nextBox'
  | 'prevBox'
  | 'nextImage'
  | 'prevImage'
  | 'nextUnreviewed'
  | 'nextFrame'
  | 'prevFrame'
  | 'markDone'
  | 'undo'
  | 'redo'
  | 'invert'
  | 'deleteBox'
  | 'deselect'
  | 'fit'
  | 'toggleBoxes'
  | 'togglePlanes'
  | 'toggleAsWritten'
  | 'toggleWindowTool'
  | 'alwaysKeep'
  | 'alwaysBurn'
  | 'help';

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** One line of the help overlay. */
interface Shortcut {
  keys: readonly string[];
  command: ReviewCommand;
  description: string;
}

/** Every shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['A'], command: 'approve', description: 'Approve the selected box (it will be burned out)' },
  { keys: ['R'], command: 'reject', description: 'Reject the selected box (its text stays)' },
  { keys: ['Shift+A'], command: 'approveAll', description: 'Approve every proposed box of the image' },
  { keys: ['N'], command: 'nextBox', description: 'Select the next box' },
  { keys: ['P'], command: 'prevBox', description: 'Select the previous box' },
  { keys: ['J', '↓', '→'], command: 'nextImage', description: 'Next image' },
  { keys: ['K', '↑', '←'], command: 'prevImage', description: 'Previous image' },
  { keys: ['U'], command: 'nextUnreviewed', description: 'Next image not marked done' },
  { keys: ['.'], command: 'nextFrame', description: 'Next frame (multi-frame images; also the wheel)' },
  { keys: [','], command: 'prevFrame', description: 'Previous frame' },
  { keys: ['D'], command: 'markDone', description: 'Mark the image done and go to the next unreviewed one' },
  { keys: ['Ctrl+Z'], command: 'undo', description: 'Undo the last change' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], command: 'redo', description: 'Redo the change last undone' },
  { keys: ['Delete'], command: 'deleteBox', description: 'Delete the selected manual or rule box (OCR boxes are rejected instead: R)' },
  { keys: ['I'], command: 'invert', description: 'Invert the grey scale' },
  { keys: ['Esc'], command: 'deselect', description: 'Clear the selection' },
  { keys: ['F'], command: 'fit', description: 'Fit the image to the window' },
  { keys: ['O'], command: 'togglePlanes', description: 'Show or hide the overlay planes (60xx), each group in its own colour' },
  { keys: ['B'], command: 'toggleBoxes', description: 'Show or hide the boxes' },
  { keys: ['V'], command: 'toggleAsWritten', description: 'As written: the frame exactly as de-identifying writes it (burned boxes burned, overlays as kept); V again shows the input' },
  { keys: ['W'], command: 'toggleWindowTool', description: 'Switch the left button between drawing boxes and window/level' },
  { keys: ['Shift+K'], command: 'alwaysKeep', description: "Always keep the selected box's text: add it to the project's allowlist (and keep it here)" },
  { keys: ['Shift+B'], command: 'alwaysBurn', description: "Always burn the selected box's text: add it to the project's denylist (and burn it here)" },
  { keys: ['?'], command: 'help', description: 'Show or hide this help' },
];

/** Mouse gestures, for the help overlay. */
export const MOUSE_HELP: readonly { gesture: string; description: string }[] = [
  { gesture: 'Click a box', description: 'Select it (a click never decides: A approves, R rejects)' },
  { gesture: 'Drag on the image', description: 'Draw a manual box (burned out)' },
  { gesture: 'Drag a manual box / its handles', description: 'Move / resize it' },
  { gesture: 'Ctrl+drag, or W then drag', description: 'Window/level' },
  { gesture: 'Right or middle drag, Space+drag', description: 'Pan' },
  { gesture: 'Wheel', description: 'Next or previous frame (multi-frame) or image of the series (single frame)' },
  { gesture: 'Ctrl+wheel', description: 'Zoom at the pointer' },
];

const PLAIN: Readonly<Record<string, ReviewCommand>> = {
  a: 'approve',
  r: 'reject',
  n: 'nextBox',
  p: 'prevBox',
  j: 'nextImage',
  arrowdown: 'nextImage',
  arrowright: 'nextImage',
  k: 'prevImage',
  arrowup: 'prevImage',
  arrowleft: 'prevImage',
  u: 'nextUnreviewed',
  '.': 'nextFrame',
  ',': 'prevFrame',
  d: 'markDone',
  delete: 'deleteBox',
  backspace: 'deleteBox',
  escape: 'deselect',
  f: 'fit',
  o: 'togglePlanes',
  b: 'toggleBoxes',
  v: 'toggleAsWritten',
  w: 'toggleWindowTool',
  i: 'invert',
  '?': 'help',
};

/**
 * The command for a key press, or null. Browser and system shortcuts other than undo (Ctrl/Cmd+Z)
 * and redo (Ctrl/Cmd+Shift+Z, Ctrl/Cmd+Y) are left alone, as is anything with Alt.
 */
export function commandForKey(k: KeyPress): ReviewCommand | null {
  const key = k.key.toLowerCase();
  if (k.altKey) return null;
  if (k.ctrlKey || k.metaKey) {
    if (key === 'z') return k.shiftKey ? 'redo' : 'undo';
    return key === 'y' && !k.shiftKey ? 'redo' : null;
  }
  if (key === 'a' && k.shiftKey) return 'approveAll';
  if (key === 'k' && k.shiftKey) return 'alwaysKeep';
  if (key === 'b' && k.shiftKey) return 'alwaysBurn';
  return PLAIN[key] ?? null;
}

/** True when the key press belongs to a text field (shortcuts must not fire while typing). */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (target === null || target.tagName === undefined) return false;
  if (target.isContentEditable === true) return true;
  if (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName !== 'INPUT') return false;
  // Checkboxes, radios, sliders and buttons take no text: shortcuts still apply on them.
  return !['checkbox', 'radio', 'range', 'button', 'submit'].includes(target.type ?? 'text');
}
