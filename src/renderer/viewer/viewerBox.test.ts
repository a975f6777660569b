import { describe, expect, it } from 'vitest';
import { isDecidable, isEditable, statusLabel } from './viewerBox';

describe('box rules', () => {
  it('labels what de-identification will do with each status (proposals burn: fail closed)', () => {
    expect(statusLabel('proposed')).toMatch(/burned/);
    expect(statusLabel('approved')).toMatch(/burned/);
    expect(statusLabel('rejected')).toMatch(/kept/);
    expect(statusLabel('unflagged')).toMatch(/kept/);
  });

  it('lets OCR boxes be decided but not edited, manual boxes edited but not decided', () => {
    expect([isEditable({ source: 'ocr' }), isDecidable({ source: 'ocr' })]).toEqual([false, true]);
    expect([isEditable({ source: 'manual' }), isDecidable({ source: 'manual' })]).toEqual([true, false]);
    expect([isEditable({ source: 'rule' }), isDecidable({ source: 'rule' })]).toEqual([true, true]);
  });
});
