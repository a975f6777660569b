import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEYWORD_TABLE, TAG, VR_TABLE } from './dictionary.generated';
import { dictionaryVr, keywordOf, tagText } from './dictionary';

const script = fileURLToPath(new URL('../../../scripts/gen-dictionary.mjs', import.meta.url));
const generated = fileURLToPath(new URL('./dictionary.generated.ts', import.meta.url));

interface DcmjsEntry {
  tag: string;
  vr: string;
  name: string;
}
const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: { DicomMetaDictionary: { nameMap: Record<string, DcmjsEntry>; dictionary: Record<string, DcmjsEntry | undefined> } };
};
const dcmjsEntries = Object.values(dcmjs.data.DicomMetaDictionary.nameMap);
const tagOf = (e: DcmjsEntry): number => Number.parseInt(e.tag.slice(1, 5) + e.tag.slice(6, 10), 16);

/**
 * Three retired attributes have no keyword in dcmjs: all are named `RETIRED_undefined`, so its
 * keyword map (the source of this table) keeps only the last, (300A,0782); the other two are
 * `Unknown` here.
 */
const UNNAMED_IN_DCMJS = new Set([0x00180061, 0x04000315]);

/** What dcmjs itself answers for a tag, the way headerDiff asked it before this table existed. */
function dcmjsKeyword(tag: number): string {
  if ((tag >>> 16) & 1) return 'Private';
  if (UNNAMED_IN_DCMJS.has(tag)) return 'Unknown';
  return dcmjs.data.DicomMetaDictionary.dictionary[tagText(tag)]?.name ?? 'Unknown';
}

describe('dictionary.generated', () => {
  it('regenerates byte-identical from the installed dcmjs', () => {
    const fresh = execFileSync(process.execPath, [script, '--stdout'], { encoding: 'utf8' });
    expect(fresh).toBe(readFileSync(generated, 'utf8'));
  });

  it('keeps the VR table of scripts/gen-vr-table.mjs byte for byte (dcmjs 0.52.2, 5163 entries)', () => {
    expect(VR_TABLE.length).toBe(5163 * 10);
    expect(createHash('sha256').update(VR_TABLE).digest('hex')).toBe('f8d5944f97b56ea764bd39c05fcb3d5b110095f169d23c95bdc642df5fc5a992');
  });

  it('has one TAG entry and one keyword per VR table entry, in the same order', () => {
    const keywords = KEYWORD_TABLE.split(' ');
    expect(keywords).toHaveLength(VR_TABLE.length / 10);
    const fromTable = keywords.map((k, i) => [k, Number.parseInt(VR_TABLE.slice(i * 10, i * 10 + 8), 16)]);
    expect(fromTable).toEqual(Object.entries(TAG));
  });

  it('gives every dcmjs keyword its tag', () => {
    const wrong = dcmjsEntries.filter((e) => (TAG as Record<string, number>)[e.name] !== tagOf(e));
    expect(wrong.map((e) => `${e.name} ${e.tag}`)).toEqual([]);
    expect(Object.keys(TAG)).toHaveLength(dcmjsEntries.length);
    expect(TAG.PatientName).toBe(0x00100010);
    expect(TAG.PixelData).toBe(0x7fe00010);
  });
});

describe('keywordOf', () => {
  it('answers what dcmjs answers, repeating groups, private and unknown tags included', () => {
    const probes = new Set<number>();
    for (const e of dcmjsEntries) {
      const tag = tagOf(e);
      const group = tag >>> 16;
      const element = tag & 0xffff;
      for (const g of [group, group + 1, group + 2, group + 0x1e, group | 0xff, group + 0x10]) probes.add(((g & 0xffff) << 16 | element) >>> 0);
      probes.add(((group << 16) | ((element + 1) & 0xffff)) >>> 0);
      probes.add((group << 16) >>> 0);
    }
    const wrong = [...probes].filter((t) => keywordOf(t) !== dcmjsKeyword(t));
    expect(wrong.map((t) => `${tagText(t)} ${keywordOf(t)} != ${dcmjsKeyword(t)}`)).toEqual([]);
    expect(keywordOf(0x60023000)).toBe('OverlayData');
    expect(keywordOf(0x00090010)).toBe('Private');
    expect(keywordOf(0x00100000)).toBe('Unknown');
  });
});

describe('dictionaryVr', () => {
  const AMBIGUOUS: Record<string, string> = { xs: 'US', ox: 'OW', lt: 'OW', up: 'UL', na: 'UN' };

  it('gives every dcmjs entry its VR, ambiguous ones in their 16-bit / word form', () => {
    const wrong = dcmjsEntries.filter((e) => (tagOf(e) & 0xffff) !== 0 && dictionaryVr(tagOf(e)) !== (AMBIGUOUS[e.vr] ?? e.vr));
    expect(wrong.map((e) => `${e.name} ${e.vr} ${dictionaryVr(tagOf(e))}`)).toEqual([]);
  });

  it('reads repeating groups at their base group, group lengths as UL, private creators as LO', () => {
    expect(dictionaryVr(0x60023000)).toBe('OW');
    expect(dictionaryVr(0x50100010)).toBe('US');
    expect(dictionaryVr(0x00100000)).toBe('UL');
    expect(dictionaryVr(0x00090010)).toBe('LO');
    expect(dictionaryVr(0x00091001)).toBe('UN');
    expect(dictionaryVr(0x00100010)).toBe('PN');
  });
});
