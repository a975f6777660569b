import { describe, expect, it } from 'vitest';
import { encodeDicom, encodeDicomWithLayout, TRANSFER_SYNTAX } from '../../../test/fixtures/dicomEncoder';
import { el, privateCreator, privateEl, sq } from '../../../test/fixtures/elements';
import { BufferSource } from './byteSource';
import { DicomParseError } from './dicomErrors';
import { readText } from './elementValues';
import { indexHeader } from './headerIndex';
import { PIXEL_DATA, parseDicom } from './parseDicom';

const pixels = new Uint8Array(32).fill(7);
const base = [
  el('SpecificCharacterSet', 'ISO_IR 100'),
  el('SOPClassUID', '1.2.840.10008.5.1.4.1.1.2'),
  el('SOPInstanceUID', '1.2.3.4'),
  el('PatientName', 'Müller^Jürgen'),
  el('PatientID', 'MRN-1'),
  sq('ReferencedStudySequence', [[el('ReferencedSOPInstanceUID', '1.2.3.9')]], { undefinedLength: true, undefinedLengthItems: true }),
  privateCreator(0x0009, 0x10, 'ACME'),
  privateEl(0x0009, 0x10, 0x01, 'LO', 'secret note'),
  el('Rows', 4),
  el('Columns', 4),
  el('PixelData', pixels, 'OW'),
];

function parse(bytes: Uint8Array, stop = false) {
  return parseDicom(new BufferSource(bytes), { stopAtPixelData: stop });
}

describe('parseDicom', () => {
  for (const [name, ts] of Object.entries({
    implicit: TRANSFER_SYNTAX.implicitLittle,
    explicit: TRANSFER_SYNTAX.explicitLittle,
    bigEndian: TRANSFER_SYNTAX.explicitBig,
    deflated: TRANSFER_SYNTAX.deflatedExplicitLittle,
  })) {
    it(`reads ${name} VR data sets with sequences, private tags and charset text`, () => {
      const p = parse(encodeDicom(base, { transferSyntax: ts }));
      expect(p.transferSyntax.uid).toBe(ts);
      expect(p.hasPreamble).toBe(true);
      const tags = p.dataset.map((e) => e.tag);
      expect(tags).toContain(0x00091001);
      expect(tags[tags.length - 1]).toBe(PIXEL_DATA);
      const seq = p.dataset.find((e) => e.tag === 0x00081110);
      expect(seq?.items?.[0].elements[0].tag).toBe(0x00081155);
      const name = p.dataset.find((e) => e.tag === 0x00100010);
      expect(name && readText(p.datasetSource, name, 'ISO_IR 100')).toBe('Müller^Jürgen');
      const header = indexHeader(p);
      expect(header).toMatchObject({ patientId: 'MRN-1', rows: 4, columns: 4, hasPixelData: true, transferSyntax: ts });
    });
  }

  it('reads a bare data set without preamble or meta', () => {
    const p = parse(encodeDicom(base, { meta: false, preamble: false }));
    expect(p.hasPreamble).toBe(false);
    expect(p.meta).toHaveLength(0);
    expect(p.transferSyntaxGuessed).toBe(true);
    expect(p.transferSyntax.explicitVr).toBe(false);
    expect(indexHeader(p).sopInstanceUid).toBe('1.2.3.4');
  });

  it('stops at Pixel Data in index mode and reads what follows it otherwise', () => {
    const trailing = [...base, { tag: 0xfffcfffc, vr: 'OB', value: new Uint8Array([1, 2, 3, 4]) }];
    const encoded = encodeDicomWithLayout(trailing, { keepOrder: true });
    const full = parse(encoded.bytes);
    expect(full.dataset.at(-1)?.tag).toBe(0xfffcfffc);
    const indexOnly = parse(encoded.bytes, true);
    expect(indexOnly.stoppedAtPixelData).toBe(true);
    expect(indexOnly.dataset.some((e) => e.tag === PIXEL_DATA)).toBe(false);
    const located = encoded.elements.find((e) => e.tag === 0xfffcfffc);
    expect(full.dataset.at(-1)?.headerOffset).toBe(located?.headerOffset);
  });

  it('locates encapsulated fragments', () => {
    const frames = [new Uint8Array([0xff, 0xd8, 1, 2]), new Uint8Array([0xff, 0xd8, 3, 4, 5, 6])];
    const p = parse(encodeDicom([...base.slice(0, -1), el('NumberOfFrames', '2'), el('PixelData', undefined, 'OB')], {
      transferSyntax: TRANSFER_SYNTAX.rleLossless,
      encapsulatedFrames: frames,
    }));
    const px = p.dataset.find((e) => e.tag === PIXEL_DATA);
    expect(px?.undefinedLength).toBe(true);
    expect(px?.fragments?.map((f) => f.length)).toEqual([0, 4, 6]);
  });

  it('names the offset when a file is truncated, and refuses non-DICOM', () => {
    const bytes = encodeDicom(base);
    expect(() => parse(bytes.subarray(0, bytes.length - 10))).toThrow(/claims \d+ bytes/);
    const text = new TextEncoder().encode('just a text file, not DICOM at all\n');
    expect(() => parse(text)).toThrow(DicomParseError);
    try {
      parse(text);
    } catch (e) {
      expect((e as DicomParseError).code).toBe('NOT_DICOM');
    }
  });
});
