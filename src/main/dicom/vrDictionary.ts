import dcmjs from 'dcmjs';

/** VRs whose explicit encoding has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
export const LONG_VRS: ReadonlySet<string> = new Set([
  'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV',
]);

/** Every VR defined by PS3.5, to recognise explicit VR bytes. */
export const KNOWN_VRS: ReadonlySet<string> = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL',
  'OV', 'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US',
  'UT', 'UV',
]);

// dcmjs marks ambiguous VRs in lower case ("US or SS", "OB or OW", ...); implicit VR data is
// little endian and we only need a VR to know sizes and text-ness, so pick the 16-bit/word form.
const AMBIGUOUS: Readonly<Record<string, string>> = { xs: 'US', ox: 'OW', lt: 'OW', up: 'UL', na: 'UN' };

let table: Map<number, string> | undefined;

function build(): Map<number, string> {
  const map = new Map<number, string>();
  const nameMap = dcmjs.data.DicomMetaDictionary.nameMap as Record<string, { tag: string; vr: string }>;
  for (const entry of Object.values(nameMap)) {
    const m = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/i.exec(entry.tag);
    if (!m) continue;
    const tag = ((parseInt(m[1], 16) << 16) | parseInt(m[2], 16)) >>> 0;
    map.set(tag, AMBIGUOUS[entry.vr] ?? entry.vr);
  }
  return map;
}

/**
 * The dictionary VR of a standard tag, for implicit VR data; `UN` for private or unknown tags.
 * Repeating groups (50xx curves, 60xx overlays) are looked up at their base group.
 */
export function dictionaryVr(tag: number): string {
  table ??= build();
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if (element === 0x0000) return 'UL';
  if (group & 1) return element >= 0x0010 && element <= 0x00ff ? 'LO' : 'UN';
  const direct = table.get(tag);
  if (direct) return direct;
  if ((group & 0xff00) === 0x6000 || (group & 0xff00) === 0x5000) {
    return table.get((((group & 0xff00) << 16) | element) >>> 0) ?? 'UN';
  }
  return 'UN';
}
