// Generates src/main/deid/profile.generated.ts from the PS3.15 Table E.1-1 extraction.
//
//   node scripts/gen-profile.mjs [path-to-json] [--stdout]
//
// The default input is ../shared/dicom-standard/confidentiality_profile_attributes.json relative to the
// repository root. `--stdout` prints the file instead of writing it (the regeneration test uses this).
// Output is deterministic: rows sorted by tag, option columns in a fixed order, no timestamps.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outPath = join(repoRoot, 'src/main/deid/profile.generated.ts');
const defaultInput = join(repoRoot, '../shared/dicom-standard/confidentiality_profile_attributes.json');

// The extraction is not versioned by the standard itself; the date of the file fixes the edition.
const EDITION = 'DICOM PS3.15 Table E.1-1, 2024 editions (innolitics/dicom-standard extraction dated 2024-04-18)';

const BASIC_ACTIONS = ['D', 'Z', 'X', 'U', 'Z/D', 'X/Z', 'X/D', 'X/Z/D', 'X/Z/U*'];
const OPTION_COLUMNS = [
  'rtnSafePrivOpt',
  'rtnUIDsOpt',
  'rtnDevIdOpt',
  'rtnInstIdOpt',
  'rtnPatCharsOpt',
  'rtnLongFullDatesOpt',
  'rtnLongModifDatesOpt',
  'cleanDescOpt',
  'cleanStructContOpt',
  'cleanGraphOpt',
];
const OPTION_VALUES = ['K', 'C'];
const PRIVATE_ROW_TAG = '(GGGG,EEEE) WHERE GGGG IS ODD';

/** Turns `(60XX,3000)` into `60XX3000`; throws on anything else. */
function normalizeTag(tag) {
  const m = /^\(([0-9A-FX]{4}),([0-9A-FX]{4})\)$/i.exec(tag);
  if (!m) throw new Error(`unexpected tag ${JSON.stringify(tag)}`);
  return (m[1] + m[2]).toUpperCase();
}

function toRow(raw) {
  const tag = normalizeTag(raw.tag);
  if (!BASIC_ACTIONS.includes(raw.basicProfile)) {
    throw new Error(`${raw.tag}: unexpected basic profile action ${JSON.stringify(raw.basicProfile)}`);
  }
  if (raw.stdCompIOD !== 'Y' && raw.stdCompIOD !== 'N') {
    throw new Error(`${raw.tag}: unexpected stdCompIOD ${JSON.stringify(raw.stdCompIOD)}`);
  }
  const options = {};
  for (const column of OPTION_COLUMNS) {
    const value = raw[column];
    if (value === undefined) continue;
    if (!OPTION_VALUES.includes(value)) throw new Error(`${raw.tag}: unexpected ${column} ${JSON.stringify(value)}`);
    options[column] = value;
  }
  const known = new Set(['tag', 'name', 'basicProfile', 'stdCompIOD', 'id', ...OPTION_COLUMNS]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new Error(`${raw.tag}: unexpected field ${key}`);
  }
  return { tag, name: raw.name, basic: raw.basicProfile, options, inStandardIod: raw.stdCompIOD === 'Y' };
}

/** A TypeScript string literal: single quotes unless the text holds one (as Prettier does). */
function quote(text) {
  // eslint-disable-next-line no-control-regex -- control characters are what this test is for: JSON.stringify escapes them
  if (text.includes("'") || /[\u0000-\u001f\u007f-\uffff]/.test(text)) return JSON.stringify(text);
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function formatRow(row) {
  const options = Object.entries(row.options)
    .map(([k, v]) => `${k}: '${v}'`)
    .join(', ');
  return (
    `  { tag: '${row.tag}', name: ${quote(row.name)}, basic: '${row.basic}', ` +
    `options: {${options ? ` ${options} ` : ''}}, inStandardIod: ${row.inStandardIod} },`
  );
}

/** Builds the TypeScript source from the JSON text. */
export function generate(jsonText, sourceName) {
  const raw = JSON.parse(jsonText);
  if (!Array.isArray(raw)) throw new Error('expected a JSON array of rows');
  const sha256 = createHash('sha256').update(jsonText).digest('hex');
  const privateRows = raw.filter((r) => r.tag === PRIVATE_ROW_TAG);
  if (privateRows.length !== 1) throw new Error(`expected one private-attributes row, found ${privateRows.length}`);
  const rows = raw.filter((r) => r.tag !== PRIVATE_ROW_TAG).map(toRow);
  rows.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].tag === rows[i - 1].tag) throw new Error(`duplicate tag ${rows[i].tag}`);
  }
  const union = (values) => values.map((v) => `'${v}'`).join(' | ');
  return `// GENERATED FILE: do not edit. Regenerate with \`node scripts/gen-profile.mjs [path-to-json]\` (npm run gen:profile).
// Source: ${sourceName} (sha256 ${sha256}),
// ${raw.length} rows of ${EDITION}.
// Skipped: the pseudo row ${JSON.stringify(PRIVATE_ROW_TAG)} (Basic Profile X, Retain Safe Private C);
// profileActions.ts removes private attributes by rule instead.

/** Basic Profile action codes as written in Table E.1-1. */
export type BasicProfileAction = ${union(BASIC_ACTIONS)};

/** Option columns of Table E.1-1 (one per Retain/Clean option that changes an attribute's action). */
export type ProfileOptionColumn = ${union(OPTION_COLUMNS)};

/** One attribute of Table E.1-1. */
export interface ProfileRow {
  /** Eight uppercase hex digits (group then element); 'X' marks a repeating digit, e.g. '60XX3000'. */
  readonly tag: string;
  readonly name: string;
  readonly basic: BasicProfileAction;
  /** Option columns that change the action: K keep, C clean. */
  readonly options: Readonly<Partial<Record<ProfileOptionColumn, 'K' | 'C'>>>;
  /** The attribute appears in a standard composite IOD. */
  readonly inStandardIod: boolean;
}

/** The edition of the standard these rows come from, recorded with every de-identification. */
export const PROFILE_SOURCE = ${quote(EDITION)};

/** Table E.1-1 without the private-attributes pseudo row, sorted by tag. */
export const PROFILE_ROWS: readonly ProfileRow[] = [
${rows.map(formatRow).join('\n')}
];
`;
}

function main(argv) {
  const toStdout = argv.includes('--stdout');
  const positional = argv.filter((a) => a !== '--stdout');
  const input = positional[0] ? resolve(positional[0]) : defaultInput;
  const text = generate(readFileSync(input, 'utf8'), basename(input));
  if (toStdout) {
    process.stdout.write(text);
  } else {
    writeFileSync(outPath, text);
    console.log(`wrote ${outPath}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
