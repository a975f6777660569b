/**
 * The study tree as a flat review order (patient, study, series, instance as listed), and the
 * moves the keyboard makes through it: next/previous image, next unreviewed image.
 */
import type { ChannelResponse } from '../../shared/ipc/api';

/** The study tree the main process sends. */
export type StudyTree = ChannelResponse<'studiesTree'>;
/** One patient of the tree. */
type TreePatient = StudyTree['patients'][number];
/** One series of the tree. */
export type TreeSeries = TreePatient['studies'][number]['series'][number];
/** One instance of the tree. */
export type TreeInstance = TreeSeries['instances'][number];

/** An image in review order, with where it sits. */
export interface OrderedImage {
  imageId: string;
  seriesId: string;
  frames: number;
  done: boolean;
  proposed: number;
  instance: TreeInstance;
  series: TreeSeries;
  patient: TreePatient;
  ctDate: string;
}

/** Every instance with pixels, in the order the tree lists them. */
export function reviewOrder(tree: StudyTree): OrderedImage[] {
  const out: OrderedImage[] = [];
  for (const patient of tree.patients) {
    for (const study of patient.studies) {
      for (const series of study.series) {
        for (const instance of series.instances) {
          if (!instance.hasPixels) continue;
          out.push({
            imageId: instance.imageId,
            seriesId: series.seriesId,
            frames: Math.max(1, instance.frames),
            done: instance.done,
            proposed: instance.boxes.proposed,
            instance,
            series,
            patient,
            ctDate: study.ctDate,
          });
        }
      }
    }
  }
  return out;
}

/** The image `delta` steps from `current` (clamped to the ends); the first image when none is current. */
export function stepImage(order: readonly OrderedImage[], current: string | null, delta: number): OrderedImage | null {
  if (order.length === 0) return null;
  const index = current === null ? -1 : order.findIndex((o) => o.imageId === current);
  if (index < 0) return order[0];
  return order[Math.min(order.length - 1, Math.max(0, index + delta))];
}

/** The image `delta` steps from `current` within its own series (the wheel's slice step); null at the series' ends. */
export function stepInSeries(order: readonly OrderedImage[], current: string | null, delta: number): OrderedImage | null {
  const index = current === null ? -1 : order.findIndex((o) => o.imageId === current);
  if (index < 0) return null;
  const next = order[index + delta];
  return next !== undefined && next.seriesId === order[index].seriesId ? next : null;
}

/**
 * The next image not marked done after `current`, wrapping round to the start; null when every
 * image is done (`current` itself counts only after the others).
 */
export function nextUnreviewed(order: readonly OrderedImage[], current: string | null): OrderedImage | null {
  const start = current === null ? -1 : order.findIndex((o) => o.imageId === current);
  for (let k = 1; k <= order.length; k++) {
    const candidate = order[(start + k + order.length) % order.length];
    if (!candidate.done) return candidate;
  }
  return null;
}

/** Formats a DICOM date (YYYYMMDD) as YYYY-MM-DD; other text is returned as is. */
export function formatDicomDate(date: string | null): string {
  if (date === null || date === '') return '—';
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : date;
}
