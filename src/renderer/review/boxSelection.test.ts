import { describe, expect, it } from 'vitest';
import { boxesOnFrame, nextBoxId, pickTarget, proposedAfter } from './boxSelection';
import type { RectView } from './useImageReview';

function rect(rectId: number, x: number, y: number, over: Partial<RectView> = {}): RectView {
  return {
    rectId,
    imageId: 'img_aaaaaa',
    plane: 'frame',
    overlayGroup: null,
    frame: null,
    x,
    y,
    w: 10,
    h: 5,
    text: `t${rectId}`,
    confidence: 90,
    source: 'ocr',
    status: 'proposed',
    reason: null,
    decidedBy: null,
    decidedAt: null,
    ...over,
  };
}

describe('boxesOnFrame', () => {
  it('keeps boxes of the frame and of every frame, in reading order', () => {
    const rects = [rect(1, 50, 40), rect(2, 5, 40), rect(3, 0, 10, { frame: 2 }), rect(4, 0, 0, { frame: 0 })];
    expect(boxesOnFrame(rects, 0).map((b) => b.id)).toEqual([4, 2, 1]);
    expect(boxesOnFrame(rects, 2).map((b) => b.id)).toEqual([3, 2, 1]);
  });
});

describe('keyboard targets', () => {
  const boxes = boxesOnFrame(
    [rect(1, 0, 0, { status: 'approved' }), rect(2, 0, 10), rect(3, 0, 20, { source: 'manual', status: 'approved' }), rect(4, 0, 30)],
    0,
  );

  it('acts on the selection, else on the first proposal; never decides a manual box', () => {
    expect(pickTarget(boxes, 1)).toBe(1);
    expect(pickTarget(boxes, null)).toBe(2);
    expect(pickTarget(boxes, 3)).toBe(2);
    expect(pickTarget(boxesOnFrame([rect(9, 0, 0, { status: 'rejected' })], 0), null)).toBeNull();
  });

  it('moves on to the next proposal after a decision, wrapping round', () => {
    expect(proposedAfter(boxes, 2)).toBe(4);
    expect(proposedAfter(boxes, 4)).toBe(2);
    expect(proposedAfter(boxesOnFrame([rect(2, 0, 0)], 0), 2)).toBeNull();
  });

  it('cycles N/P through every box', () => {
    expect(nextBoxId(boxes, null, 1)).toBe(1);
    expect(nextBoxId(boxes, null, -1)).toBe(4);
    expect(nextBoxId(boxes, 4, 1)).toBe(1);
    expect(nextBoxId(boxes, 1, -1)).toBe(4);
    expect(nextBoxId([], null, 1)).toBeNull();
  });
});
