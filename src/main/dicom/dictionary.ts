/**
 * The standard data dictionary: attribute keywords, tags and VRs, from the table that
 * `npm run gen:dictionary` generates out of dcmjs (dcmjs itself is not loaded at run time).
 */
import { KEYWORD_TABLE, TAG, VR_TABLE } from './dictionary.generated';

export { TAG };

/** The keyword of a standard attribute (`PatientName`, …); `TAG[keyword]` is its tag. */
export type TagKeyword = keyof typeof TAG;

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

const ENTRY = 10;
let vrs: Map<number, string> | undefined;
let keywords: Map<number, string> | undefined;

// Built on first use: a worker that never meets implicit VR data, or never shows a diff, pays nothing.
function vrMap(): Map<number, string> {
  if (vrs) return vrs;
  vrs = new Map();
  for (let i = 0; i + ENTRY <= VR_TABLE.length; i += ENTRY) {
    vrs.set(parseInt(VR_TABLE.slice(i, i + 8), 16) >>> 0, VR_TABLE.slice(i + 8, i + ENTRY));
  }
  return vrs;
}

function keywordMap(): Map<number, string> {
  if (keywords) return keywords;
  keywords = new Map();
  const names = KEYWORD_TABLE.split(' ');
  for (let i = 0; i < names.length; i++) {
    keywords.set(parseInt(VR_TABLE.slice(i * ENTRY, i * ENTRY + 8), 16) >>> 0, names[i]);
  }
  return keywords;
}

/**
 * The dictionary VR of a standard tag, for implicit VR data; `UN` for private or unknown tags.
 * Repeating groups (50xx curves, 60xx overlays) are looked up at their base group.
 */
export function dictionaryVr(tag: number): string {
  const table = vrMap();
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

/** Groups whose attributes repeat in every group of the block (PS3.5 7.6): curves, overlays, variable pixel data. */
function isRepeatingGroup(group: number): boolean {
  const block = group & 0xff00;
  return block === 0x5000 || block === 0x6000 || block === 0x7f00;
}

/**
 * The dictionary keyword of a tag: `Private` for odd groups, the keyword at the base group for
 * repeating groups (50xx, 60xx, 7Fxx), `Unknown` when the dictionary has no such attribute.
 */
export function keywordOf(tag: number): string {
  const group = tag >>> 16;
  if (group & 1) return 'Private';
  const table = keywordMap();
  const direct = table.get(tag >>> 0);
  if (direct) return direct;
  if (isRepeatingGroup(group)) return table.get((((group & 0xff00) << 16) | (tag & 0xffff)) >>> 0) ?? 'Unknown';
  return 'Unknown';
}

/** `(gggg,eeee)` of a tag, upper-case hex. */
export function tagText(tag: number): string {
  const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}
