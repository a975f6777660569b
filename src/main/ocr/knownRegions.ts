/**
 * Frames as a sequence: the text regions found on one frame of a cine are checked on the next
 * without looking at the whole frame again.
 *
 * The frames of a cine carry their annotations in the same places while the picture behind them
 * moves. Once the detector has looked at a whole frame, the next one is read this way:
 *
 * 1. every region found on the last frame is widened ({@link widen}: two text heights on every
 *    side) and those areas are painted out in a copy of the frame (a ramp along each row);
 * 2. the text gate (`pixels/textGate.ts`) looks at that copy: when it clears it, there is no run of
 *    text-like strokes anywhere outside the areas, so any text of this frame lies inside them;
 * 3. each area is cut out of the frame's views and goes through the detector and the reader on its
 *    own (small pictures, read at the detector's magnification);
 * 4. a region found touching the edge of its area where the area does not end at the frame's edge
 *    may run on outside it: the frame is then read whole, as is any frame whose copy the gate does
 *    not clear.
 *
 * So a frame read this way had the same two looks as one read whole: the gate over all of it (its
 * recall is tested on every text fixture) and the detector wherever the gate could not rule text
 * out. The verify pass still checks every written frame on its own (`verifyText.ts`).
 */
import type { DecodedFrame } from '../pixels/decodedFrame';
import { textGate } from '../pixels/textGate';
import { boxIntersection, type Box } from './grayImage';
import { clipBox, cropUpright } from './textImage';
import type { TextImage } from './textEngines';
import { findText, type FindEngines, type FindOptions, type FoundText, type JudgeLine } from './textFinder';

/**
 * Where text was found last on a picture of a given size: the frames of one image, or the slices
 * of one series read as the frames of one cine. A hint only: whatever it says, a frame is read in
 * its areas only when the gate and the edge rule allow it ({@link findTextInKnownAreas}).
 */
export interface RegionSequence {
  /** The regions found last on a picture of this size (none yet: empty). */
  known(width: number, height: number): readonly Box[];
  /** Records the regions just found on a picture of this size. */
  found(width: number, height: number, regions: readonly Box[]): void;
}

/** A sequence that remembers the last regions of one picture size (one per series: flat memory). */
export function createRegionSequence(): RegionSequence {
  let last: { width: number; height: number; regions: readonly Box[] } | undefined;
  return {
    known: (width, height) => (last && last.width === width && last.height === height ? last.regions : []),
    found(width, height, regions) {
      last = { width, height, regions: regions.map((r) => ({ x: r.x, y: r.y, w: r.w, h: r.h })) };
    },
  };
}

/** Pixels a found region may be within of its area's edge before it is taken to run on outside. */
const EDGE = 1;

/**
 * A found region widened to the area in which its text may be found on the next frame: two
 * stroke-lengths (its thickness: the height of a horizontal line, the width of a vertical one) on
 * every side, so a line may grow by a few characters either way; clamped to the frame.
 */
function widen(box: Box, width: number, height: number): Box | null {
  const t = 2 * Math.max(4, Math.min(box.h, box.w));
  return clipBox({ x: box.x - t, y: box.y - t, w: box.w + 2 * t, h: box.h + 2 * t }, width, height);
}

/** The widened areas of `regions`, overlapping ones joined into their bounding box. */
function knownAreas(regions: readonly Box[], width: number, height: number): Box[] {
  let areas = regions.map((r) => widen(r, width, height)).filter((a): a is Box => a !== null);
  for (let joined = true; joined;) {
    joined = false;
    const out: Box[] = [];
    for (const a of areas) {
      const i = out.findIndex((b) => boxIntersection(a, b) > 0);
      if (i < 0) {
        out.push(a);
        continue;
      }
      const b = out[i];
      const x0 = Math.min(a.x, b.x);
      const y0 = Math.min(a.y, b.y);
      out[i] = { x: x0, y: y0, w: Math.max(a.x + a.w, b.x + b.w) - x0, h: Math.max(a.y + a.h, b.y + b.h) - y0 };
      joined = true;
    }
    areas = out;
  }
  return areas;
}

/**
 * A copy of `frame` with every area painted out, row by row, with a straight ramp from the sample
 * left of it to the sample right of it (per channel): the gate scans along rows, and a ramp that
 * meets the pixels on both sides adds no edge of its own, where a flat fill would add one at each
 * side of every row.
 */
function paintAreas(frame: DecodedFrame, areas: readonly Box[]): DecodedFrame {
  const data = frame.data.slice();
  const spp = frame.samplesPerPixel;
  const row = frame.width * spp;
  for (const a of areas) {
    for (let y = a.y; y < a.y + a.h; y++) {
      for (let c = 0; c < spp; c++) {
        const first = y * row + a.x * spp + c;
        const hasLeft = a.x > 0;
        const hasRight = a.x + a.w < frame.width;
        const left = hasLeft ? data[first - spp] : hasRight ? data[first + a.w * spp] : 0;
        const right = hasRight ? data[first + a.w * spp] : left;
        for (let i = 0; i < a.w; i++) data[first + i * spp] = left + ((right - left) * (i + 1)) / (a.w + 1);
      }
    }
  }
  return { ...frame, data };
}

/** True when `found` (area pixels) reaches an edge of `area` that is not an edge of the frame. */
function runsOn(found: Box, area: Box, width: number, height: number): boolean {
  return (found.x <= EDGE && area.x > 0)
    || (found.y <= EDGE && area.y > 0)
    || (found.x + found.w >= area.w - EDGE && area.x + area.w < width)
    || (found.y + found.h >= area.h - EDGE && area.y + area.h < height);
}

/**
 * The text of `frame` (seen through `views`, all its size) read in the areas of the regions found on
 * an earlier frame of the same picture, or undefined when it must be read whole: the gate does not
 * clear the frame with those areas painted out, or a region found runs on past its area.
 */
export async function findTextInKnownAreas(
  frame: DecodedFrame,
  views: readonly TextImage[],
  known: readonly Box[],
  engines: FindEngines,
  judge: JudgeLine,
  opts: FindOptions = {},
): Promise<FoundText[] | undefined> {
  const { width, height } = frame;
  if (known.length === 0 || views.some((v) => v.width !== width || v.height !== height)) return undefined;
  const areas = knownAreas(known, width, height);
  if (!textGate(paintAreas(frame, areas)).clear) return undefined;
  const out: FoundText[] = [];
  for (const area of areas) {
    const found = await findText(views.map((v) => cropUpright(v, area, 0)), engines, judge, opts);
    if (found.some((t) => runsOn(t, area, width, height))) return undefined;
    for (const t of found) out.push({ ...t, x: t.x + area.x, y: t.y + area.y });
  }
  return out;
}
