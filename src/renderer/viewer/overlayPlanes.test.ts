import { describe, expect, it } from 'vitest';
import { groupColour, groupName, planeRgba, unpackBits } from './overlayPlanes';

const latin1 = (b64: string): string => atob(b64);
const packed = (bytes: number[]): string => btoa(String.fromCharCode(...bytes));

describe('overlay planes in the viewer', () => {
  it('unpacks bits with the first pixel in the lowest bit', () => {
    expect([...unpackBits(packed([0b00000101, 0b1]), 10, latin1)]).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('paints set bits opaque in the group colour and leaves the rest transparent', () => {
    const rgba = planeRgba({ group: 0x6002, originRow: 1, originColumn: 1, rows: 1, columns: 2, bits: packed([0b10]) }, latin1);
    expect([...rgba]).toEqual([0, 0, 0, 0, ...groupColour(0x6002), 255]);
  });

  it('gives each group its own colour and DICOM name', () => {
    expect(groupColour(0x6000)).not.toEqual(groupColour(0x6002));
    expect(groupName(0x6000)).toBe('6000');
    expect(groupName(0x601e)).toBe('601E');
  });
});
