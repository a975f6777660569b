/**
 * The one declaration of the app's IPC/HTTP contract: every channel's request and response
 * schema, and every event's payload. The Electron main process validates requests at the IPC
 * boundary, `serve` validates them at HTTP, and the renderer and preload are typed from here.
 * Every response travels in the envelope `{ ok: true, value } | { ok: false, error }`.
 *
 * Rule: the renderer never sends a filesystem path. Paths are chosen in the main process (native
 * dialog, or the browse API limited to `--root` folders) and the renderer holds opaque ids.
 */
import { z } from 'zod';
import type { ChannelName, EventName } from './channelNames';
import {
  CancelledSchema,
  DestinationSchema,
  EmptySchema,
  FileIdSchema,
  FolderIdSchema,
  ImageIdSchema,
  JobIdSchema,
  JobProgressSchema,
  JobViewSchema,
  OptionCodeSchema,
  ProjectInfoSchema,
  ProjectSettingsSchema,
  RectIdSchema,
} from './schemas/common';
import { BoxSchema, ExportKindSchema, HeaderPreviewSchema, MarkDoneTargetSchema, PropagateScopeSchema, RectViewSchema } from './schemas/review';
import {
  AsWrittenFrameSchema,
  BrowseEntrySchema,
  BrowseListingSchema,
  FrameOverlaysSchema,
  FrameSchema,
  ImageInfoSchema,
  OpenFolderSchema,
  OpenSourceSchema,
  PixelFormatSchema,
  RecentFolderSchema,
  StudyTreeSchema,
  TreeFilterSchema,
} from './schemas/study';
import { PIXEL_VERDICT_ACTIONS, type PixelVerdictAction } from '../pixelVerdict';

/** A channel: the request the renderer sends and the value the main process answers with. */
interface ChannelSchema {
  request: z.ZodType;
  response: z.ZodType;
}

const ProjectNameSchema = z.string().trim().min(1).max(100);

/** Which list of pixel text a term is on. */
const TermListSchema = z.enum(['allow', 'deny']);
/** How a term is compared: a word or phrase, or a regular expression. */
const TermKindSchema = z.enum(['word', 'regex']);
/** A term of a project's allow or deny list, with when it was added. */
const PixelTermViewSchema = z.object({ list: TermListSchema, kind: TermKindSchema, term: z.string(), createdAt: z.string() });

/** A file of the folder the run will not write, named (relative to the folder) with its reason. */
const SkippedFileSchema = z.object({
  path: z.string(),
  kind: z.enum(['non-dicom', 'dicomdir', 'error']),
  reason: z.string(),
});

/** Every request channel. Names are camelCase so the preload exposes them as methods. */
export const CONTRACT = {
  /** Version, database file, reviewer, mode, current project and open folder. */
  appInfo: {
    request: EmptySchema,
    response: z.object({
      version: z.string(),
      /** `electron` (native dialogs) or `browser` (serve: browse API, no dialogs). */
      mode: z.enum(['electron', 'browser']),
      dbPath: z.string(),
      /** The reviewer recorded with each decision; null until they named themselves (asked on first use). */
      reviewer: z.string().nullable(),
      project: ProjectInfoSchema,
      openFolder: OpenFolderSchema.nullable(),
      sampleAvailable: z.boolean(),
      /** True in browser mode when `--root` folders were given (browse API usable). */
      browseAvailable: z.boolean(),
      /** False when this session cannot read burned-in text (images that need it are withheld). */
      ocrAvailable: z.boolean(),
      /** The CID 7050 options this build implements (a project may hold only these). */
      implementedOptions: z.array(OptionCodeSchema),
    }),
  },
  /** Names the reviewer recorded with every decision from now on. */
  appSetReviewer: {
    request: z.strictObject({ name: z.string().trim().min(1).max(64) }),
    response: z.object({ reviewer: z.string() }),
  },

  projectsList: {
    request: EmptySchema,
    response: z.object({ projects: z.array(ProjectInfoSchema), current: z.string() }),
  },
  /** Creates a project (refused when the name exists) and makes it current. */
  projectsCreate: {
    request: z.strictObject({ name: ProjectNameSchema, settings: ProjectSettingsSchema.default({}) }),
    response: ProjectInfoSchema,
  },
  /** Makes a project current (subject ids of the open folder are assigned in it). */
  projectsSelect: {
    request: z.strictObject({ name: ProjectNameSchema }),
    response: ProjectInfoSchema,
  },
  /** Changes prefix/width/options (new ids only; existing ids never change). */
  projectsUpdate: {
    request: z.strictObject({ name: ProjectNameSchema, settings: ProjectSettingsSchema }),
    response: ProjectInfoSchema,
  },
  /** Imports pre-assigned `subj,MRN` rows into the current project; the file is picked main-side. */
  projectsImportSubjects: {
    request: z.strictObject({
      source: z.discriminatedUnion('via', [
        z.strictObject({ via: z.literal('dialog') }),
        z.strictObject({ via: z.literal('browse'), fileId: FileIdSchema }),
      ]),
    }),
    response: z.union([CancelledSchema, z.object({ added: z.number().int(), unchanged: z.number().int() })]),
  },
  /** The current project's allow and deny lists of pixel text (the lists the CLI's allowlist/denylist keep). */
  pixelTermsList: {
    request: EmptySchema,
    response: z.object({ project: z.string(), terms: z.array(PixelTermViewSchema) }),
  },
  /**
   * Adds a term to a list of the current project: `allow` keeps text it explains, `deny` always
   * burns it. Refused with the list's own codes (`TERM_EMPTY`, `TERM_TOO_BROAD`, …).
   */
  pixelTermsAdd: {
    request: z.strictObject({ list: TermListSchema, kind: TermKindSchema.default('word'), term: z.string().min(1).max(4000) }),
    response: z.object({ added: z.boolean(), term: PixelTermViewSchema }),
  },
  /** Removes a term from a list of the current project (`NOT_FOUND` when it is not on it). */
  pixelTermsRemove: {
    request: z.strictObject({ list: TermListSchema, kind: TermKindSchema, term: z.string().min(1).max(4000) }),
    response: z.object({ removed: z.literal(true) }),
  },

  /** Browser mode: the `--root` folders (empty in Electron, which uses native dialogs). */
  browseRoots: {
    request: EmptySchema,
    response: z.object({ roots: z.array(BrowseEntrySchema) }),
  },
  /** Lists subfolders (and, with `files: 'csv'`, CSV files) of a browsable folder. */
  browseList: {
    request: z.strictObject({ folderId: FolderIdSchema, files: z.enum(['none', 'csv']).default('none') }),
    response: BrowseListingSchema,
  },
  /** Creates a subfolder (e.g. an output folder) inside a browsable folder. */
  browseCreateFolder: {
    request: z.strictObject({
      parentId: FolderIdSchema,
      name: z.string().min(1).max(128).regex(/^[^/\\:*?"<>|\0]+$/).refine((n) => n !== '.' && n !== '..', 'not a folder name'),
    }),
    response: BrowseEntrySchema,
  },

  studiesRecent: {
    request: EmptySchema,
    response: z.object({ folders: z.array(RecentFolderSchema), sampleAvailable: z.boolean() }),
  },
  /** Opens a study folder and starts its scan job (then OCR, when available). */
  studiesOpen: {
    request: z.strictObject({ source: OpenSourceSchema }),
    response: z.union([CancelledSchema, z.object({ folder: OpenFolderSchema, jobId: JobIdSchema })]),
  },
  /** The tree of the open folder (patients → studies → series → instances), filtered. */
  studiesTree: {
    request: z.strictObject({ folderId: FolderIdSchema, filter: TreeFilterSchema.default({ unreviewedOnly: false, hasProposals: false, withheld: false }) }),
    response: StudyTreeSchema,
  },

  imagesInfo: {
    request: z.strictObject({ imageId: ImageIdSchema }),
    response: ImageInfoSchema,
  },
  /**
   * One frame, decoded main-side (no codec runs in the renderer). `format` asks for a pixel
   * format; colour images always come back as `rgba8`. Over HTTP the pixels are the binary body.
   */
  imagesFrame: {
    request: z.strictObject({ imageId: ImageIdSchema, frame: z.number().int().min(0), format: PixelFormatSchema.default('gray8') }),
    response: FrameSchema,
  },
  /**
   * The overlay planes (60xx) to draw over a frame, at their origin: Overlay Data planes (a
   * one-frame overlay on every frame) and overlays kept in Pixel Data bits of that frame.
   */
  imagesOverlays: {
    request: z.strictObject({ imageId: ImageIdSchema, frame: z.number().int().min(0) }),
    response: FrameOverlaysSchema,
  },
  /** The header attributes de-identification will change, computed by the real rewriter (dry run). */
  imagesHeaderPreview: {
    request: z.strictObject({ imageId: ImageIdSchema }),
    response: HeaderPreviewSchema,
  },
  /**
   * One frame as the writer will write it (As-written view, key V): computed by the writer's own
   * burning and overlay functions from the plan and verdict the run would use now. Over HTTP the
   * pixels are the binary body. `NOT_WRITTEN` when the verdict writes no pixels (withheld, still
   * to be read, no Pixel Data).
   */
  imagesAsWritten: {
    request: z.strictObject({ imageId: ImageIdSchema, frame: z.number().int().min(0), format: PixelFormatSchema.default('gray16') }),
    response: AsWrittenFrameSchema,
  },
  /** The overlay planes the written file keeps on a frame (with boxes cleared); removed groups are absent. */
  imagesAsWrittenOverlays: {
    request: z.strictObject({ imageId: ImageIdSchema, frame: z.number().int().min(0) }),
    response: FrameOverlaysSchema,
  },
  reviewMarkDone: {
    request: z.strictObject({ target: MarkDoneTargetSchema, done: z.boolean() }),
    response: z.object({ updated: z.number().int() }),
  },

  rectsList: {
    request: z.strictObject({ imageId: ImageIdSchema }),
    response: z.object({ rects: z.array(RectViewSchema) }),
  },
  /**
   * Approves, rejects or resets boxes (several at once: "approve all in image"). `unflagged` puts
   * OCR text the rules never flagged back as it was (undo of a decision on it); other boxes are
   * refused with `INVALID_REQUEST`.
   */
  rectsDecide: {
    request: z.strictObject({ rectIds: z.array(RectIdSchema).min(1).max(10000), status: z.enum(['approved', 'rejected', 'proposed', 'unflagged']) }),
    response: z.object({ rects: z.array(RectViewSchema) }),
  },
  /** Draws a manual box (approved: the reviewer drew it to be burned). */
  rectsCreate: {
    request: z.strictObject({
      imageId: ImageIdSchema,
      frame: z.number().int().min(0).nullable(),
      plane: z.enum(['frame', 'overlay']).default('frame'),
      overlayGroup: z.number().int().min(0x6000).max(0x601e).nullable().default(null),
      box: BoxSchema,
      note: z.string().max(200).optional(),
    }),
    response: RectViewSchema,
  },
  /** Moves/resizes a manual or rule box (`RECT_READ_ONLY` for OCR boxes). */
  rectsMove: {
    request: z.strictObject({ rectId: RectIdSchema, box: BoxSchema }),
    response: RectViewSchema,
  },
  /** Deletes a manual or rule box (`RECT_READ_ONLY` for OCR boxes: reject them). */
  rectsDelete: {
    request: z.strictObject({ rectId: RectIdSchema }),
    response: z.object({ rectId: RectIdSchema }),
  },
  /** Copies a box as proposed rule boxes; images already holding the same box are skipped. */
  rectsPropagate: {
    request: z.strictObject({ rectId: RectIdSchema, scope: PropagateScopeSchema }),
    /**
     * `rectIds`: the boxes created (so the copy can be undone). `reopened`: images marked done that
     * gained a box; their done mark was cleared (they need review again).
     */
    response: z.object({ created: z.number().int(), images: z.number().int(), skipped: z.number().int(), rectIds: z.array(RectIdSchema), reopened: z.array(ImageIdSchema) }),
  },

  jobsList: {
    request: EmptySchema,
    response: z.object({ jobs: z.array(JobViewSchema) }),
  },
  jobsCancel: {
    request: z.strictObject({ jobId: JobIdSchema }),
    response: z.object({ cancelled: z.boolean() }),
  },
  /** Re-runs an interrupted job with the same inputs (scan skips unchanged files, de-identify skips identical outputs). */
  jobsResume: {
    request: z.strictObject({ jobId: JobIdSchema }),
    response: z.object({ jobId: JobIdSchema }),
  },
  /** Starts the OCR job on the open folder (`UNAVAILABLE` until the pixel pipeline is wired). */
  ocrStart: {
    request: z.strictObject({ folderId: FolderIdSchema }),
    response: z.object({ jobId: JobIdSchema }),
  },

  /**
   * Starts the verify pass over a de-identified tree: the output of a finished de-identify job, or a
   * folder from the browse API. What it finds arrives with `jobFinished` (`verify`).
   */
  verifyStart: {
    request: z.strictObject({
      source: z.discriminatedUnion('via', [
        z.strictObject({ via: z.literal('job'), jobId: JobIdSchema }),
        z.strictObject({ via: z.literal('browse'), folderId: FolderIdSchema }),
      ]),
    }),
    response: z.object({ jobId: JobIdSchema }),
  },
  /** What de-identifying the folder now would do, for the confirmation dialog. */
  deidentifyPrepare: {
    request: z.strictObject({ folderId: FolderIdSchema }),
    response: z.object({
      project: z.string(),
      options: z.array(OptionCodeSchema),
      files: z.number().int(),
      images: z.number().int(),
      /** Proposed boxes nobody decided: they will be burned (fail closed). */
      unreviewedProposals: z.number().int(),
      imagesNotDone: z.number().int(),
      /** Images that would be withheld now (pixels not cleaned). */
      withheld: z.number().int(),
      /** Images by pixel verdict (`read`: still to be read; the run reads them first). */
      pixels: z.object(Object.fromEntries(PIXEL_VERDICT_ACTIONS.map((a) => [a, z.number().int()])) as Record<PixelVerdictAction, z.ZodNumber>),
      /** Every file the run will not write (not DICOM, empty, unreadable), by name with its reason. */
      skipped: z.array(SkippedFileSchema),
    }),
  },
  /** Starts de-identification into a folder picked main-side; the summary arrives with `jobFinished`. */
  deidentifyStart: {
    request: z.strictObject({
      folderId: FolderIdSchema,
      output: z.discriminatedUnion('via', [
        z.strictObject({ via: z.literal('dialog') }),
        z.strictObject({ via: z.literal('browse'), folderId: FolderIdSchema }),
      ]),
      allowUncleaned: z.boolean().default(false),
      overwrite: z.boolean().default(false),
    }),
    response: z.union([CancelledSchema, z.object({ jobId: JobIdSchema, outputDisplayPath: z.string() })]),
  },
  /** Writes an export to a main-chosen file; returns where (for display) and how many rows. */
  exportsWrite: {
    request: z.strictObject({ kind: ExportKindSchema, folderId: FolderIdSchema.optional(), destination: DestinationSchema }),
    response: z.union([CancelledSchema, z.object({ kind: ExportKindSchema, displayPath: z.string(), rows: z.number().int() })]),
  },
  /** Opens a finished de-identify job's output folder (Electron); in browser mode reports the path only. */
  outputOpen: {
    request: z.strictObject({ jobId: JobIdSchema }),
    response: z.object({ opened: z.boolean(), displayPath: z.string() }),
  },
  /**
   * Would the run accept this output folder for this study folder? Asked by the picker the moment
   * a folder is picked; the answer is the run plan's own path check (`problem` null when accepted).
   */
  deidentifyCheckOutput: {
    request: z.strictObject({ folderId: FolderIdSchema, outputId: FolderIdSchema }),
    response: z.object({ problem: z.object({ code: z.string(), message: z.string() }).nullable() }),
  },
} as const satisfies Record<ChannelName, ChannelSchema>;

/** Every event the main process pushes. */
export const EVENTS = {
  /** Progress of a running job, at most ~10 per second per job (the last one always sent). */
  jobProgress: JobProgressSchema,
  /** A job finished (done, failed, cancelled); de-identify jobs carry their summary. */
  jobFinished: JobViewSchema,
  /** The tree of a folder changed (scan finished, OCR wrote boxes, project switched): refetch it. */
  studyChanged: z.object({ folderId: FolderIdSchema }),
  /** The boxes of an image changed outside the renderer's own calls (OCR, propagation). */
  rectsChanged: z.object({ imageIds: z.array(ImageIdSchema) }),
} as const satisfies Record<EventName, z.ZodType>;
