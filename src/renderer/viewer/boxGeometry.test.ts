import { describe, expect, it } from 'vitest';
import { boxFromDrag, boxToCanvas, canvasToImage, moveBox, resizeBox, transformFromPoints, translationForZoom } from './boxGeometry';

describe('image ↔ canvas mapping', () => {
  const t = transformFromPoints({ x: 100, y: 50 }, { x: 102, y: 50 }, { x: 100, y: 52 });

  it('maps a box by scale and offset, and back', () => {
    expect(t).toEqual({ sx: 2, sy: 2, tx: 100, ty: 50 });
    expect(boxToCanvas({ x: 10, y: 20, w: 30, h: 5 }, t)).toEqual({ x: 120, y: 90, w: 60, h: 10 });
    expect(canvasToImage({ x: 120, y: 90 }, t)).toEqual({ x: 10, y: 20 });
  });

  it('computes the pan that keeps the pixel under the pointer fixed while zooming', () => {
    // cornerstone: canvas = centre + scale * (image - imageCentre + translation)
    const canvas = { width: 800, height: 600 };
    const image = { columns: 512, rows: 512 };
    const anchorImage = { x: 300, y: 100 };
    const anchorCanvas = { x: 610, y: 140 };
    const scale = 3;
    const tr = translationForZoom(anchorImage, anchorCanvas, canvas, image, scale);
    const landed = {
      x: canvas.width / 2 + scale * (anchorImage.x - image.columns / 2 + tr.x),
      y: canvas.height / 2 + scale * (anchorImage.y - image.rows / 2 + tr.y),
    };
    expect(landed.x).toBeCloseTo(anchorCanvas.x, 9);
    expect(landed.y).toBeCloseTo(anchorCanvas.y, 9);
  });
});

describe('boxFromDrag', () => {
  it('covers every pixel swept over, whichever way the drag went, clipped to the image', () => {
    expect(boxFromDrag({ x: 10.6, y: 20.2 }, { x: 4.2, y: 30.9 }, 64, 64)).toEqual({ x: 4, y: 20, w: 7, h: 11 });
    expect(boxFromDrag({ x: -5, y: -5 }, { x: 70, y: 3.5 }, 64, 64)).toEqual({ x: 0, y: 0, w: 64, h: 4 });
  });

  it('treats a drag smaller than two pixels as a click', () => {
    expect(boxFromDrag({ x: 10, y: 10 }, { x: 10.5, y: 30 }, 64, 64)).toBeNull();
  });
});

describe('moveBox and resizeBox', () => {
  it('keeps a moved box whole inside the image', () => {
    expect(moveBox({ x: 50, y: 50, w: 20, h: 10 }, 30.4, -80, 64, 64)).toEqual({ x: 44, y: 0, w: 20, h: 10 });
  });

  it('moves only the dragged edges and never turns the box inside out', () => {
    const box = { x: 10, y: 10, w: 20, h: 20 };
    expect(resizeBox(box, 'se', 5, 7, 64, 64)).toEqual({ x: 10, y: 10, w: 25, h: 27 });
    expect(resizeBox(box, 'nw', -3, 4, 64, 64)).toEqual({ x: 7, y: 14, w: 23, h: 16 });
    expect(resizeBox(box, 'e', -100, 0, 64, 64)).toEqual({ x: 10, y: 10, w: 2, h: 20 });
    expect(resizeBox(box, 'n', 0, -100, 64, 64)).toEqual({ x: 10, y: 0, w: 20, h: 30 });
  });
});
