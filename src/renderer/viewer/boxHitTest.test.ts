import { describe, expect, it } from 'vitest';
import { editableBoxAt } from './boxHitTest';
import type { ViewerBox } from './viewerBox';

const box = (id: number, source: ViewerBox['source'], x: number, y: number, w: number, h: number): ViewerBox => ({
  id, source, x, y, w, h, status: source === 'ocr' ? 'proposed' : 'approved', text: null, reason: null, confidence: null,
});

describe('editableBoxAt', () => {
  const ocr = box(1, 'ocr', 10, 10, 100, 20);
  const manual = box(2, 'manual', 40, 5, 30, 30);
  const rule = box(3, 'rule', 0, 0, 200, 200);

  it('finds the manual box under an OCR box, the selected one first, else the smallest', () => {
    expect(editableBoxAt({ x: 50, y: 15 }, [manual, ocr], null)).toBe(manual);
    expect(editableBoxAt({ x: 50, y: 15 }, [rule, manual, ocr], null)).toBe(manual);
    expect(editableBoxAt({ x: 50, y: 15 }, [rule, manual, ocr], 3)).toBe(rule);
  });

  it('finds none on an OCR box with no editable box under the pointer (that drag draws)', () => {
    expect(editableBoxAt({ x: 15, y: 15 }, [manual, ocr], 1)).toBeNull();
  });
});
