/**
 * What an app job does, typed by kind. Specs are stored with the job's run record so an
 * interrupted job can be resumed after a restart; what comes back from the database is checked
 * here (a trust boundary: the file may be old or edited).
 */
import { z } from 'zod';

/** The stored inputs of each job kind. */
const JobSpecSchema = z.discriminatedUnion('kind', [
  /** Index a study folder; with `thenRead`, start the OCR job on it when OCR is available. */
  z.object({ kind: z.literal('scan'), folder: z.string(), project: z.string(), thenRead: z.boolean() }),
  /** Read the pixels of the folder's images that need it (the find-text stage). */
  z.object({ kind: z.literal('ocr'), folder: z.string(), project: z.string() }),
  /** De-identify the folder into `output` (one run plan, as the CLI's `deidentify`). */
  z.object({ kind: z.literal('deidentify'), folder: z.string(), output: z.string(), project: z.string(), allowUncleaned: z.boolean(), overwrite: z.boolean() }),
  /** Check every image of a de-identified tree with the verify pass (as the CLI's `verify`). */
  z.object({ kind: z.literal('verify'), output: z.string() }),
]);

/** A job's inputs. */
export type JobSpec = z.infer<typeof JobSpecSchema>;

/** The study folder a job works on, if it works on one. */
export function jobFolder(spec: JobSpec): string | null {
  return spec.kind === 'verify' ? null : spec.folder;
}

/** The folder a job writes or checks (de-identify and verify), if any. */
export function jobOutput(spec: JobSpec): string | null {
  return spec.kind === 'deidentify' || spec.kind === 'verify' ? spec.output : null;
}

/**
 * A spec stored with a run record, or undefined when it is unreadable. Records written before
 * specs were typed hold `params` beside the run's input and output columns; they are read too.
 */
export function storedSpec(kind: string, stored: unknown, input: string | null, output: string | null): JobSpec | undefined {
  const record = (typeof stored === 'object' && stored !== null ? stored : {}) as { spec?: unknown; params?: Record<string, unknown> };
  const candidate = record.spec ?? {
    kind,
    folder: input,
    output,
    project: record.params?.project ?? 'default',
    thenRead: record.params?.thenOcr !== false,
    allowUncleaned: record.params?.allowUncleaned === true,
    overwrite: record.params?.overwrite === true,
  };
  const parsed = JobSpecSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}
