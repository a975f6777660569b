import { z } from 'zod';
import {
  FileIdSchema,
  FolderIdSchema,
  ImageIdSchema,
  JobIdSchema,
  PatientIdSchema,
  RecentIdSchema,
  SeriesIdSchema,
  StudyIdSchema,
} from './common';
import { PIXEL_VERDICT_ACTIONS } from '../../pixelVerdict';

/** One entry of a browse listing (browser mode: only inside the `--root` folders). */
export const BrowseEntrySchema = z.object({
  id: z.union([FolderIdSchema, FileIdSchema]),
  kind: z.enum(['folder', 'file']),
  name: z.string(),
});

/** A browse listing of one folder. */
export const BrowseListingSchema = z.object({
  folderId: FolderIdSchema,
  name: z.string(),
  /** Shown to the user; never sent back. */
  displayPath: z.string(),
  /** Null at a root. */
  parentId: FolderIdSchema.nullable(),
  entries: z.array(BrowseEntrySchema),
});

/** A folder opened before. */
export const RecentFolderSchema = z.object({
  id: RecentIdSchema,
  name: z.string(),
  displayPath: z.string(),
  lastOpenedAt: z.string(),
  /** False when the folder is gone (or, in browser mode, outside the roots). */
  available: z.boolean(),
});

/** How to choose the study folder to open. */
export const OpenSourceSchema = z.discriminatedUnion('via', [
  z.strictObject({ via: z.literal('dialog') }),
  z.strictObject({ via: z.literal('browse'), folderId: FolderIdSchema }),
  z.strictObject({ via: z.literal('recent'), recentId: RecentIdSchema }),
  /** The bundled sample study (assets/sample-study). */
  z.strictObject({ via: z.literal('sample') }),
]);

/** The study folder currently open. */
export const OpenFolderSchema = z.object({
  folderId: FolderIdSchema,
  name: z.string(),
  displayPath: z.string(),
});

/** Tree filters; each narrows the images listed (series/studies/patients with none are dropped). */
export const TreeFilterSchema = z.strictObject({
  /** Images not marked done. */
  unreviewedOnly: z.boolean().default(false),
  /** Images with at least one proposed (undecided) box. */
  hasProposals: z.boolean().default(false),
  /** Images that would be withheld if de-identified now. */
  withheld: z.boolean().default(false),
});

/** Box counts by status. */
const BoxCountsSchema = z.object({
  proposed: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  /** OCR text that matched nothing (left in the pixels unless approved). */
  unflagged: z.number().int(),
});

/** OCR coverage of an image: `pending` = not read yet (or the file changed since). */
const OcrStateSchema = z.enum(['pending', 'done', 'failed', 'undecodable', 'not-image']);

/** The pixel verdict on an image: what de-identifying it now would do to its pixels, and why. */
export const PixelVerdictSchema = z.object({ action: z.enum(PIXEL_VERDICT_ACTIONS), reason: z.string() });

/** One instance (file) in the tree. */
export const TreeInstanceSchema = z.object({
  imageId: ImageIdSchema,
  /** The file's path inside the open folder (what tells two images of a series apart). */
  fileName: z.string(),
  /** The transfer syntax by name (`JPEG Baseline`), or null when the index has none. */
  transferSyntax: z.string().nullable(),
  instanceNumber: z.string().nullable(),
  frames: z.number().int(),
  rows: z.number().int().nullable(),
  columns: z.number().int().nullable(),
  hasPixels: z.boolean(),
  boxes: BoxCountsSchema,
  done: z.boolean(),
  ocr: OcrStateSchema,
  /** Why the pixels may hold burned-in text (BurnedInAnnotation, overlays); empty when none. */
  uncleaned: z.array(z.string()),
  /** Why this image would be withheld if de-identified now; null when it would be written. */
  withheldReason: z.string().nullable(),
  /** The pixel verdict (the same function the run's writer asks). */
  verdict: PixelVerdictSchema,
  /** Read-only (de-identified) trees: what the verify pass found on this image. */
  verify: z.object({ status: z.enum(['pending', 'clean', 'found', 'failed', 'not-run', 'not-written', 'changed']), reason: z.string() }).optional(),
});

/** One series in the tree. */
export const TreeSeriesSchema = z.object({
  seriesId: SeriesIdSchema,
  modality: z.string().nullable(),
  seriesNumber: z.string().nullable(),
  description: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  counts: z.object({
    instances: z.number().int(),
    images: z.number().int(),
    boxes: BoxCountsSchema,
    /** Images whose pixels may hold burned-in text and are not yet cleaned. */
    uncleaned: z.number().int(),
    /** Images marked done. */
    done: z.number().int(),
    withheld: z.number().int(),
  }),
  instances: z.array(TreeInstanceSchema),
});

/** One study in the tree. */
const TreeStudySchema = z.object({
  studyId: StudyIdSchema,
  /** Frozen CT date (YYYYMMDD); '' when the study has no date. */
  ctDate: z.string(),
  studyDate: z.string().nullable(),
  description: z.string().nullable(),
  /** The modalities of the study's series, sorted, each once. */
  modalities: z.array(z.string()),
  series: z.array(TreeSeriesSchema),
});

/** One patient in the tree. */
const TreePatientSchema = z.object({
  patientId: PatientIdSchema,
  /** The MRN (PatientID) as found; '' for files without one (keyed by study). */
  mrn: z.string(),
  patientName: z.string().nullable(),
  /** Subject id in the current project. */
  subjectId: z.string().nullable(),
  studies: z.array(TreeStudySchema),
});

/** The study tree of the open folder under the current project. */
export const StudyTreeSchema = z.object({
  folder: OpenFolderSchema,
  project: z.string(),
  patients: z.array(TreePatientSchema),
  totals: z.object({
    files: z.number().int(),
    images: z.number().int(),
    notDicom: z.number().int(),
    errors: z.number().int(),
    listed: z.number().int(),
  }),
  /** A scan or OCR job still running on this folder, if any. */
  runningJobId: JobIdSchema.nullable(),
  /**
   * Set when the folder is a de-identified tree (PatientIdentityRemoved YES), opened read-only:
   * `message` says so and who wrote it (runs of this database, or not this database).
   */
  readOnly: z
    .object({ message: z.string(), runIds: z.array(z.number().int()), identityRemoved: z.number().int(), recorded: z.number().int() })
    .optional(),
});

/** Window centre/width. */
const WindowSchema = z.object({ center: z.number(), width: z.number() });

/** What the viewer needs to know about an image before asking for frames. */
export const ImageInfoSchema = z.object({
  imageId: ImageIdSchema,
  seriesId: SeriesIdSchema.nullable(),
  rows: z.number().int(),
  columns: z.number().int(),
  frames: z.number().int(),
  samplesPerPixel: z.number().int(),
  photometric: z.string(),
  bitsStored: z.number().int(),
  signed: z.boolean(),
  rescale: z.object({ slope: z.number(), intercept: z.number() }),
  /** From the header, or computed from the first frame's range when it has none. */
  window: WindowSchema.nullable(),
  overlays: z.array(z.object({ group: z.number().int(), rows: z.number().int().nullable(), columns: z.number().int().nullable(), inPixelBits: z.boolean() })),
  modality: z.string().nullable(),
  instanceNumber: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  done: z.boolean(),
  ocr: OcrStateSchema,
});

/**
 * How frame pixels come back. `gray8`: windowed display values (0..255, MONOCHROME1 already
 * inverted); `gray16`: stored values (Uint16 or Int16 little endian per `signed`) plus rescale and
 * window, for the viewer to window itself; `rgba8`: colour, 4 bytes per pixel.
 */
export const PixelFormatSchema = z.enum(['gray8', 'gray16', 'rgba8']);

/** Raw bytes; over IPC an ArrayBuffer (structured clone), over HTTP the response body. */
const PixelBytesSchema = z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer, 'expected an ArrayBuffer');

/** One decoded frame. */
export const FrameSchema = z.object({
  imageId: ImageIdSchema,
  frame: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  format: PixelFormatSchema,
  signed: z.boolean(),
  rescale: z.object({ slope: z.number(), intercept: z.number() }),
  /** The window the gray8 values were made with, or the one to start from for gray16. */
  window: WindowSchema,
  /** Smallest and largest stored value of the frame (gray16) or 0/255. */
  minPixelValue: z.number(),
  maxPixelValue: z.number(),
  /** MONOCHROME1: low values are bright (already applied to gray8). */
  invert: z.boolean(),
  pixels: PixelBytesSchema,
});

/** One overlay plane (60xx) of a frame, in image pixels. */
const OverlayPlaneViewSchema = z.object({
  /** 0x6000 … 0x601E. */
  group: z.number().int().min(0x6000).max(0x601e),
  /** 1-based position of the plane's top-left pixel in the image (Overlay Origin). */
  originRow: z.number().int(),
  originColumn: z.number().int(),
  rows: z.number().int().min(0),
  columns: z.number().int().min(0),
  /** Base64 of the bits packed eight to a byte, first pixel in the lowest bit, row by row. */
  bits: z.string(),
});

/** The overlay planes of one frame. */
export const FrameOverlaysSchema = z.object({ imageId: ImageIdSchema, frame: z.number().int(), overlays: z.array(OverlayPlaneViewSchema) });

/**
 * A frame exactly as the writer will write it (the As-written view): the pixels with every box
 * the verdict burns burned, and what the writer does with the overlays, in the verdict's words.
 */
export const AsWrittenFrameSchema = FrameSchema.extend({
  asWritten: z.object({
    /** `redacted`: decoded, boxes burned, re-encoded; `copied`: the input's pixels as they are. */
    pixels: z.enum(['redacted', 'copied']),
    /** Boxes burned into this frame, and the pixels they filled. */
    boxes: z.number().int(),
    burnedPixels: z.number().int(),
    /** Overlay groups the output keeps (boxes cleared in them) and those it removes. */
    keptOverlayGroups: z.array(z.number().int()),
    removedOverlayGroups: z.array(z.number().int()),
    /** The verdict's reason, then what happens to the overlays: what is burned and what is kept. */
    summary: z.string(),
  }),
});
