import { describe, expect, it } from 'vitest';
import {
  defaultWindow,
  displayValue,
  greyLut,
  greyTo8,
  IDENTITY_WINDOW_8,
  modalityRange,
  NO_RESCALE,
  rangeWindow,
  voiRamp,
  voiValue,
  type GreyDisplay,
} from './voi';

const CT_WINDOW = { center: 40, width: 400 };

function grey(over: Partial<GreyDisplay> = {}): GreyDisplay {
  return { rescale: NO_RESCALE, window: CT_WINDOW, invert: false, ...over };
}

describe('the linear VOI of PS3.3 C.11.2.1.2.1', () => {
  // c = 40, w = 400: the line runs from c - 0.5 - (w - 1)/2 = -160 to c - 0.5 + (w - 1)/2 = 239.
  const ramp = voiRamp(CT_WINDOW);

  it('has the edges DICOM gives: the lower one maps to 0, only values above the upper one are clipped', () => {
    expect(ramp).toEqual({ low: -160, high: 239, span: 399 });
    expect(voiValue(-160.5, ramp)).toBe(0);
    expect(voiValue(-160, ramp)).toBe(0); // x <= c - 0.5 - (w-1)/2
    expect(voiValue(-159, ramp)).toBe(1); // 1 × 255 / 399 = 0.64
    expect(voiValue(238, ramp)).toBe(254); // 398 × 255 / 399 = 254.36
    expect(voiValue(239, ramp)).toBe(255); // on the line, which reaches 255 here
    expect(voiValue(239.5, ramp)).toBe(255); // x > c - 0.5 + (w-1)/2
  });

  it('rounds to the nearest grey level, halves up, exactly', () => {
    expect(voiValue(39, ramp)).toBe(127); // 199 × 255 / 399 = 127.18
    expect(voiValue(39.5, ramp)).toBe(128); // 199.5 × 255 / 399 = 127.5 exactly
    expect(voiValue(40, ramp)).toBe(128); // ((40 - 39.5) / 399 + 0.5) × 255 = 127.82
    // The half of a window of even span: 200 × 255 / 400 = 127.5 (255/400 first would give 127).
    expect(voiValue(410, voiRamp(rangeWindow(210, 610)))).toBe(128);
  });

  it('is not cornerstone-core\'s own rule, which maps ((x - c) / w + 0.5) × 255', () => {
    // Its table is a Uint8ClampedArray: clamped, rounded half to even.
    const cornerstone = (x: number): number => Uint8ClampedArray.of(((x - 40) / 400 + 0.5) * 255)[0];
    expect([cornerstone(239), voiValue(239, ramp)]).toEqual([254, 255]);
    expect([cornerstone(120), voiValue(120, ramp)]).toEqual([178, 179]);
  });

  it('makes a threshold at c - 0.5 of a window of width 1, and takes narrower widths as 1', () => {
    const one = voiRamp({ center: 100, width: 1 });
    expect([99, 99.5, 99.6, 100].map((x) => voiValue(x, one))).toEqual([0, 0, 255, 255]);
    expect(voiRamp({ center: 100, width: 0.25 })).toEqual(one);
    const two = voiRamp({ center: 10, width: 2 }); // line from 9 to 10
    expect([8.9, 9, 9.5, 10, 10.1].map((x) => voiValue(x, two))).toEqual([0, 0, 128, 255, 255]);
  });

  it('shows 8-bit display values as they are under the identity window', () => {
    const lut = greyLut(0, 255, grey({ window: IDENTITY_WINDOW_8 }));
    expect([...lut]).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });
});

describe('one display value per stored value', () => {
  it('applies the rescale before the window', () => {
    const ct = grey({ rescale: { slope: 2, intercept: -1024 } });
    expect(displayValue(432, ct)).toBe(0); // modality -160
    expect(displayValue(433, ct)).toBe(1); // modality -158: 2 × 255 / 399 = 1.28
    expect(displayValue(512, ct)).toBe(102); // modality 0: 160 × 255 / 399 = 102.26
    expect(displayValue(600, ct)).toBe(215); // modality 176: 336 × 255 / 399 = 214.74
    expect(displayValue(631, ct)).toBe(254); // modality 238: 398 × 255 / 399 = 254.36
    expect(displayValue(632, ct)).toBe(255); // modality 240: above the line
  });

  it('inverts MONOCHROME1 after the window', () => {
    const m1 = grey({ invert: true });
    expect([-160, -159, 39.5, 238, 239, 240].map((x) => displayValue(x, m1))).toEqual([255, 254, 127, 1, 0, 0]);
  });

  it('handles signed data through the table and through the arithmetic alike', () => {
    const stored = Int16Array.from([-2048, -161, -160, -159, 0, 238, 239, 240, 2047]);
    const expected = [0, 0, 0, 1, 102, 254, 255, 255, 255];
    expect([...greyTo8(stored, grey())]).toEqual(expected);
    expect([...greyTo8(Float32Array.from(stored), grey())]).toEqual(expected);
    expect([...greyLut(-161, 240, grey())].filter((_, i) => [0, 1, 2, 161, 399, 400, 401].includes(i))).toEqual([0, 0, 1, 102, 254, 255, 255]);
  });
});

describe('the window of a frame', () => {
  it('uses the header window when it is usable, else the frame range with the line from its smallest to its largest value', () => {
    expect(defaultWindow({ center: 40, width: 400 }, 0, 4095, NO_RESCALE)).toEqual(CT_WINDOW);
    const range = defaultWindow({ center: 40, width: 0 }, -1000, 3000, NO_RESCALE);
    expect(range).toEqual({ center: 1000.5, width: 4001 });
    expect(defaultWindow(undefined, -1000, 3000, NO_RESCALE)).toEqual(range);
    expect(defaultWindow({ center: Number.NaN, width: 400 }, -1000, 3000, NO_RESCALE)).toEqual(range);
    const ramp = voiRamp(range);
    expect([ramp.low, ramp.high]).toEqual([-1000, 3000]);
    expect([-1000, 1000, 2999, 3000].map((x) => voiValue(x, ramp))).toEqual([0, 128, 255, 255]);
  });

  it('takes the range in modality units, smallest first whatever the slope\'s sign', () => {
    expect(modalityRange(0, 100, { slope: -2, intercept: 50 })).toEqual({ low: -150, high: 50 });
    expect(defaultWindow(undefined, 100, 300, { slope: 2, intercept: 10 })).toEqual({ center: 410.5, width: 401 });
    expect(rangeWindow(7, 7)).toEqual({ center: 7.5, width: 1 });
  });
});

describe('greyLut', () => {
  it('covers every 16-bit value and refuses more', () => {
    expect(greyLut(-32768, 32767, grey()).length).toBe(65536);
    expect(() => greyLut(0, 70000, grey())).toThrow(RangeError);
    expect(() => greyLut(0.5, 10, grey())).toThrow(RangeError);
  });
});
