/**
 * The one image viewer of the app. Everything that knows about cornerstone-core sits behind this
 * component's props (and in this folder), so the imaging library can be swapped without touching
 * the review screen. Pixels come already decoded through `loadPixels`; boxes are drawn in image
 * pixels on an SVG layer kept in step with the library's transform after every draw.
 */
import { useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { ReactElement, Ref } from 'react';
import { BoxLayer } from './BoxLayer';
import { OverlayLayer } from './OverlayLayer';
import { groupName } from './overlayPlanes';
import type { OverlayView } from './overlayPlanes';
import { sameTransform } from './boxGeometry';
import type { AxisTransform, BoxRect } from './boxGeometry';
import {
  RENDERED_EVENT,
  currentTransform,
  disableElement,
  enableElement,
  fitImage,
  loadImage,
  readView,
  resizeElement,
  setInverted,
  showImage,
  writeView,
} from './cornerstoneElement';
import type { PixelSource } from './decodedPixels';
import { deidImageId, setDeidPixelSource } from './deidImageLoader';
import { useViewerPointer } from './useViewerPointer';
import { windowRange } from './voiLut';
import type { ViewerTool } from './viewportGestures';
import type { ViewerBox } from './viewerBox';

/** Imperative actions for keyboard shortcuts and toolbar buttons outside the viewer. */
export interface ImageViewerHandle {
  fitToWindow: () => void;
  resetWindow: () => void;
  /** Inverts the grey scale (I); stays on for the next images until toggled off. */
  toggleInvert: () => void;
}

/** Props of {@link ImageViewer}. */
interface ImageViewerProps {
  /** Opaque key of the frame to show (file and frame); null shows an empty stage. */
  imageKey: string | null;
  /** Frames sharing this key keep zoom, pan and window; a new key fits the image again. */
  viewportKey: string | null;
  loadPixels: PixelSource;
  /** Keys to load into the cache in the background (the next images in review order). */
  prefetchKeys?: readonly string[];
  frame: number;
  frameCount: number;
  onFrameChange: (frame: number) => void;
  /** Wheel on a single-frame image: step to the next (1) or previous (-1) image of the series. */
  onSliceStep: (delta: number) => void;
  /** The boxes on the shown frame, in image pixels. */
  boxes: readonly ViewerBox[];
  selectedBoxId: number | null;
  /** Show the boxes (B). */
  showOverlay: boolean;
  /** The overlay planes (60xx) of the frame `planesKey` names (drawn only while that frame is shown). */
  planes: readonly OverlayView[];
  planesKey: string | null;
  /** Show the overlay planes (O). */
  showPlanes: boolean;
  tool: ViewerTool;
  /** Image facts for the status line under the image (never identifying values). */
  facts?: readonly string[];
  onSelectBox: (id: number | null) => void;
  onDrawBox: (rect: BoxRect) => void;
  onChangeBox: (id: number, rect: BoxRect) => void;
  ref?: Ref<ImageViewerHandle>;
}

interface Shown {
  key: string;
  columns: number;
  rows: number;
  dataRange: number;
  defaultVoi: { windowCenter: number; windowWidth: number };
}

/** Shows one frame with its boxes; see the module comment. */
export function ImageViewer(props: ImageViewerProps): ReactElement {
  const stageRef = useRef<HTMLDivElement | null>(null);
  const elementRef = useRef<HTMLDivElement | null>(null);
  const [transform, setTransform] = useState<AxisTransform | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoom, setZoom] = useState<number | null>(null);
  const [voi, setVoi] = useState<{ windowCenter: number; windowWidth: number } | null>(null);
  const viewportKeyShown = useRef<string | null>(null);
  const [inverted, setInvertedState] = useState(false);
  const invertedRef = useRef(false);
  const { frameCount, frame, onFrameChange } = props;

  // Before the load effect below (effects run in order): the loader must know where pixels come from.
  useEffect(() => setDeidPixelSource(props.loadPixels), [props.loadPixels]);

  useEffect(() => {
    const el = elementRef.current;
    if (el === null) return;
    enableElement(el);
    const onRendered = (): void => {
      const next = currentTransform(el);
      setTransform((prev) => (sameTransform(prev, next) ? prev : next));
      const view = readView(el);
      if (view !== null) {
        setZoom(view.scale);
        setVoi(view.voi);
      }
      el.dataset.renderedKey = el.dataset.imageKey ?? '';
    };
    el.addEventListener(RENDERED_EVENT, onRendered);
    const resizeObserver = new ResizeObserver(() => {
      setSize({ width: el.clientWidth, height: el.clientHeight });
      // Also before the first image: the canvas takes the element's size only when told.
      resizeElement(el);
    });
    resizeObserver.observe(el);
    return () => {
      resizeObserver.disconnect();
      el.removeEventListener(RENDERED_EVENT, onRendered);
      disableElement(el);
    };
  }, []);

  useEffect(() => {
    const el = elementRef.current;
    if (el === null || props.imageKey === null) return;
    let cancelled = false;
    const key = props.imageKey;
    const imageId = deidImageId(key);
    loadImage(imageId).then(
      (image) => {
        if (cancelled) return;
        const keep = viewportKeyShown.current === props.viewportKey ? readView(el) : null;
        el.dataset.imageKey = key;
        showImage(el, image, keep);
        if (invertedRef.current) setInverted(el, true);
        viewportKeyShown.current = props.viewportKey;
        setError(null);
        setShown({
          key,
          columns: image.columns,
          rows: image.rows,
          dataRange: windowRange(image),
          defaultVoi: { windowCenter: image.windowCenter, windowWidth: image.windowWidth },
        });
      },
      (e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [props.imageKey, props.viewportKey]);

  useEffect(() => {
    // Background loads fill the library's cache so the next image shows without a round trip.
    for (const key of props.prefetchKeys ?? []) loadImage(deidImageId(key)).catch(() => undefined);
  }, [props.prefetchKeys]);

  useImperativeHandle(
    props.ref,
    () => ({
      fitToWindow: () => {
        if (elementRef.current !== null && readView(elementRef.current) !== null) fitImage(elementRef.current);
      },
      resetWindow: () => {
        if (elementRef.current !== null && shown !== null) writeView(elementRef.current, { voi: shown.defaultVoi });
      },
      toggleInvert: () => {
        invertedRef.current = !invertedRef.current;
        setInvertedState(invertedRef.current);
        if (elementRef.current !== null && readView(elementRef.current) !== null) setInverted(elementRef.current, invertedRef.current);
      },
    }),
    [shown],
  );

  const pointer = useViewerPointer({
    stage: stageRef,
    element: elementRef,
    transform,
    image: shown,
    boxes: props.boxes,
    selectedBoxId: props.selectedBoxId,
    tool: props.tool,
    frameCount,
    onFrameStep: (delta) => onFrameChange(Math.min(frameCount - 1, Math.max(0, frame + delta))),
    onSliceStep: props.onSliceStep,
    onSelectBox: props.onSelectBox,
    onDrawBox: props.onDrawBox,
    onChangeBox: props.onChangeBox,
  });

  const cursor = pointer.spaceHeld || pointer.gesture === 'pan' ? 'grab' : props.tool === 'window' ? 'window' : 'draw';
  const stale = shown !== null && shown.key !== props.imageKey;
  return (
    <div className="viewer" data-testid="viewer">
      <div
        className={`viewer-stage cursor-${cursor}`}
        ref={stageRef}
        onPointerDown={pointer.onPointerDown}
        onPointerMove={pointer.onPointerMove}
        onPointerUp={pointer.onPointerUp}
        onPointerCancel={pointer.onPointerUp}
        onPointerLeave={pointer.onPointerLeave}
        onContextMenu={(e) => e.preventDefault()}
      >
        {/* Hidden, not removed, on error: the library keeps its canvas in this element. */}
        <div className={`viewer-canvas${error !== null ? ' viewer-canvas-hidden' : ''}`} ref={elementRef} data-testid="viewer-canvas" />
        {transform !== null && shown !== null && error === null && props.showPlanes && props.planesKey === shown.key && !stale && (
          <OverlayLayer planes={props.planes} transform={transform} width={size.width} height={size.height} />
        )}
        {transform !== null && shown !== null && error === null && (
          <BoxLayer
            boxes={stale ? [] : props.boxes}
            transform={transform}
            width={size.width}
            height={size.height}
            selectedId={props.selectedBoxId}
            hoveredId={pointer.hoveredId}
            draft={pointer.draft}
            hidden={!props.showOverlay}
          />
        )}
        {props.imageKey === null && <div className="viewer-message">Select an image in the study tree.</div>}
        {error !== null && (
          <div className="viewer-message viewer-error" role="alert">
            Cannot show this image: {error}
          </div>
        )}
      </div>
      {/* Image facts sit below the image, never over it: burned-in text lives in the corners. */}
      <div className="viewer-status" data-testid="viewer-status">
        <span>{(props.facts ?? []).join(' · ')}</span>
        <span className="spacer" />
        {shown !== null && (
          <span>
            {shown.columns}×{shown.rows}
            {zoom !== null ? ` · ${Math.round(zoom * 100)}%` : ''}
            {voi !== null ? ` · W ${Math.round(voi.windowWidth)} L ${Math.round(voi.windowCenter)}` : ''}
            {props.planes.length > 0 && props.planesKey === shown.key
              ? ` · overlay ${[...new Set(props.planes.map((p) => groupName(p.group)))].join(', ')}${props.showPlanes ? '' : ' hidden (O)'}`
              : ''}
            {props.showOverlay ? '' : ' · boxes hidden (B)'}
            {inverted ? ' · inverted (I)' : ''}
          </span>
        )}
      </div>
      {frameCount > 1 && (
        <div className="viewer-frames">
          <label htmlFor="frame-slider">
            Frame {frame + 1} / {frameCount}
          </label>
          <input
            id="frame-slider"
            type="range"
            min={0}
            max={frameCount - 1}
            value={frame}
            onChange={(e) => onFrameChange(Number(e.target.value))}
            data-testid="frame-slider"
          />
        </div>
      )}
    </div>
  );
}
