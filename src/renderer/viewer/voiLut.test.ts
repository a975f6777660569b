import { describe, expect, it } from 'vitest';
import { greyLut } from '../../shared/pixels/voi';
import { toCornerstoneImage } from './decodedPixels';
import { greyVoiLut, voiLutFor, windowRange } from './voiLut';

const grey = { storedMin: -10, storedMax: 20, rescale: { slope: 2, intercept: 5 }, invert: true };

describe('greyVoiLut', () => {
  it('holds the shared display value of every stored value, then a 255 that pins cornerstone\'s depth at 8 bits', () => {
    const voi = { windowCenter: 0, windowWidth: 30 };
    const table = greyVoiLut(grey, voi);
    expect(table.firstValueMapped).toBe(-10);
    expect(table.numBitsPerEntry).toBe(8);
    const values = greyLut(-10, 20, { rescale: grey.rescale, window: { center: 0, width: 30 }, invert: true });
    expect([...(table.lut as Uint8Array)]).toEqual([...values, 255]);
    // A new table for every window: cornerstone keeps its cached table while the id stays the same.
    expect(greyVoiLut(grey, voi).id).not.toBe(table.id);
  });
});

describe('voiLutFor', () => {
  it('builds tables for grey images only: DICOM has no VOI for colour', () => {
    const g = toCornerstoneImage('deid:g|0', { columns: 2, rows: 1, layout: 'gray', data: new Uint16Array([0, 1000]), slope: 0.5, intercept: 0 });
    const c = toCornerstoneImage('deid:c|0', { columns: 1, rows: 1, layout: 'rgba', data: new Uint8Array(4) });
    expect(voiLutFor(g, { windowCenter: 250, windowWidth: 100 })?.lut.length).toBe(1002);
    expect(voiLutFor(c, { windowCenter: 250, windowWidth: 100 })).toBeUndefined();
    expect([windowRange(g), windowRange(c)]).toEqual([500, 255]);
  });
});
