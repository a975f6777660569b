import { describe, expect, it } from 'vitest';
import { greyLut } from '../../shared/pixels/voi';
import { PixelFormatError, toCornerstoneImage } from './decodedPixels';
import { windowRange } from './voiLut';

describe('toCornerstoneImage', () => {
  it('wraps signed gray pixels with their range and window, drawn through the shared VOI table', () => {
    const data = new Int16Array([-1024, 0, 200, 3071]);
    const img = toCornerstoneImage('deid:a|0', { columns: 2, rows: 2, layout: 'gray', data, slope: 1, intercept: -1024, windowCenter: 40, windowWidth: 400, invert: true });
    expect(img.getPixelData()).toBe(data);
    expect([img.minPixelValue, img.maxPixelValue]).toEqual([-1024, 3071]);
    expect([img.windowCenter, img.windowWidth]).toEqual([40, 400]);
    // cornerstone's own modality step and inversion are the identity: the table holds both.
    expect([img.slope, img.intercept, img.invert]).toEqual([1, 0, false]);
    expect([img.columns, img.rows, img.width, img.height, img.color]).toEqual([2, 2, 2, 2, false]);
    expect(img.sizeInBytes).toBe(8);
    const voi = img.voiLUT;
    expect(voi?.firstValueMapped).toBe(-1024);
    const display = { rescale: { slope: 1, intercept: -1024 }, window: { center: 40, width: 400 }, invert: true };
    expect([...(voi?.lut as Uint8Array)]).toEqual([...greyLut(-1024, 3071, display), 255]);
    expect(windowRange(img)).toBe(4095);
  });

  it('derives the shared range window in rescaled units when none is given', () => {
    const img = toCornerstoneImage('deid:b|0', { columns: 2, rows: 1, layout: 'gray', data: new Uint16Array([100, 300]), slope: 2, intercept: 10 });
    // Modality values 210..610: the ramp runs from 210 (0) to 610 (255).
    expect(img.windowWidth).toBe(401);
    expect(img.windowCenter).toBe(410.5);
    const lut = img.voiLUT?.lut as Uint8Array;
    expect([lut[0], lut[100], lut[200]]).toEqual([0, 128, 255]);
    expect(windowRange(img)).toBe(400);
  });

  it('expands RGB to the RGBA layout and keeps RGBA as sent, without a VOI table', () => {
    const rgb = toCornerstoneImage('deid:c|0', { columns: 2, rows: 1, layout: 'rgb', data: new Uint8Array([1, 2, 3, 4, 5, 6]) });
    expect([...rgb.getPixelData()]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect(rgb.color).toBe(true);
    expect(rgb.voiLUT).toBeUndefined();
    const rgba = new Uint8Array(8).fill(9);
    expect(toCornerstoneImage('deid:d|0', { columns: 2, rows: 1, layout: 'rgba', data: rgba }).getPixelData()).toBe(rgba);
  });

  it('refuses pixels shorter than the image and nonsense sizes', () => {
    expect(() => toCornerstoneImage('x', { columns: 4, rows: 4, layout: 'gray', data: new Uint8Array(15) })).toThrow(PixelFormatError);
    expect(() => toCornerstoneImage('x', { columns: 0, rows: 4, layout: 'gray', data: new Uint8Array(15) })).toThrow(/bad image size/);
  });
});
