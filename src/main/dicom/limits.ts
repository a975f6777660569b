/**
 * The product's limits on what one input file may make us do: every parser, decoder and worker
 * checks its limit by arithmetic before it allocates or loops, and a file over a limit is failed
 * or withheld with the limit named (the run goes on). Defaults are documented in the README;
 * each can be changed with its environment variable (`DEID_STUDIO_LIMIT_<NAME>`), which worker
 * threads inherit.
 */

/** The limits, by name as they appear in refusals and in the README. */
interface Limits {
  /** Data elements in one file, at every depth (a 200 MB file of 25 million elements exhausts a heap). */
  maxElements: number;
  /** Sequence nesting depth. */
  maxDepth: number;
  /** Bytes a deflated data set may inflate to, whatever its header declares. */
  maxInflatedBytes: number;
  /** Bytes a deflated data set may inflate to beyond what its Rows × Columns × frames × samples × bytes declare. */
  inflateMarginBytes: number;
  /** Bytes of one decoded frame (Rows × Columns × samples × bytes per sample). */
  maxFrameBytes: number;
  /** Pixels of one overlay plane (Overlay Rows × Overlay Columns). */
  maxOverlayPixels: number;
  /** Seconds one file may keep a worker busy before it is failed. */
  fileSeconds: number;
}

/** The documented defaults. */
export const LIMIT_DEFAULTS: Readonly<Limits> = Object.freeze({
  maxElements: 1_000_000,
  maxDepth: 64,
  maxInflatedBytes: 1024 * 1024 * 1024,
  inflateMarginBytes: 64 * 1024 * 1024,
  maxFrameBytes: 1024 * 1024 * 1024,
  maxOverlayPixels: 16384 * 16384,
  fileSeconds: 600,
});

/** The environment variable that overrides one limit: `maxElements` → `DEID_STUDIO_LIMIT_MAX_ELEMENTS`. */
export function limitEnvName(name: keyof Limits): string {
  return `DEID_STUDIO_LIMIT_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Each limit with its variable's name, spelled once (not per call). */
const LIMIT_VARIABLES = (Object.keys(LIMIT_DEFAULTS) as (keyof Limits)[]).map((name) => [name, limitEnvName(name)] as const);

/** The limits in force: the defaults, each overridden by its environment variable when set to a positive number. */
export function limits(env: NodeJS.ProcessEnv = process.env): Limits {
  // Read on each call (once per file or frame, never per element), so a changed setting applies at once.
  const out = { ...LIMIT_DEFAULTS };
  for (const [name, variable] of LIMIT_VARIABLES) {
    const given = env[variable];
    if (given === undefined || given === '') continue;
    const value = Number(given);
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${variable} must be a positive number (got "${given}")`);
    out[name] = value;
  }
  return out;
}

/** The words every refusal ends with, so the user sees which limit and how to raise it. */
export function limitNamed(name: keyof Limits, value: number = limits()[name]): string {
  return `limit ${name} = ${value} (${limitEnvName(name)})`;
}
