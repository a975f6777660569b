/**
 * Device text that is never identifying, so OCR boxes reading it are not proposed for redaction.
 * Entries are compared with normalised text (upper case, accents stripped); patterns must match a
 * whole word. Users extend the list with `buildAllowlist` (their own patterns are matched against
 * the text as read); an exact match with a patient identifier still wins over the allowlist, and
 * text that reads as a date or a time is never explained by a pattern (see `allowedBy`).
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
    // Console settings: 2D Opt:Gen, Fr Rate:Max, Col 79%, Flow Opt: Med V (ATL, Philips, GE consoles).
    'OPT', 'RATE', 'MAX', 'COL', 'FLOW', 'V', 'VEL', 'SCALE', 'FILTER', 'WALL', 'SAMPLE', 'STEER', 'PERSISTENCE',
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
  // Measurement labels on ultrasound and obstetric screens, and the letters consoles put before values.
  measurements: [
    'D', 'G', 'DIST', 'AREA', 'VOL', 'CIRC', 'GA', 'HC', 'AC', 'BPD', 'FL', 'CRL', 'EFW', 'AFI', 'NT', 'PSV', 'EDV',
    'RI', 'PI', 'VTI', 'TAMAX', 'MMHG', 'CM3', 'FRAME', 'FRAMES', 'WINDOW', 'LEVEL', 'WIDTH',
  ],
  // Anatomy, exam presets and scan planes that ultrasound and endoscopy screens label images with.
  anatomy: [
    'ABDOMEN', 'ABD', 'PELVIS', 'THYROID', 'LIVER', 'KIDNEY', 'RENAL', 'BLADDER', 'BREAST', 'CAROTID', 'HEART', 'CARDIAC',
    'CHEST', 'ESOPHAGUS', 'STOMACH', 'DUODENUM', 'COLON', 'SPLEEN', 'PANCREAS', 'GALLBLADDER', 'GB', 'UTERUS', 'OVARY',
    'OVARIES', 'PROSTATE', 'TESTIS', 'SCROTUM', 'VEIN', 'ARTERY', 'AORTA', 'LYMPH', 'NODE', 'NODES', 'NECK', 'HEAD', 'KNEE',
    'HIP', 'SHOULDER', 'SPINE', 'LUMBAR', 'CERVICAL', 'THORACIC', 'SKULL', 'HAND', 'FOOT', 'ANKLE', 'WRIST', 'ELBOW', 'LEG',
    'ARM', 'FETAL', 'FETUS', 'OB', 'GYN', 'VASCULAR', 'MSK', 'SMALL', 'PARTS', 'TRANSVERSE', 'TRANS', 'LONG', 'LONGITUDINAL',
    'MIDLINE', 'UPPER', 'LOWER', 'PROXIMAL', 'DISTAL', 'MID', 'LT', 'RT', 'BILAT', 'BILATERAL', 'SEMI', 'PERSIST', 'LOW',
    'HIGH', 'GENERAL', 'VIEW', 'LESION', 'MASS', 'CYST',
  ],
  // Endoscopy screens: the organ, the landmark and the finding (GI ESOPHAGUS AT 30CM- BARRETT'S).
  endoscopy: [
    'GI', 'EGD', 'UGI', 'GASTRIC', 'ANTRUM', 'FUNDUS', 'CARDIA', 'PYLORUS', 'BULB', 'JUNCTION', 'GEJ', 'CECUM', 'ILEUM',
    'RECTUM', 'SIGMOID', 'ASCENDING', 'DESCENDING', 'BIOPSY', 'POLYP', 'ULCER', 'HERNIA', 'HIATAL', "BARRETT'S",
    'BARRETTS', 'ESOPHAGEAL', 'GASTRITIS', 'VARICES', 'AT', 'FROM', 'INCISORS',
  ],
  // Patient position and projection labels (CT, MR, angiography): HEAD FIRST, LAO 30, CRAN 20.
  positioning: [
    'FIRST', 'FEET', 'DECUBITUS', 'OBLIQUE', 'LAO', 'RAO', 'LPO', 'RPO', 'CRAN', 'CAUD', 'CRA', 'CAU', 'HFS', 'FFS', 'HFP', 'FFP',
  ],
  // Protocol and phase names consoles print on the image.
  protocol: ['ROUTINE', 'SCAN', 'PRE', 'DELAYED', 'ARTERIAL', 'VENOUS', 'PORTAL', 'PHASE', 'SERIES', 'PLAIN', 'ENHANCED'],
  // The headings and plain words of a report screen. Names, IDs and dates on it are still found by
  // the matcher (an identifier wins over the allowlist), and any word not listed is burned.
  report: [
    'EXAMINATION', 'EXAM', 'REPORT', 'FINDINGS', 'FINDING', 'IMPRESSION', 'CONCLUSION', 'HISTORY', 'INDICATION', 'TECHNIQUE',
    'COMPARISON', 'NORMAL', 'ABNORMAL', 'ABNORMALITY', 'ACUTE', 'CHRONIC', 'STUDY', 'UNREMARKABLE', 'EVIDENCE', 'OF', 'THE',
    'AND', 'WITH', 'WITHOUT', 'IS', 'ARE', 'SEEN', 'NOT', 'NONE', 'NEGATIVE', 'POSITIVE', 'RESULT', 'RESULTS', 'OR', 'IN', 'ON',
  ],
};

/**
 * Parameter words whose value follows as a separate word (`TIS 0.4`, `W 1500`, `TR 3000`): a plain
 * number right after one of them is the parameter's value. Labels that can precede an identifier
 * (`NO`, `IM`, `ID`) are not among them.
 */
export const VALUE_WORDS: ReadonlySet<string> = new Set([
  'W', 'L', 'C', 'WW', 'WL', 'WC', 'W/L', 'WL/WW', 'WW/WL', 'WINDOW', 'LEVEL', 'TIS', 'TIB', 'TIC', 'MI', 'TR', 'TE', 'TI',
  'KV', 'KVP', 'MA', 'MAS', 'FOV', 'DFOV', 'SL', 'THK', 'GAIN', 'DEPTH', 'FREQ', 'FRQ', 'PRF', 'DR', 'FR', 'PWR', 'ZOOM',
  'ANGLE', 'HR', 'ETL', 'NEX', 'FA', 'D', 'G', 'PITCH', 'DYN', 'FPS',
]);

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
  // A scale mark or a bare value: 5, -20, 0.4, 12.5 (four digits and more may be an ID).
  /^[-+]?\d{1,3}(?:[.,]\d{1,2})?$/,
  // A frame or image counter: 45/120, 3 / 20.
  /^\d{1,4}\/\d{1,4}$/,
  // A gestational age: 24W3D, 24W, 24W+3D.
  /^\d{1,2}W(?:\+?\dD)?$/,
  // Thermal and mechanical indices and depth or gain glued to their value: TIS0.4, MI:1.2, D16.0CM, G50%.
  /^(?:TI[SBC]|MI|D|G|DEPTH|GAIN)[:=]?\d{1,3}(?:[.,]\d{1,2})?(?:CM|MM|DB|%)?$/,
  // Window and level pairs: 400/40, W400/L40, 1500/-600.
  /^(?:W:?)?-?\d{1,5}\/(?:L:?)?-?\d{1,5}$/,
  // A software or protocol version: 13.60.033, 2.1.4 (date-shaped text is vetoed by allowedBy).
  /^V?\d{1,3}(?:\.\d{1,3}){2,3}$/,
  // A span of years, as in a copyright line: 1988-1994.
  /^(?:19|20)\d{2}[-\u2013](?:19|20)\d{2}$/,
  // A probe name: C5-1, L12-5, 9L4, 4C1.
  /^(?:[CLPSV]\d{1,2}-\d{1,2}[A-Z]?|\d{1,2}[CLPSV]\d{1,2})$/,
];

/** The allowlist in the form the matcher uses. */
export interface Allowlist {
  /** Normalised harmless words; a phrase is its words joined by single spaces. */
  words: ReadonlySet<string>;
  /** Whole-word patterns over normalised text. */
  patterns: readonly RegExp[];
  /** The user's patterns, each matching whole text as read (a word, or words joined by spaces). */
  rawPatterns?: readonly RegExp[];
}

/** User additions to the allowlist. */
export interface AllowlistEntries {
  /** Words or phrases, any case. */
  words?: readonly string[];
  /** Patterns over normalised text (strings are compiled whole-word, case-insensitive). */
  patterns?: readonly (RegExp | string)[];
  /** Patterns that already match whole text as read (`pixelTerms.ts` compiles them). */
  regexes?: readonly RegExp[];
}

/** The default allowlist merged with `extra`. */
export function buildAllowlist(extra: AllowlistEntries = {}): Allowlist {
  const words = new Set<string>();
  for (const group of Object.values(DEFAULT_ALLOW_WORDS)) for (const w of group) words.add(normalizeText(w));
  for (const w of extra.words ?? []) words.add(normalizeText(w.trim()).replace(/\s+/g, ' '));
  const patterns = [
    ...DEFAULT_ALLOW_PATTERNS,
    ...(extra.patterns ?? []).map((p) => (typeof p === 'string' ? new RegExp(`^(?:${p})$`, 'i') : p)),
  ];
  return { words, patterns, rawPatterns: [...(extra.regexes ?? [])] };
}

/** Results of the user's patterns by text: a cine shows the same words on every frame. */
const rawMemo = new WeakMap<Allowlist, Map<string, boolean>>();
const RAW_MEMO_LIMIT = 20000;

/**
 * True when one of the user's whole-text patterns matches `text` as read. A long imported list
 * costs about a millisecond per text (dicompixelanon's 737 patterns), so results are remembered.
 */
export function matchesUserPattern(text: string, allow: Allowlist): boolean {
  const patterns = allow.rawPatterns ?? [];
  if (patterns.length === 0) return false;
  let memo = rawMemo.get(allow);
  if (!memo) rawMemo.set(allow, (memo = new Map()));
  const known = memo.get(text);
  if (known !== undefined) return known;
  const result = patterns.some((p) => p.test(text));
  if (memo.size >= RAW_MEMO_LIMIT) memo.clear();
  memo.set(text, result);
  return result;
}

/** The default allowlist. */
export const DEFAULT_ALLOWLIST: Allowlist = buildAllowlist();

/** A word's normal form for the allowlist: normalised, without trailing punctuation. */
function allowForm(word: string): string {
  return normalizeText(word.trim()).replace(/^[([{"']+/, '').replace(/(?<=.)[)\]}"'.,;:-]+$/, '');
}

/**
 * What explains a word (raw OCR text) as harmless: one of the listed words, a pattern, or
 * nothing (null). Text shaped like a date or a time (`11.09.01`, `14:32`) is never explained by a
 * pattern, however general: `isDateLike` says which text that is.
 */
export function allowedBy(word: string, allow: Allowlist, isDateLike: (text: string) => boolean = () => false): 'word' | 'pattern' | null {
  const normal = allowForm(word);
  if (normal === '') return null;
  if (allow.words.has(normal)) return 'word';
  // A compound of listed words: SEMI-UPRIGHT, M-MODE, WL/WW.
  const pieces = normal.split(/[-/]/);
  if (pieces.length > 1 && pieces.every((p) => allow.words.has(p))) return 'word';
  const trimmed = word.trim();
  const byPattern = allow.patterns.some((p) => p.test(normal)) || matchesUserPattern(trimmed, allow);
  if (byPattern) return isDateLike(word) ? null : 'pattern';
  // The recogniser's letter-for-digit slips inside a number (3OCM for 30CM, 1O.5 for 10.5): the
  // default patterns are tried on the number as meant; a date or time shape still vetoes.
  const meant = digitsAsMeant(normal);
  if (meant === normal || isDateLike(meant)) return null;
  return DEFAULT_ALLOW_PATTERNS.some((p) => p.test(meant)) ? 'pattern' : null;
}

/** `O` and `I` read where a digit stands next to a digit (`3OCM` → `30CM`); other text unchanged. */
function digitsAsMeant(normal: string): string {
  let out = normal;
  for (let pass = 0; pass < 2; pass++) {
    out = out.replace(/(?<=\d)[OI]|[OI](?=\d)/g, (c) => (c === 'O' ? '0' : '1'));
  }
  return out;
}

/** True when the whole word (raw OCR text) is harmless device text (any pattern counts). */
export function isAllowed(word: string, allow: Allowlist): boolean {
  return allowedBy(word, allow) !== null;
}
