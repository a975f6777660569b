import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PROFILE_ROWS } from './profile.generated';
import { CLASS_UID_TAGS, createUidRemapper, isStandardUid, remapUid } from './uidRemap';

const SECRET = new TextEncoder().encode('test secret, 32 bytes long......');
const OTHER = new TextEncoder().encode('another secret');
const UID = '1.3.6.1.4.1.5962.99.1.2280943358.716200484.1363785608958.3.0';
const FORMAT = /^2\.25\.(0|[1-9][0-9]*)$/;

/** The UUID inside a 2.25 OID, as 32 hex digits. */
function uuidHex(oid: string): string {
  return BigInt(oid.slice('2.25.'.length)).toString(16).padStart(32, '0');
}

describe('remapUid', () => {
  it('is deterministic per secret and differs between secrets and inputs', () => {
    const a = remapUid(SECRET, UID);
    expect(remapUid(SECRET, UID)).toBe(a);
    expect(remapUid(OTHER, UID)).not.toBe(a);
    expect(remapUid(SECRET, `${UID}1`)).not.toBe(a);
    expect(a).not.toContain(UID);
  });

  it('writes a 2.25 OID holding a UUIDv8, without leading zeros, within 64 characters', () => {
    for (let i = 0; i < 200; i++) {
      const out = remapUid(SECRET, `1.2.3.${i}`);
      expect(out).toMatch(FORMAT);
      expect(out.length).toBeLessThanOrEqual(64);
      const hex = uuidHex(out);
      expect(hex[12]).toBe('8'); // version
      expect(Number.parseInt(hex[16], 16) >> 2).toBe(0b10); // variant
    }
  });

  it('ignores NUL and space padding', () => {
    const a = remapUid(SECRET, UID);
    expect(remapUid(SECRET, `${UID}\0`)).toBe(a);
    expect(remapUid(SECRET, `${UID} `)).toBe(a);
  });

  it('keeps standard and empty UIDs', () => {
    expect(remapUid(SECRET, '1.2.840.10008.5.1.4.1.1.2')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(remapUid(SECRET, '1.2.840.10008.1.2.1\0')).toBe('1.2.840.10008.1.2.1');
    expect(remapUid(SECRET, '')).toBe('');
    expect(remapUid(SECRET, '\0')).toBe('');
  });

  it('remaps each value of a multi-valued UID', () => {
    const out = remapUid(SECRET, `${UID}\\1.2.840.10008.1.2\\1.2.3`);
    expect(out.split('\\')).toEqual([remapUid(SECRET, UID), '1.2.840.10008.1.2', remapUid(SECRET, '1.2.3')]);
  });
});

describe('isStandardUid', () => {
  it('recognizes the standard root only', () => {
    expect(isStandardUid('1.2.840.10008.1.2.4.50')).toBe(true);
    expect(isStandardUid('1.2.840.10008.1.2\0')).toBe(true);
    expect(isStandardUid('1.2.840.100081.2')).toBe(false);
    expect(isStandardUid('1.2.840.113619.2.1')).toBe(false);
    expect(isStandardUid('')).toBe(false);
  });
});

describe('createUidRemapper', () => {
  it('matches remapUid and caches results', () => {
    const key = Uint8Array.from(SECRET);
    const remap = createUidRemapper(key);
    const first = remap(UID);
    expect(first).toBe(remapUid(SECRET, UID));
    key.fill(0); // the remapper holds its own copy of the secret
    expect(remap(UID)).toBe(first);
    expect(remap('1.2.3.4')).toBe(remapUid(SECRET, '1.2.3.4'));
  });
});

describe('CLASS_UID_TAGS', () => {
  interface DictEntry {
    tag: string;
    vr: string;
    name: string;
  }
  const dcmjs = createRequire(import.meta.url)('dcmjs') as {
    data: { DicomMetaDictionary: { nameMap: Record<string, DictEntry> } };
  };
  const byTag = new Map<number, DictEntry>();
  for (const entry of Object.values(dcmjs.data.DicomMetaDictionary.nameMap)) {
    const m = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/.exec(entry.tag);
    if (m) byTag.set(Number.parseInt(m[1] + m[2], 16), entry);
  }

  it('holds only UI attributes that name classes', () => {
    for (const t of CLASS_UID_TAGS) {
      const entry = byTag.get(t);
      expect(entry?.vr, t.toString(16)).toBe('UI');
      expect(entry?.name).toMatch(/SOPClass|TransferSyntax|CodingScheme|ContextUID|MappingResource|ImplementationClass/);
    }
  });

  it('covers every SOP class and transfer syntax attribute of stored objects', () => {
    for (const [t, entry] of byTag) {
      if (t >>> 16 === 0 || entry.vr !== 'UI' || !/SOPClass|TransferSyntax/.test(entry.name)) continue;
      expect(CLASS_UID_TAGS.has(t), entry.name).toBe(true);
    }
  });

  it('never contradicts Table E.1-1', () => {
    const tableTags = new Set(PROFILE_ROWS.map((r) => r.tag));
    for (const t of CLASS_UID_TAGS) expect(tableTags.has(t.toString(16).toUpperCase().padStart(8, '0'))).toBe(false);
  });
});
