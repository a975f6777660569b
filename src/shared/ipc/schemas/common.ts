import { z } from 'zod';
import { DEID_OPTION_CODES, type DeidOptionCode } from '../../deidOptions';
import { RunSummarySchema } from '../../runSummary';

/**
 * Opaque ids handed to the renderer in place of paths and database keys. The main process keeps
 * the mapping; an id it never handed out is refused (`NOT_FOUND`). The prefix names the kind.
 */
function opaqueId(prefix: string) {
  return z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_-]{6,64}$`), `expected a ${prefix}_ id`);
}

/** A folder: an opened study folder, a browse entry, a root. */
export const FolderIdSchema = opaqueId('fld');
/** A file offered for picking in browse mode (e.g. a subject import CSV). */
export const FileIdSchema = opaqueId('fil');
/** One image (a DICOM file with Pixel Data). */
export const ImageIdSchema = opaqueId('img');
/** A series of the open study folder. */
export const SeriesIdSchema = opaqueId('ser');
/** A study of the open study folder. */
export const StudyIdSchema = opaqueId('stu');
/** A patient of the open study folder. */
export const PatientIdSchema = opaqueId('pat');
/** A recent-folder entry. */
export const RecentIdSchema = opaqueId('rec');
/** A job (persisted, so it survives a restart). */
export const JobIdSchema = z.string().regex(/^job_[0-9]{1,12}$/, 'expected a job_ id');
/** A box of the rect database (its row id; boxes are not addressed by path so they need no mapping). */
export const RectIdSchema = z.number().int().positive();

/** An empty request. */
export const EmptySchema = z.strictObject({});

/** CID 7050 option codes a project can hold. */
export const OptionCodeSchema = z.enum(Object.keys(DEID_OPTION_CODES) as [DeidOptionCode, ...DeidOptionCode[]]);

/** A failure as every handler reports it. The common codes are listed in ../README.md. */
const AppErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
});

/** Where the main process should write or read something the user picks. */
export const DestinationSchema = z.discriminatedUnion('via', [
  /** Native dialog (Electron only; `DIALOG_UNAVAILABLE` in browser mode). */
  z.strictObject({ via: z.literal('dialog') }),
  /** A folder from the browse API (browser mode). */
  z.strictObject({ via: z.literal('browse'), folderId: FolderIdSchema }),
  /** The default place beside the database (exports) — always available. */
  z.strictObject({ via: z.literal('default') }),
]);

/** The outcome of any call that may show a picker: the user can cancel it. */
export const CancelledSchema = z.strictObject({ cancelled: z.literal(true) });

/** A project as the renderer sees it (the secret never leaves the main process). */
export const ProjectInfoSchema = z.object({
  name: z.string(),
  prefix: z.string(),
  width: z.number().int(),
  options: z.array(OptionCodeSchema),
  issuerInKey: z.boolean(),
  /** Days each subject's dates move under option 113107. */
  dateShift: z.object({ min: z.number().int(), max: z.number().int() }),
  subjects: z.number().int(),
  createdAt: z.string(),
});

/** Settings of a new or updated project. */
export const ProjectSettingsSchema = z.strictObject({
  prefix: z.string().regex(/^[A-Za-z0-9_]{1,16}$/).optional(),
  width: z.number().int().min(1).max(12).optional(),
  options: z.array(OptionCodeSchema).max(20).optional(),
  issuerInKey: z.boolean().optional(),
  dateShift: z.strictObject({ min: z.number().int().min(-36500).max(36500), max: z.number().int().min(-36500).max(36500) }).optional(),
});

/** Kinds of long job. */
export const JobKindSchema = z.enum(['scan', 'ocr', 'deidentify', 'verify']);
/** Where a job stands; `interrupted` = the app was closed while it ran (resume with jobsResume). */
const JobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']);

/** Progress counts of a job, throttled to about 10 events per second. */
export const JobProgressSchema = z.object({
  jobId: JobIdSchema,
  kind: JobKindSchema,
  /** The stage within the job: scan, deidentify, ocr, verify... */
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  /** What `done` and `total` count. */
  unit: z.enum(['files', 'frames']),
  /** This job's measured rate, in `unit` per second (0 until measured). */
  perSecond: z.number(),
  /** Estimated ms left from this job's measured rate; null until there is one. */
  etaMs: z.number().nullable(),
});

/**
 * What a verify job found in a de-identified tree: every image whose pixels it could not confirm
 * clean, and every file the database did not write (or that changed since), as the CLI's `verify`
 * lists them.
 */
export const VerifyViewSchema = z.object({
  counts: z.object({ files: z.number().int(), images: z.number().int(), clean: z.number().int(), found: z.number().int(), failed: z.number().int() }),
  /**
   * Images with text found (`found`) or that could not be read (`failed`); files no run of the
   * database wrote (`not-written`) or whose bytes changed since (`changed`). Paths relative to the tree.
   */
  problems: z.array(z.object({ path: z.string(), status: z.enum(['found', 'failed', 'not-written', 'changed']), reason: z.string() })),
  /** The tree's verdict, the one `verify` exits with: `confirmed` only when there is no problem. */
  verdict: z.enum(['confirmed', 'not-confirmed', 'unreadable', 'interrupted']),
  interrupted: z.boolean(),
});

/** A job as listed and as announced when it finishes. */
export const JobViewSchema = z.object({
  jobId: JobIdSchema,
  kind: JobKindSchema,
  state: JobStateSchema,
  /** The study folder the job works on (an id the renderer may already know), when it is one. */
  folderId: FolderIdSchema.nullable(),
  /** Display name of the folder (its last path component). */
  folderName: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: JobProgressSchema.nullable(),
  error: AppErrorSchema.nullable(),
  /** Scan: counts of what was found. */
  scan: z
    .object({ total: z.number().int(), dicom: z.number().int(), nonDicom: z.number().int(), errors: z.number().int(), images: z.number().int() })
    .nullable(),
  /** De-identify: the run summary (written, withheld, failed with reasons). */
  summary: RunSummarySchema.nullable(),
  /** Verify: what the check found. */
  verify: VerifyViewSchema.nullable(),
});
