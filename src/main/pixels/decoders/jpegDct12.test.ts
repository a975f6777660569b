import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../decodeFrame';
import { grayDescription } from '../../../../test/support/pixels/descriptions';
import { JPEG12_EXPECTED, JPEG12_HEIGHT, JPEG12_STREAM, JPEG12_WIDTH } from '../../../../test/support/pixels/jpeg12Fixture';
import { decodeJpegDct12 } from './jpegDct12';
import { readJpegFrameHeader } from './jpegMarkers';

const stream = new Uint8Array(Buffer.from(JPEG12_STREAM, 'base64'));
const expected = Array.from(new Uint16Array(new Uint8Array(Buffer.from(JPEG12_EXPECTED, 'base64')).buffer));

describe('12-bit JPEG Extended decoding', () => {
  it('is a 12-bit SOF1 stream', () => {
    expect(readJpegFrameHeader(stream)).toMatchObject({ sof: 0xc1, precision: 12, width: JPEG12_WIDTH, height: JPEG12_HEIGHT, components: 1 });
  });

  it('matches DCMTK dcmdjpeg sample for sample', () => {
    const image = decodeJpegDct12(stream);
    const samples = Array.from(new Uint16Array(image.bytes.buffer, 0, JPEG12_WIDTH * JPEG12_HEIGHT));
    expect(samples).toEqual(expected);
  });

  it('is what decodeFrame uses for .51', async () => {
    const desc = grayDescription({
      rows: JPEG12_HEIGHT, columns: JPEG12_WIDTH, bitsStored: 12, highBit: 11, transferSyntaxUid: '1.2.840.10008.1.2.4.51',
    });
    const frame = await decodeFrame(desc, stream);
    expect(Array.from(frame.data)).toEqual(expected);
  });

  it('fails cleanly on a stream cut inside its headers', () => {
    expect(() => decodeJpegDct12(stream.subarray(0, 40))).toThrowError(expect.objectContaining({ code: 'CODEC_FAILED' }));
  });
});
