/**
 * A small picture of an image's first frame for its tree row, loaded once the row scrolls into
 * view and drawn by the browser scaled into a 32-pixel square. The frame comes windowed (`gray8`)
 * or in colour from the main process, like the viewer's.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { DeidApi } from '../../shared/ipc/api';
import { callApi } from '../transport/callApi';

const SIZE = 32;

/** RGBA of a gray8 or rgba8 frame. */
function toRgba(format: string, pixels: ArrayBuffer, count: number): Uint8ClampedArray<ArrayBuffer> {
  const src = new Uint8Array(pixels);
  if (format === 'rgba8') return new Uint8ClampedArray(src.buffer.slice(0, count * 4) as ArrayBuffer);
  const out = new Uint8ClampedArray(count * 4);
  for (let i = 0; i < count; i++) {
    out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = src[i];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The thumbnail of `imageId`; an empty square until it is in view and loaded, or when it cannot be decoded. */
export function Thumbnail(props: { api: DeidApi; imageId: string }): ReactElement {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = canvas.current;
    if (el === null) return;
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setVisible(true);
        seen.disconnect();
      }
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, []);
  useEffect(() => {
    if (!visible) return;
    let live = true;
    callApi(props.api, 'imagesFrame', { imageId: props.imageId, frame: 0, format: 'gray8' }).then(
      (f) => {
        const el = canvas.current;
        const ctx = el?.getContext('2d');
        if (!live || el === null || ctx === null || ctx === undefined || f.width * f.height === 0) return;
        const full = document.createElement('canvas');
        full.width = f.width;
        full.height = f.height;
        full.getContext('2d')?.putImageData(new ImageData(toRgba(f.format, f.pixels, f.width * f.height), f.width, f.height), 0, 0);
        const scale = Math.min(SIZE / f.width, SIZE / f.height);
        const w = f.width * scale;
        const h = f.height * scale;
        ctx.clearRect(0, 0, SIZE, SIZE);
        ctx.drawImage(full, (SIZE - w) / 2, (SIZE - h) / 2, w, h);
        el.dataset.loaded = 'true';
      },
      // A frame that cannot be decoded shows in the viewer with its reason; the row keeps an empty square.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [visible, props.api, props.imageId]);
  return <canvas ref={canvas} className="tree-thumb" width={SIZE} height={SIZE} data-testid="tree-thumb" aria-hidden="true" />;
}
