import { afterEach, describe, expect, it } from 'vitest';
import { encodeDicom, TRANSFER_SYNTAX } from '../../../test/fixtures/dicomEncoder';
import { el, sq } from '../../../test/fixtures/elements';
import { grayDescription } from '../../../test/support/pixels/descriptions';
import { decodeFrame } from '../pixels/decodeFrame';
import { decodeJpegDct12 } from '../pixels/decoders/jpegDct12';
import { extractOverlays } from '../pixels/overlays';
import { BufferSource } from './byteSource';
import { LIMIT_DEFAULTS, limitEnvName, limits } from './limits';
import { parseDicom } from './parseDicom';

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

const header = [el('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7'), el('SOPInstanceUID', '1.2.3'), el('PatientName', 'Doe^Jane')];

describe('limits', () => {
  it('are the documented defaults, each overridable by its environment variable', () => {
    expect(limitEnvName('maxElements')).toBe('DEID_STUDIO_LIMIT_MAX_ELEMENTS');
    expect(limits({})).toEqual(LIMIT_DEFAULTS);
    expect(limits({ DEID_STUDIO_LIMIT_FILE_SECONDS: '5' }).fileSeconds).toBe(5);
    expect(() => limits({ DEID_STUDIO_LIMIT_MAX_DEPTH: 'deep' })).toThrow(/DEID_STUDIO_LIMIT_MAX_DEPTH/);
  });

  it('refuse a file with more elements than maxElements, naming the limit', () => {
    process.env.DEID_STUDIO_LIMIT_MAX_ELEMENTS = '10';
    const many = Array.from({ length: 20 }, (_, i) => el(0x00091000 + i, 'x', 'LO'));
    const bytes = encodeDicom([...header, ...many]);
    expect(() => parseDicom(new BufferSource(bytes))).toThrowError(expect.objectContaining({ code: 'OVER_LIMIT', message: expect.stringContaining('limit maxElements = 10') }));
  });

  it('refuse sequences nested deeper than maxDepth', () => {
    process.env.DEID_STUDIO_LIMIT_MAX_DEPTH = '3';
    let nested = sq('ReferencedImageSequence', [[el('ReferencedSOPInstanceUID', '1.2.3.4')]]);
    for (let d = 0; d < 6; d++) nested = sq('ReferencedImageSequence', [[nested]]);
    const bytes = encodeDicom([...header, nested]);
    expect(() => parseDicom(new BufferSource(bytes))).toThrowError(expect.objectContaining({ code: 'OVER_LIMIT', message: expect.stringContaining('limit maxDepth = 3') }));
  });

  it('cap a deflated data set at what its header declares plus the margin', () => {
    process.env.DEID_STUDIO_LIMIT_INFLATE_MARGIN_BYTES = String(1 << 20);
    // 8 MB of zeros deflate to a few KB; the header declares 4x4 pixels.
    const bomb = encodeDicom([...header, el('Rows', 4), el('Columns', 4), el('BitsAllocated', 16), el(0x00091010, new Uint8Array(8 << 20), 'OB')], { transferSyntax: TRANSFER_SYNTAX.deflatedExplicitLittle });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => parseDicom(new BufferSource(bomb))).toThrowError(expect.objectContaining({ code: 'OVER_LIMIT', message: expect.stringContaining('limit inflateMarginBytes') }));
    delete process.env.DEID_STUDIO_LIMIT_INFLATE_MARGIN_BYTES;
    expect(parseDicom(new BufferSource(bomb)).dataset.length).toBeGreaterThan(3);
  });

  it('refuse a 12-bit JPEG whose SOF claims 65500x65500 before allocating, in the router and in the decoder', async () => {
    const sof = [0xff, 0xc1, 0, 11, 12, 0xff, 0xdc, 0xff, 0xdc, 1, 1, 0x11, 0];
    const jpeg = new Uint8Array([0xff, 0xd8, ...sof, 0xff, 0xd9]);
    const desc = grayDescription({ rows: 16, columns: 16, transferSyntaxUid: '1.2.840.10008.1.2.4.51', bitsStored: 12 });
    await expect(decodeFrame(desc, jpeg)).rejects.toMatchObject({ code: 'OVER_LIMIT', message: expect.stringContaining('65500x65500') });
    expect(() => decodeJpegDct12(jpeg)).toThrowError(expect.objectContaining({ code: 'OVER_LIMIT', message: expect.stringContaining('limit maxFrameBytes') }));
  });

  it('read only the part of an overlay inside the image, and refuse one past maxOverlayPixels', () => {
    const desc = grayDescription({ rows: 16, columns: 16 });
    const planes = extractOverlays([{ group: 0x6000, rows: 4096, columns: 4096, data: new Uint8Array(1024).fill(0xff) }], desc);
    expect(planes).toHaveLength(1);
    expect(planes[0].bits.length).toBe(16 * 16);
    expect(planes[0].notes.join(' ')).toContain('clipped to the image');
    expect(() => extractOverlays([{ group: 0x6000, rows: 65535, columns: 65535, data: new Uint8Array(1024) }], desc)).toThrowError(
      expect.objectContaining({ code: 'OVER_LIMIT', message: expect.stringContaining('limit maxOverlayPixels') }),
    );
  });
});
