import { z } from 'zod';

/** Outcome of one file in a run. */
const FileOutcomeSchema = z.object({
  path: z.string(),
  status: z.enum(['written', 'unchanged', 'withheld', 'failed', 'not-dicom', 'dicomdir']),
  output: z.string().optional(),
  reason: z.string().optional(),
  uncleaned: z.array(z.string()).optional(),
  /** Written with clean pixels: read and found clean (`clean`), or redacted and verified (`redacted`). */
  pixels: z.enum(['clean', 'redacted']).optional(),
  /** Tags unknown to the dictionary that the writer removed, as `(gggg,eeee)` (no values). */
  unknownTags: z.array(z.string()).optional(),
});
export type FileOutcome = z.infer<typeof FileOutcomeSchema>;

/** Something a run found that does not add up: two patients in one study, an earlier CT date for a recorded study. */
const RunConflictSchema = z.object({
  kind: z.enum(['identity', 'ct-date']),
  message: z.string(),
  files: z.array(z.string()),
  /** The run exits 2 for it. */
  fails: z.boolean(),
});
export type RunConflict = z.infer<typeof RunConflictSchema>;

/** An attribute a header value rule changed, with how many files (never a value). */
const ValueChangeCountSchema = z.object({
  tag: z.string(),
  keyword: z.string(),
  rule: z.string(),
  files: z.number(),
});
export type ValueChangeCount = z.infer<typeof ValueChangeCountSchema>;

/** The summary of a `deidentify` run: printed by `--json`, stored in the run report. */
export const RunSummarySchema = z.object({
  command: z.literal('deidentify'),
  project: z.string(),
  input: z.string(),
  output: z.string(),
  database: z.string(),
  mappingCsv: z.string().optional(),
  report: z.string().optional(),
  options: z.array(z.string()),
  allowUncleaned: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  interrupted: z.boolean(),
  counts: z.object({
    files: z.number(),
    dicom: z.number(),
    /**
     * DICOM files the scan found in the input (the unreadable included); absent when the run was
     * stopped before the scan finished. `dicom` is how many of them this run handled.
     */
    dicomFound: z.number().optional(),
    written: z.number(),
    unchanged: z.number(),
    withheld: z.number(),
    failed: z.number(),
    notDicom: z.number(),
    dicomdir: z.number(),
    subjects: z.number(),
    studies: z.number(),
  }),
  bytesWritten: z.number(),
  notes: z.array(z.string()),
  /** Every file that was not written as asked (withheld, failed, not DICOM), with its reason. */
  problems: z.array(FileOutcomeSchema),
  conflicts: z.array(RunConflictSchema).optional(),
  /** Attributes changed by the header value rules (dates shifted or removed, text cleaned or removed), by tag. */
  valueChanges: z.array(ValueChangeCountSchema).optional(),
  exitCode: z.number(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;
