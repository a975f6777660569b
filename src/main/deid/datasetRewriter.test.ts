import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeDicom, TRANSFER_SYNTAX } from '../../../test/fixtures/dicomEncoder';
import { el, privateCreator, privateEl, sq } from '../../../test/fixtures/elements';
import { BufferSource } from '../dicom/byteSource';
import { readInteger, readText } from '../dicom/elementValues';
import { parseDicom } from '../dicom/parseDicom';
import type { ParsedDicom } from '../dicom/types';
import { chunksLength, type Chunk } from '../dicom/chunks';
import { rewriteDataset, type RewriteContext } from './datasetRewriter';
import { createActionResolver } from './profileActions';
import { createUidRemapper } from './uidRemap';

/** Materialises chunks (test sizes only). */
function bytesOf(chunks: readonly Chunk[]): Uint8Array {
  const out = new Uint8Array(chunksLength(chunks));
  let at = 0;
  for (const c of chunks) {
    const part = c instanceof Uint8Array ? c : c.src.read(c.offset, c.length);
    if (!(c instanceof Uint8Array) && c.swap) throw new Error('swap not expected here');
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function identityContext(p: ParsedDicom): RewriteContext {
  return {
    src: p.datasetSource,
    inputLittleEndian: p.transferSyntax.littleEndian,
    inputExplicitVr: p.transferSyntax.explicitVr,
    out: { explicitVr: p.transferSyntax.explicitVr },
    charset: undefined,
    resolve: () => undefined,
    remapUid: null,
    topLevel: new Map(),
    counts: {},
    findings: { unknownTags: new Set() },
  };
}

const elements = [
  el('SpecificCharacterSet', 'ISO_IR 100'),
  el('SOPClassUID', '1.2.840.10008.5.1.4.1.1.2'),
  el('SOPInstanceUID', '1.2.826.0.1.3680043.10.1234.7'),
  el('StudyInstanceUID', '1.2.826.0.1.3680043.10.1234.8'),
  el('PatientName', 'Müller^Jürgen'),
  el('PatientID', 'MRN-A-7781'),
  sq(0x00082112, [[el('ReferencedSOPInstanceUID', '1.2.826.0.1.3680043.10.1234.8'), sq(0x0040a170, [[el('CodeValue', '121320'), el('PatientName', 'Müller^Jürgen'), el('AccessionNumber', 'ACC123')]])]], { undefinedLength: true }),
  privateCreator(0x0029, 0x10, 'ACME'),
  privateEl(0x0029, 0x10, 0x01, 'LO', 'Müller private'),
  el('Rows', 2),
  el('Columns', 2),
  el('PixelData', new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0]), 'OW'),
];

describe('rewriteDataset', () => {
  for (const ts of [TRANSFER_SYNTAX.explicitLittle, TRANSFER_SYNTAX.implicitLittle, TRANSFER_SYNTAX.deflatedExplicitLittle]) {
    it(`copies every byte of an unedited ${ts} data set`, () => {
      const p = parseDicom(new BufferSource(encodeDicom(elements, { transferSyntax: ts })));
      const out = bytesOf(rewriteDataset(identityContext(p), p.dataset));
      const last = p.dataset[p.dataset.length - 1];
      expect(Buffer.from(out).equals(Buffer.from(p.datasetSource.read(p.datasetOffset, last.endOffset - p.datasetOffset)))).toBe(true);
    });
  }

  it('applies Annex E actions at every depth and leaves untouched elements byte-identical', () => {
    const p = parseDicom(new BufferSource(encodeDicom(elements)));
    const ctx = identityContext(p);
    ctx.resolve = createActionResolver(['113100', '113106', '113108']);
    ctx.remapUid = createUidRemapper(new Uint8Array(32).fill(1));
    const out = bytesOf(rewriteDataset(ctx, p.dataset));
    const text = Buffer.from(out).toString('latin1');
    for (const secret of ['Müller', 'MRN-A-7781', 'ACC123', 'ACME', '1.2.826.0.1.3680043.10.1234.8']) {
      expect(text).not.toContain(Buffer.from(secret, 'latin1').toString('latin1'));
    }
    const again = parseDicom(new BufferSource(out), {});
    const byTag = new Map(again.dataset.map((e) => [e.tag, e]));
    expect(byTag.has(0x00291001)).toBe(false);
    expect(readText(again.datasetSource, byTag.get(0x00100010)!, undefined)).toBe('');
    const study = readText(again.datasetSource, byTag.get(0x0020000d)!, undefined);
    const item = byTag.get(0x00082112)?.items?.[0];
    const nestedRef = item?.elements.find((e) => e.tag === 0x00081155);
    const deep = item?.elements.find((e) => e.tag === 0x0040a170)?.items?.[0].elements ?? [];
    expect(deep.map((e) => [e.tag, e.valueLength])).toEqual([[0x00080050, 0], [0x00080100, 6], [0x00100010, 0]]);
    expect(study).toMatch(/^2\.25\./);
    expect(readText(again.datasetSource, nestedRef!, undefined)).toBe(study);
    expect(readInteger(again.datasetSource, byTag.get(0x00280010)!, true)).toBe(2);
    const px = byTag.get(0x7fe00010)!;
    expect([...again.datasetSource.read(px.valueOffset, px.valueLength)]).toEqual([1, 0, 2, 0, 3, 0, 4, 0]);
  });

  it('converts big-endian input to little endian, swapping binary values', () => {
    const p = parseDicom(new BufferSource(encodeDicom(elements, { transferSyntax: TRANSFER_SYNTAX.explicitBig })));
    const ctx = { ...identityContext(p), out: { explicitVr: true } };
    const chunks = rewriteDataset(ctx, p.dataset);
    const out = new Uint8Array(chunksLength(chunks));
    let at = 0;
    for (const c of chunks) {
      const part = c instanceof Uint8Array ? c : Uint8Array.from(c.src.read(c.offset, c.length));
      if (!(c instanceof Uint8Array) && c.swap) for (let i = 0; i + c.swap <= part.length; i += c.swap) part.subarray(i, i + c.swap).reverse();
      out.set(part, at);
      at += part.length;
    }
    const le = parseDicom(new BufferSource(out));
    const rows = le.dataset.find((e) => e.tag === 0x00280010)!;
    expect(readInteger(le.datasetSource, rows, true)).toBe(2);
    const px = le.dataset.find((e) => e.tag === 0x7fe00010)!;
    expect([...le.datasetSource.read(px.valueOffset, px.valueLength)]).toEqual([1, 0, 2, 0, 3, 0, 4, 0]);
  });

  const corpus = '../shared/corpus';
  it.skipIf(!existsSync(corpus))('round-trips every parseable little-endian corpus file byte for byte', () => {
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    let checked = 0;
    for (const file of walk(corpus)) {
      let p: ParsedDicom;
      try {
        p = parseDicom(new BufferSource(new Uint8Array(readFileSync(file))));
      } catch {
        continue;
      }
      if (!p.transferSyntax.littleEndian || p.dataset.length === 0) continue;
      const out = bytesOf(rewriteDataset(identityContext(p), p.dataset));
      const last = p.dataset[p.dataset.length - 1];
      const original = p.datasetSource.read(p.datasetOffset, last.endOffset - p.datasetOffset);
      expect(Buffer.from(out).equals(Buffer.from(original)), file).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });
});
