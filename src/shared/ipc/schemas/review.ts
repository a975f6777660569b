import { z } from 'zod';
import { ImageIdSchema, OptionCodeSchema, RectIdSchema, SeriesIdSchema } from './common';
import { PixelVerdictSchema } from './study';

/** Where a box came from. */
const RectSourceSchema = z.enum(['ocr', 'manual', 'rule']);
/** A box's review state: burned unless `rejected`; `unflagged` OCR text stays unless approved. */
const RectStatusSchema = z.enum(['proposed', 'approved', 'rejected', 'unflagged']);

/** A box in image coordinates (pixels of the frame, or of the overlay plane). */
export const BoxSchema = z.strictObject({
  x: z.number().int().min(0).max(65535),
  y: z.number().int().min(0).max(65535),
  w: z.number().int().min(1).max(65535),
  h: z.number().int().min(1).max(65535),
});

/** A stored box as the viewer shows it. */
export const RectViewSchema = z.object({
  rectId: RectIdSchema,
  imageId: ImageIdSchema,
  plane: z.enum(['frame', 'overlay']),
  overlayGroup: z.number().int().nullable(),
  /** 0-based frame; null = every frame. */
  frame: z.number().int().nullable(),
  x: z.number().int(),
  y: z.number().int(),
  w: z.number().int(),
  h: z.number().int(),
  text: z.string().nullable(),
  confidence: z.number().nullable(),
  source: RectSourceSchema,
  status: RectStatusSchema,
  /** Which identifier or pattern matched, or why the box was drawn/propagated. */
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

/** Where a box is copied to, as rule boxes for review. */
export const PropagateScopeSchema = z.enum([
  /** The same image, every frame (frame = null). */
  'allFrames',
  /** Every image of the same series. */
  'series',
  /** Every image of the open folder with the same Manufacturer, model, Rows and Columns. */
  'sameDevice',
]);

/** One attribute the de-identification will change. */
const HeaderChangeSchema = z.object({
  /** `(gggg,eeee)`, with the sequence path for nested ones: `(0008,1140)[0].(0008,1155)`. */
  tagPath: z.string(),
  /** Keyword of the innermost attribute, or `Private` / `Unknown`. */
  keyword: z.string(),
  vr: z.string(),
  change: z.enum(['replaced', 'removed', 'emptied', 'added']),
  /** Decoded value before (binary values as `<N bytes>`); null when added. */
  before: z.string().nullable(),
  /** Decoded value after; null when removed. */
  after: z.string().nullable(),
});

/** The header preview of one image. */
export const HeaderPreviewSchema = z.object({
  imageId: ImageIdSchema,
  subjectId: z.string(),
  ctDate: z.string(),
  /** The new PatientName: `<subj>_<CT_date>`. */
  patientName: z.string(),
  options: z.array(OptionCodeSchema),
  changes: z.array(HeaderChangeSchema),
  /** Attributes kept as they are. */
  unchangedCount: z.number().int(),
  /** What the run would do with the file; `read-first`: its pixels are read before it is written or withheld. */
  outcome: z.object({ status: z.enum(['written', 'withheld', 'failed', 'read-first']), reason: z.string().nullable() }),
  /** The pixel verdict the preview was written with. */
  verdict: PixelVerdictSchema,
});

/** Mark images done (or not): a list of images, or every image of a series. */
export const MarkDoneTargetSchema = z.union([
  z.strictObject({ imageIds: z.array(ImageIdSchema).min(1).max(10000) }),
  z.strictObject({ seriesId: SeriesIdSchema }),
]);

/** What an export writes. */
export const ExportKindSchema = z.enum([
  /** subj,MRN,CT_date of the current project (cumulative). */
  'mapping',
  /** Indexed headers of the open folder. */
  'metadata',
  /** Every box of the open folder: file, frame, box, text, status, reason. */
  'ocrText',
  /** Every box decision of the open folder: who, when, what, image. */
  'audit',
]);
