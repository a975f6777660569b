import { describe, expect, it } from 'vitest';
import { PixelFormatError, rgbToRgba, toCornerstoneImage } from './decodedPixels';

describe('toCornerstoneImage', () => {
  it('wraps signed gray pixels with their range, rescale and window', () => {
    const data = new Int16Array([-1024, 0, 200, 3071]);
    const img = toCornerstoneImage('deid:a|0', { columns: 2, rows: 2, layout: 'gray', data, slope: 1, intercept: -1024, windowCenter: 40, windowWidth: 400 });
    expect(img.getPixelData()).toBe(data);
    expect([img.minPixelValue, img.maxPixelValue]).toEqual([-1024, 3071]);
    expect([img.slope, img.intercept, img.windowCenter, img.windowWidth]).toEqual([1, -1024, 40, 400]);
    expect([img.columns, img.rows, img.width, img.height, img.color]).toEqual([2, 2, 2, 2, false]);
    expect(img.sizeInBytes).toBe(8);
  });

  it('derives a full-range window in rescaled units when none is given', () => {
    const img = toCornerstoneImage('deid:b|0', { columns: 2, rows: 1, layout: 'gray', data: new Uint16Array([100, 300]), slope: 2, intercept: 10 });
    expect(img.windowWidth).toBe(400);
    expect(img.windowCenter).toBe(410);
  });

  it('expands RGB to the RGBA layout and keeps RGBA as sent', () => {
    expect([...rgbToRgba(new Uint8Array([1, 2, 3, 4, 5, 6]), 2)]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    const rgb = toCornerstoneImage('deid:c|0', { columns: 2, rows: 1, layout: 'rgb', data: new Uint8Array([1, 2, 3, 4, 5, 6]) });
    expect([...rgb.getPixelData()]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect(rgb.color).toBe(true);
    const rgba = new Uint8Array(8).fill(9);
    expect(toCornerstoneImage('deid:d|0', { columns: 2, rows: 1, layout: 'rgba', data: rgba }).getPixelData()).toBe(rgba);
  });

  it('refuses pixels shorter than the image and nonsense sizes', () => {
    expect(() => toCornerstoneImage('x', { columns: 4, rows: 4, layout: 'gray', data: new Uint8Array(15) })).toThrow(PixelFormatError);
    expect(() => toCornerstoneImage('x', { columns: 0, rows: 4, layout: 'gray', data: new Uint8Array(15) })).toThrow(/bad image size/);
  });
});
