/**
 * The boxes of the image under review and every change to them. Changes show at once
 * (optimistic) and are sent one after another, so the server applies them in the order the
 * reviewer made them (an undo followed at once by a new decision must not arrive reversed). An
 * answer only overwrites a box no later change is waiting on; a failure refetches the image's
 * boxes. A decision shows "pending" until the server confirms it; one the server did not take
 * goes back to the status the server holds, shows "not saved", and is sent again while the
 * server is unreachable (`decisionSaves`). Each change pushes its reversal on the undo history; boxes of recently seen images are
 * kept so going back is instant.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelResponse, DeidApi } from '../../shared/ipc/api';
import type { BoxRect } from '../viewer/boxGeometry';
import { callApi, describeError } from '../transport/callApi';
import { isRetryable, retryDelayMs, withSaveState } from './decisionSaves';
import type { SaveState } from './decisionSaves';
import { mergeListed } from './mergeListed';
import { UndoStack } from './undoStack';

/** A stored box as the main process describes it. */
export type RectView = ChannelResponse<'rectsList'>['rects'][number];
/** A decision the reviewer can make. */
export type Decision = 'approved' | 'rejected';

/** Everything the review screen does with boxes. */
interface ImageReview {
  rects: readonly RectView[];
  /** Boxes whose latest decision the server has not confirmed. */
  saves: ReadonlyMap<number, SaveState>;
  loading: boolean;
  decide: (rectIds: readonly number[], status: Decision) => void;
  create: (box: BoxRect, frame: number | null) => Promise<RectView | null>;
  move: (rectId: number, box: BoxRect) => void;
  remove: (rectId: number) => void;
  /** Records an undo entry for a change made elsewhere (marking done), with its redo when it has one. */
  pushUndo: (label: string, imageId: string, undo: () => Promise<void>, redo?: () => Promise<void>) => void;
  /** Reverses the latest change; resolves to what was undone, or null when nothing was left. */
  undo: () => Promise<{ label: string; imageId: string } | null>;
  /** Makes the latest undone change again; `redone` is false when that change cannot be redone. */
  redo: () => Promise<{ label: string; imageId: string; redone: boolean } | null>;
  reload: () => void;
}

const CACHE_LIMIT = 64;

/** Loads and edits the boxes of `imageId`; see the module comment. */
export function useImageReview(api: DeidApi, imageId: string | null, onError: (message: string) => void, epoch: number): ImageReview {
  const cache = useRef(new Map<string, RectView[]>());
  const undoStack = useRef(new UndoStack());
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(new Map<number, number>());
  const [rects, setRectsState] = useState<RectView[]>([]);
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const current = useRef<string | null>(imageId);
  current.current = imageId;
  const [saves, setSaves] = useState<ReadonlyMap<number, SaveState>>(new Map());
  // Per box: the generation of the latest decision sent, and the status the server holds while one is unconfirmed.
  const intent = useRef(new Map<number, number>());
  const serverStatus = useRef(new Map<number, RectView['status']>());
  const generation = useRef(0);
  const retryTimers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const timers = retryTimers.current;
    return () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    };
  }, []);

  // Writes boxes of an image to the cache, and to the screen when it is the image shown.
  const store = useCallback((image: string, next: RectView[]) => {
    cache.current.delete(image);
    cache.current.set(image, next);
    if (cache.current.size > CACHE_LIMIT) cache.current.delete(cache.current.keys().next().value as string);
    if (current.current === image) setRectsState(next);
  }, []);
  const rectsOf = (image: string): RectView[] => cache.current.get(image) ?? [];

  /** Sends a read after every earlier change was answered (a failed read changes nothing). */
  const afterChanges = useCallback(<T>(send: () => Promise<T>): Promise<T> => {
    const run = queue.current.then(send);
    queue.current = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }, []);

  useEffect(() => {
    if (imageId === null) {
      setRectsState([]);
      return;
    }
    let live = true;
    const cached = cache.current.get(imageId);
    setRectsState(cached ?? []);
    setLoading(cached === undefined);
    // Asked for only once every change sent so far was answered, so the list holds them all (a
    // box drawn while the OCR job was storing this image's boxes must not vanish from the screen).
    afterChanges(() => callApi(api, 'rectsList', { imageId })).then(
      (r) => {
        if (!live) return;
        store(imageId, mergeListed(r.rects, rectsOf(imageId), inFlight.current));
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setLoading(false);
        // An unreachable server is said once, by the connection banner, not by a toast per read.
        if (!isRetryable(e)) onError(describeError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [api, imageId, version, store, onError, epoch, afterChanges]);

  useEffect(
    () =>
      api.on('rectsChanged', ({ imageIds }) => {
        for (const id of imageIds) if (id !== current.current) cache.current.delete(id);
        if (current.current !== null && imageIds.includes(current.current)) setVersion((v) => v + 1);
      }),
    [api],
  );

  const track = (ids: readonly number[], delta: 1 | -1): void => {
    for (const id of ids) {
      const n = (inFlight.current.get(id) ?? 0) + delta;
      if (n <= 0) inFlight.current.delete(id);
      else inFlight.current.set(id, n);
    }
  };

  /** Sends after every earlier change was answered; on failure the image's boxes are refetched. */
  const serial = useCallback(<T>(ids: readonly number[], send: () => Promise<T>): Promise<T> => {
    track(ids, 1);
    const run = queue.current.then(send);
    queue.current = run.then(
      () => undefined,
      () => setVersion((v) => v + 1),
    );
    return run.finally(() => track(ids, -1));
  }, []);

  /** Applies the server's view of boxes that no later change is waiting on. */
  const settle = (image: string, changed: readonly RectView[]): void => {
    const byId = new Map(changed.filter((r) => !inFlight.current.has(r.rectId)).map((r) => [r.rectId, r]));
    if (byId.size > 0) store(image, rectsOf(image).map((r) => byId.get(r.rectId) ?? r));
  };

  const setStatus = useCallback(
    async (image: string, ids: readonly number[], status: RectView['status'], attempt = 0): Promise<void> => {
      const gen = ++generation.current;
      const chosen = new Set(ids);
      for (const r of rectsOf(image)) {
        if (!chosen.has(r.rectId)) continue;
        intent.current.set(r.rectId, gen);
        if (!serverStatus.current.has(r.rectId)) serverStatus.current.set(r.rectId, r.status);
      }
      store(image, rectsOf(image).map((r) => (chosen.has(r.rectId) ? { ...r, status } : r)));
      setSaves((m) => withSaveState(m, ids, 'pending'));
      const latest = (): number[] => ids.filter((id) => intent.current.get(id) === gen);
      try {
        const r = await serial(ids, () => callApi(api, 'rectsDecide', { rectIds: [...ids], status }));
        settle(image, r.rects);
        for (const id of ids) serverStatus.current.delete(id);
        // A later decision on a box keeps its own state; the server holds this one until it lands.
        for (const id of ids) if (intent.current.get(id) !== gen) serverStatus.current.set(id, status);
        setSaves((m) => withSaveState(m, latest(), null));
      } catch (e) {
        const mine = latest();
        if (mine.length === 0) return;
        const back = new Set(mine);
        store(image, rectsOf(image).map((r) => (back.has(r.rectId) ? { ...r, status: serverStatus.current.get(r.rectId) ?? r.status } : r)));
        if (!isRetryable(e)) {
          for (const id of mine) serverStatus.current.delete(id);
          setSaves((m) => withSaveState(m, mine, null));
          onError(`Decision not saved: ${describeError(e)}`);
          return;
        }
        setSaves((m) => withSaveState(m, mine, 'unsaved'));
        const timer = setTimeout(() => {
          retryTimers.current.delete(timer);
          const still = mine.filter((id) => intent.current.get(id) === gen);
          if (still.length > 0) void setStatus(image, still, status, attempt + 1);
        }, retryDelayMs(attempt));
        retryTimers.current.add(timer);
      }
    },
    [api, store, serial, onError],
  );

  const decide = useCallback(
    (ids: readonly number[], status: Decision) => {
      const image = current.current;
      if (image === null || ids.length === 0) return;
      const previous = rectsOf(image).filter((r) => ids.includes(r.rectId) && r.status !== status);
      if (previous.length === 0) return;
      undoStack.current.push({
        label: `${status === 'approved' ? 'approve' : 'reject'} ${previous.length === 1 ? 'box' : `${previous.length} boxes`}`,
        imageId: image,
        undo: async () => {
          for (const back of ['proposed', 'approved', 'rejected', 'unflagged'] as const) {
            // Each box goes back to the status it had (unflagged OCR text included).
            const group = previous.filter((r) => r.status === back).map((r) => r.rectId);
            if (group.length > 0) await setStatus(image, group, back);
          }
        },
        redo: () => setStatus(image, previous.map((r) => r.rectId), status),
      });
      void setStatus(image, previous.map((r) => r.rectId), status);
    },
    [setStatus],
  );

  const create = useCallback(
    async (box: BoxRect, frame: number | null): Promise<RectView | null> => {
      const image = current.current;
      if (image === null) return null;
      try {
        const made = await serial([], () => callApi(api, 'rectsCreate', { imageId: image, frame, box }));
        store(image, [...rectsOf(image), made]);
        undoStack.current.push({
          label: 'draw box',
          imageId: image,
          undo: async () => {
            store(image, rectsOf(image).filter((r) => r.rectId !== made.rectId));
            await serial([made.rectId], () => callApi(api, 'rectsDelete', { rectId: made.rectId }));
          },
        });
        return made;
      } catch (e) {
        onError(describeError(e));
        return null;
      }
    },
    [api, store, serial, onError],
  );

  const place = useCallback(
    async (image: string, rectId: number, box: BoxRect): Promise<void> => {
      store(image, rectsOf(image).map((r) => (r.rectId === rectId ? { ...r, ...box } : r)));
      settle(image, [await serial([rectId], () => callApi(api, 'rectsMove', { rectId, box }))]);
    },
    [api, store, serial],
  );

  const move = useCallback(
    (rectId: number, box: BoxRect) => {
      const image = current.current;
      const before = image === null ? undefined : rectsOf(image).find((r) => r.rectId === rectId);
      if (image === null || before === undefined) return;
      undoStack.current.push({
        label: 'move box',
        imageId: image,
        undo: () => place(image, rectId, { x: before.x, y: before.y, w: before.w, h: before.h }),
        redo: () => place(image, rectId, box),
      });
      place(image, rectId, box).catch((e: unknown) => onError(describeError(e)));
    },
    [place, onError],
  );

  const remove = useCallback(
    (rectId: number) => {
      const image = current.current;
      const gone = image === null ? undefined : rectsOf(image).find((r) => r.rectId === rectId);
      if (image === null || gone === undefined) return;
      store(image, rectsOf(image).filter((r) => r.rectId !== rectId));
      undoStack.current.push({
        label: 'delete box',
        imageId: image,
        // A deleted box comes back as a new manual box with the same geometry (the audit trail keeps both).
        undo: async () => {
          const made = await serial([], () =>
            callApi(api, 'rectsCreate', {
              imageId: image,
              frame: gone.frame,
              plane: gone.plane,
              overlayGroup: gone.overlayGroup,
              box: { x: gone.x, y: gone.y, w: gone.w, h: gone.h },
              note: 'restored by undo',
            }),
          );
          store(image, [...rectsOf(image), made]);
        },
      });
      serial([rectId], () => callApi(api, 'rectsDelete', { rectId })).catch((e: unknown) => onError(describeError(e)));
    },
    [api, store, serial, onError],
  );

  const pushUndo = useCallback((label: string, image: string, undo: () => Promise<void>, redo?: () => Promise<void>) => {
    undoStack.current.push({ label, imageId: image, undo, redo });
  }, []);

  const undo = useCallback(async (): Promise<{ label: string; imageId: string } | null> => {
    const entry = undoStack.current.pop();
    if (entry === undefined) return null;
    // Redoable from the key press on: a redo pressed before the server answered must find it.
    undoStack.current.undone(entry);
    await entry.undo();
    return { label: entry.label, imageId: entry.imageId };
  }, []);

  const redo = useCallback(async (): Promise<{ label: string; imageId: string; redone: boolean } | null> => {
    const entry = undoStack.current.popRedo();
    if (entry === undefined) return null;
    if (entry.redo === undefined) return { label: entry.label, imageId: entry.imageId, redone: false };
    undoStack.current.redone(entry);
    await entry.redo();
    return { label: entry.label, imageId: entry.imageId, redone: true };
  }, []);

  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return { rects, saves, loading, decide, create, move, remove, pushUndo, undo, redo, reload };
}
