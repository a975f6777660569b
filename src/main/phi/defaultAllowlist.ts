/**
 * Device text that is never identifying, so OCR boxes reading it are not proposed for redaction.
 * Entries are compared with normalised text (upper case, accents stripped); patterns must match a
 * whole word. Users extend the list with `buildAllowlist`; an exact match with a patient
 * identifier still wins over the allowlist.
 */
import { normalizeText } from './textNormalize';

/** Harmless words, grouped by where they come from. */
const DEFAULT_ALLOW_WORDS: Readonly<Record<string, readonly string[]>> = {
  orientation: ['L', 'R', 'A', 'P', 'H', 'F', 'S', 'I', 'AP', 'PA', 'LAT', 'LEFT', 'RIGHT', 'ANT', 'POST', 'SUP', 'INF', 'MED'],
  units: [
    'CM', 'MM', 'M', 'KV', 'KVP', 'MA', 'MAS', 'MS', 'S', 'SEC', 'MIN', 'HZ', 'KHZ', 'MHZ', 'DB', '%', 'FPS', 'BPM',
    'CM/S', 'MM/S', 'M/S', 'DEG', 'MGY', 'MSV', 'CGY', 'DGY', 'CM2', 'ML', 'X',
  ],
  window: ['W/L', 'WL', 'WW', 'WC', 'W', 'C', 'WL/WW', 'WW/WL', 'ZOOM', 'SCALE', 'INVERT'],
  ultrasound: [
    'GAIN', 'DEPTH', 'FREQ', 'FRQ', 'PRF', 'RES', 'GEN', 'PEN', 'THI', 'PWR', 'POWER', 'MI', 'TIS', 'TIB', 'TIC',
    'DR', 'DYN', 'CF', 'PW', 'CW', 'PD', '2D', '3D', '4D', 'B', 'M', 'MODE', 'M-MODE', 'HARM', 'FOCUS', 'FR', 'PERS',
    'MAP', 'WF', 'SV', 'ANGLE', 'COLOR', 'DOPPLER', 'FREEZE', 'CINE', 'PROBE', 'HR', 'COMP', 'ACOUSTIC',
  ],
  sequences: [
    'T1', 'T2', 'T1W', 'T2W', 'T1WI', 'T2WI', 'T2*', 'PD', 'PDW', 'FLAIR', 'STIR', 'DWI', 'ADC', 'SWI', 'TOF', 'MRA',
    'FIESTA', 'TRUFI', 'SPGR', 'MPRAGE', 'GRE', 'SE', 'TSE', 'FSE', 'EPI', 'FS', 'FATSAT', 'TR', 'TE', 'TI', 'FA',
    'FOV', 'ETL', 'NEX', 'NSA', 'THK', 'SL', 'SP', 'SLICE', 'AX', 'SAG', 'COR', 'AXIAL', 'SAGITTAL', 'CORONAL',
  ],
  ctAndXray: [
    'PITCH', 'KERNEL', 'STD', 'BONE', 'SOFT', 'LUNG', 'BRAIN', 'HELICAL', 'SCOUT', 'TOPO', 'UPRIGHT', 'SUPINE',
    'PRONE', 'ERECT', 'PORTABLE', 'MARKER', 'IMAGE', 'IM', 'SER', 'IMG', 'NO', 'LOCALIZER', 'CONTRAST', 'DFOV',
  ],
};

/** Harmless word shapes: a measurement, a ratio, a zoom factor, a window setting. Tested on normalised text. */
const DEFAULT_ALLOW_PATTERNS: readonly RegExp[] = [
  // A number with a unit, e.g. 12.5CM, 120KV, 3.5MHZ, -12DB, 30FPS, 45%.
  /^[<>~±+-]?\d+(?:[.,]\d+)?(?:CM|MM|M|KV|KVP|MA|MAS|MS|S|HZ|KHZ|MHZ|DB|%|FPS|BPM|CM\/S|MM\/S|DEG|°|MGY|MSV|ML)$/,
  // Zoom and magnification: X1.5, 2.0X.
  /^X\d+(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?X$/,
  // Window settings glued to their value: W:400, L40, WL:40, WW400, C:-600.
  /^(?:W|L|C|WL|WW|WC|G|D|F)[:=]?-?\d+(?:[.,]\d+)?$/,
  // A sequence or channel name with a number: T1, T2W, 2D, 3D.
  /^(?:T[12]W?|[234]D)$/,
];

/** The allowlist in the form the matcher uses. */
export interface Allowlist {
  /** Normalised harmless words. */
  words: ReadonlySet<string>;
  /** Whole-word patterns over normalised text. */
  patterns: readonly RegExp[];
}

/** User additions to the allowlist: words (any case) and patterns (strings are compiled whole-word). */
export interface AllowlistEntries {
  words?: readonly string[];
  patterns?: readonly (RegExp | string)[];
}

/** The default allowlist merged with `extra`. */
export function buildAllowlist(extra: AllowlistEntries = {}): Allowlist {
  const words = new Set<string>();
  for (const group of Object.values(DEFAULT_ALLOW_WORDS)) for (const w of group) words.add(normalizeText(w));
  for (const w of extra.words ?? []) words.add(normalizeText(w.trim()));
  const patterns = [
    ...DEFAULT_ALLOW_PATTERNS,
    ...(extra.patterns ?? []).map((p) => (typeof p === 'string' ? new RegExp(`^(?:${p})$`, 'i') : p)),
  ];
  return { words, patterns };
}

/** The default allowlist. */
export const DEFAULT_ALLOWLIST: Allowlist = buildAllowlist();

/** True when the whole word (raw OCR text) is harmless device text. */
export function isAllowed(word: string, allow: Allowlist): boolean {
  const normal = normalizeText(word.trim()).replace(/[.,;:]+$/, '');
  if (normal === '') return false;
  if (allow.words.has(normal)) return true;
  return allow.patterns.some((p) => p.test(normal));
}
