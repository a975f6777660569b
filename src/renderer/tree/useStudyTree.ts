/**
 * The study tree of the open folder: fetched with the current filters, refetched when the main
 * process says the folder changed (scan, OCR, project switch) and, debounced, after the reviewer's
 * own changes so the counts follow.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeidApi } from '../../shared/ipc/api';
import { callApi, describeError } from '../transport/callApi';
import type { TreeFilter } from './StudyTree';
import type { StudyTree } from './treeOrder';

/** The tree and how to steer it. */
interface StudyTreeState {
  tree: StudyTree | null;
  filter: TreeFilter;
  setFilter: (f: TreeFilter) => void;
  /** Refetches shortly (changes within the same short while cost one fetch). */
  refreshSoon: () => void;
  /** Marks an image done or not at once, before the refetch confirms it. */
  patchDone: (imageId: string, done: boolean) => void;
}

const NO_FILTER: TreeFilter = { unreviewedOnly: false, hasProposals: false, withheld: false };
const DEBOUNCE_MS = 400;

/** Sets one image's done flag in a tree, adjusting its series' done count. */
export function withDone(tree: StudyTree, imageId: string, done: boolean): StudyTree {
  return {
    ...tree,
    patients: tree.patients.map((p) => ({
      ...p,
      studies: p.studies.map((s) => ({
        ...s,
        series: s.series.map((se) => {
          const hit = se.instances.find((i) => i.imageId === imageId);
          if (hit === undefined || hit.done === done) return se;
          return {
            ...se,
            counts: { ...se.counts, done: se.counts.done + (done ? 1 : -1) },
            instances: se.instances.map((i) => (i.imageId === imageId ? { ...i, done } : i)),
          };
        }),
      })),
    })),
  };
}

/**
 * Keeps the tree of `folderId` current; see the module comment. A new `refreshKey` (reconnect,
 * another project) refetches it.
 */
export function useStudyTree(api: DeidApi, folderId: string, onError: (message: string) => void, refreshKey: string): StudyTreeState {
  const [tree, setTree] = useState<StudyTree | null>(null);
  const [filter, setFilter] = useState<TreeFilter>(NO_FILTER);
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let live = true;
    callApi(api, 'studiesTree', { folderId, filter }).then(
      (t) => live && setTree(t),
      (e: unknown) => live && onError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [api, folderId, filter, version, onError, refreshKey]);

  // A pending refetch is not pushed back by later changes, so a stream of events (OCR writing
  // boxes) still refreshes the counts every DEBOUNCE_MS rather than only when it stops.
  const refreshSoon = useCallback(() => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setVersion((v) => v + 1);
    }, DEBOUNCE_MS);
  }, []);

  useEffect(() => {
    const offStudy = api.on('studyChanged', (e) => {
      if (e.folderId === folderId) refreshSoon();
    });
    const offJob = api.on('jobFinished', (j) => {
      if (j.folderId === folderId || j.folderId === null) refreshSoon();
    });
    const offRects = api.on('rectsChanged', () => refreshSoon());
    return () => {
      offStudy();
      offJob();
      offRects();
      if (timer.current !== null) clearTimeout(timer.current);
    };
  }, [api, folderId, refreshSoon]);

  const patchDone = useCallback((imageId: string, done: boolean) => {
    setTree((t) => (t === null ? t : withDone(t, imageId, done)));
  }, []);

  return { tree, filter, setFilter, refreshSoon, patchDone };
}
