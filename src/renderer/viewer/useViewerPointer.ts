/**
 * Pointer gestures on the viewer stage: draw, move and resize boxes in image pixels, select a box
 * by clicking it (a click never decides: deciding is A/R or the list's buttons, so a double-click
 * cannot approve and then reverse), window/level, pan, wheel through frames or slices, and
 * Ctrl+wheel zoom. Library calls go through
 * `cornerstoneElement`, box arithmetic through `boxGeometry`.
 */
import { useEffect, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent, RefObject } from 'react';
import { boxFromDrag, canvasToImage, moveBox, resizeBox, translationForZoom } from './boxGeometry';
import type { AxisTransform, BoxRect, Point, ResizeHandle } from './boxGeometry';
import { readView, writeView } from './cornerstoneElement';
import type { ViewState } from './cornerstoneElement';
import { gestureFor, isDrag, scaleAfterWheel, wheelAction, windowLevelDrag } from './viewportGestures';
import type { Gesture, ViewerTool } from './viewportGestures';
import { isEditable } from './viewerBox';
import { editableBoxAt } from './boxHitTest';
import type { ViewerBox } from './viewerBox';

/** What the gesture hook needs from the viewer. */
interface PointerDeps {
  stage: RefObject<HTMLDivElement | null>;
  element: RefObject<HTMLDivElement | null>;
  transform: AxisTransform | null;
  image: { columns: number; rows: number; dataRange: number } | null;
  boxes: readonly ViewerBox[];
  /** The selected box: a drag over it moves it even where another box's shape lies on top. */
  selectedBoxId: number | null;
  tool: ViewerTool;
  frameCount: number;
  onFrameStep: (delta: number) => void;
  /** Wheel on a single-frame image: the next (1) or previous (-1) image of the series. */
  onSliceStep: (delta: number) => void;
  onSelectBox: (id: number | null) => void;
  onDrawBox: (rect: BoxRect) => void;
  onChangeBox: (id: number, rect: BoxRect) => void;
}

interface Drag {
  gesture: Gesture;
  pointerId: number;
  start: Point;
  moved: boolean;
  box: ViewerBox | null;
  /** The box a drag moves when `box` (the shape on top, clicked) cannot move: see boxHitTest.ts. */
  editable: ViewerBox | null;
  handle: ResizeHandle | null;
  view: ViewState | null;
}

/** The pointer state the viewer renders: the draft box, the hovered box, and cursor hints. */
interface PointerState {
  draft: { id: number | null; rect: BoxRect } | null;
  hoveredId: number | null;
  spaceHeld: boolean;
  gesture: Gesture | null;
  onPointerDown: (e: ReactPointerEvent<HTMLDivElement>) => void;
  onPointerMove: (e: ReactPointerEvent<HTMLDivElement>) => void;
  onPointerUp: (e: ReactPointerEvent<HTMLDivElement>) => void;
  onPointerLeave: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** Wires the stage's pointer, wheel and space-bar handling; see the module comment. */
export function useViewerPointer(deps: PointerDeps): PointerState {
  const [draft, setDraftState] = useState<PointerState['draft']>(null);
  const draftRef = useRef<PointerState['draft']>(null);
  const setDraft = (next: PointerState['draft']): void => {
    draftRef.current = next;
    setDraftState(next);
  };
  const [hoveredId, setHoveredId] = useState<number | null>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const drag = useRef<Drag | null>(null);
  const latest = useRef(deps);
  latest.current = deps;
  const spaceRef = useRef(false);

  useEffect(() => {
    const down = (e: KeyboardEvent): void => {
      if (e.key !== ' ' || isTyping(e.target)) return;
      e.preventDefault();
      if (!spaceRef.current) {
        spaceRef.current = true;
        setSpaceHeld(true);
      }
    };
    const up = (e: KeyboardEvent): void => {
      if (e.key !== ' ') return;
      spaceRef.current = false;
      setSpaceHeld(false);
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);

  useEffect(() => {
    const stage = deps.stage.current;
    if (stage === null) return;
    // A native listener: React's wheel listener is passive and cannot stop the page scrolling.
    const onWheel = (e: WheelEvent): void => {
      const d = latest.current;
      const el = d.element.current;
      if (el === null || d.transform === null || d.image === null) return;
      e.preventDefault();
      const action = wheelAction(d.frameCount, e.ctrlKey);
      if (action === 'frame' || action === 'slice') {
        if (e.deltaY === 0) return;
        (action === 'frame' ? d.onFrameStep : d.onSliceStep)(e.deltaY > 0 ? 1 : -1);
        return;
      }
      const view = readView(el);
      if (view === null) return;
      const anchor = local(stage, e);
      const before = canvasToImage(anchor, d.transform);
      const scale = scaleAfterWheel(view.scale, e.deltaY, e.deltaMode);
      const rect = stage.getBoundingClientRect();
      const size = { width: rect.width, height: rect.height };
      writeView(el, { scale, translation: translationForZoom(before, anchor, size, d.image, scale) });
    };
    stage.addEventListener('wheel', onWheel, { passive: false });
    return () => stage.removeEventListener('wheel', onWheel);
  }, [deps.stage]);

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>): void => {
    const d = latest.current;
    const stage = d.stage.current;
    if (stage === null || d.transform === null || d.image === null || drag.current !== null) return;
    const target = e.target instanceof Element ? e.target.closest('[data-box-id]') : null;
    const boxId = target === null ? null : Number(target.getAttribute('data-box-id'));
    const box = boxId === null ? null : (d.boxes.find((b) => b.id === boxId) ?? null);
    const handle = (target?.getAttribute('data-handle') ?? null) as ResizeHandle | null;
    const editable = handle === null ? editableBoxAt(canvasToImage(local(stage, e), d.transform), d.boxes, d.selectedBoxId) : null;
    const g = gestureFor({
      button: e.button,
      ctrlKey: e.ctrlKey || e.metaKey,
      spaceHeld: spaceRef.current,
      onBox: box !== null || editable !== null,
      onHandle: handle !== null && box !== null,
      tool: d.tool,
    });
    if (g === null) return;
    e.preventDefault();
    stage.setPointerCapture(e.pointerId);
    const el = d.element.current;
    drag.current = { gesture: g, pointerId: e.pointerId, start: local(stage, e), moved: false, box: box ?? editable, editable, handle, view: el ? readView(el) : null };
    setGesture(g);
    if (g === 'resize' && box !== null) d.onSelectBox(box.id);
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>): void => {
    const d = latest.current;
    const stage = d.stage.current;
    const cur = drag.current;
    if (cur === null || cur.pointerId !== e.pointerId) {
      const target = e.target instanceof Element ? e.target.closest('[data-box-id]') : null;
      const id = target === null ? null : Number(target.getAttribute('data-box-id'));
      if (id !== hoveredId) setHoveredId(id);
      return;
    }
    if (stage === null || d.transform === null || d.image === null) return;
    const p = local(stage, e);
    const dx = p.x - cur.start.x;
    const dy = p.y - cur.start.y;
    if (!cur.moved && !isDrag(dx, dy)) return;
    cur.moved = true;
    // OCR boxes cannot move: a drag that starts on one moves the reviewer's box under it (the
    // selected one first), else draws a new box (e.g. over text that OCR boxed only in part); a
    // click on it selects it.
    if (cur.gesture === 'box' && cur.box !== null && !isEditable(cur.box)) {
      if (cur.editable !== null) cur.box = cur.editable;
      else {
        cur.gesture = 'draw';
        setGesture('draw');
      }
    }
    const el = d.element.current;
    const t = d.transform;
    const { columns, rows } = d.image;
    switch (cur.gesture) {
      case 'draw': {
        const rect = boxFromDrag(canvasToImage(cur.start, t), canvasToImage(p, t), columns, rows);
        setDraft(rect === null ? null : { id: null, rect });
        break;
      }
      case 'box':
        if (cur.box !== null && isEditable(cur.box)) {
          setDraft({ id: cur.box.id, rect: moveBox(cur.box, dx / t.sx, dy / t.sy, columns, rows) });
        }
        break;
      case 'resize':
        if (cur.box !== null && cur.handle !== null) {
          setDraft({ id: cur.box.id, rect: resizeBox(cur.box, cur.handle, dx / t.sx, dy / t.sy, columns, rows) });
        }
        break;
      case 'window':
        if (el !== null && cur.view !== null) writeView(el, { voi: windowLevelDrag(cur.view.voi, dx, dy, d.image.dataRange) });
        break;
      case 'pan':
        if (el !== null && cur.view !== null) {
          const { translation, scale } = cur.view;
          writeView(el, { translation: { x: translation.x + dx / scale, y: translation.y + dy / scale } });
        }
        break;
    }
  };

  const finish = (e: ReactPointerEvent<HTMLDivElement>, cancelled: boolean): void => {
    const d = latest.current;
    const cur = drag.current;
    if (cur === null || cur.pointerId !== e.pointerId) return;
    drag.current = null;
    setGesture(null);
    d.stage.current?.releasePointerCapture(e.pointerId);
    const pending = draftRef.current;
    setDraft(null);
    if (cancelled) return;
    if (!cur.moved) {
      // A click selects the box, or clears the selection on empty space; it never decides.
      if (cur.gesture === 'box' && cur.box !== null) d.onSelectBox(cur.box.id);
      else if (cur.gesture === 'draw') d.onSelectBox(null);
      return;
    }
    if (pending === null) return;
    if (cur.gesture === 'draw' && pending.id === null) d.onDrawBox(pending.rect);
    if ((cur.gesture === 'box' || cur.gesture === 'resize') && pending.id !== null) {
      d.onSelectBox(pending.id);
      d.onChangeBox(pending.id, pending.rect);
    }
  };

  return {
    draft,
    hoveredId,
    spaceHeld,
    gesture,
    onPointerDown,
    onPointerMove,
    onPointerUp: (e) => finish(e, e.type === 'pointercancel'),
    onPointerLeave: () => {
      if (drag.current === null && hoveredId !== null) setHoveredId(null);
    },
  };
}

function local(stage: HTMLElement, e: { clientX: number; clientY: number }): Point {
  const r = stage.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}
