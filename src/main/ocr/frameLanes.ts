/**
 * The frames of one image in lanes, so a long cine keeps every engine of the pool busy: the
 * frames are cut into contiguous runs, one per lane, each run taken in order (the finder reads a
 * frame in the areas of what the frame before it showed), the lanes at once. A short image is
 * one lane: the cut would cost more whole-frame reads than it saves.
 */
import { availableParallelism } from 'node:os';

/** Fewest frames a lane gets: below this the image is not cut. */
const MIN_FRAMES_PER_LANE = 8;

/** The lanes an image's frames run in by default: one per core, as the engine pools are sized. */
export function defaultFrameLanes(): number {
  return availableParallelism();
}

/** `items` cut into at most `lanes` contiguous runs of at least {@link MIN_FRAMES_PER_LANE}, in order. */
function cutIntoLanes<T>(items: readonly T[], lanes: number): T[][] {
  const count = Math.max(1, Math.min(Math.floor(lanes), Math.floor(items.length / MIN_FRAMES_PER_LANE)));
  const out: T[][] = [];
  for (let k = 0; k < count; k++) out.push(items.slice(Math.floor((k * items.length) / count), Math.floor(((k + 1) * items.length) / count)));
  return out;
}

/**
 * Runs `fn` over `items`, each lane's items in order and the lanes at once (`lane` says which, for
 * state a lane carries from one item to the next). After the first failure (an abort, a frame that
 * cannot be decoded) no lane starts another item; it rejects with that error once every lane has
 * stopped, so no engine call outlives it.
 */
export async function runInLanes<T>(items: readonly T[], lanes: number, fn: (item: T, lane: number) => Promise<void>): Promise<void> {
  let failure: { error: unknown } | undefined;
  await Promise.all(cutIntoLanes(items, lanes).map(async (run, lane) => {
    for (const item of run) {
      if (failure) return;
      try {
        await fn(item, lane);
      } catch (error) {
        failure ??= { error };
      }
    }
  }));
  if (failure) throw failure.error;
}
