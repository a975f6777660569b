import { VR_TABLE } from './vrTable.generated';

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

let table: Map<number, string> | undefined;

function build(): Map<number, string> {
  const map = new Map<number, string>();
  for (let i = 0; i + 10 <= VR_TABLE.length; i += 10) {
    map.set(parseInt(VR_TABLE.slice(i, i + 8), 16) >>> 0, VR_TABLE.slice(i + 8, i + 10));
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
