/**
 * The overlay planes (60xx) of the frame under review, asked of the main process once per frame
 * and kept for recently seen frames. `key` says which frame the planes belong to, so the viewer
 * never draws one frame's overlay over another.
 */
import { useEffect, useRef, useState } from 'react';
import type { DeidApi } from '../../shared/ipc/api';
import { callApi, describeError } from '../transport/callApi';
import type { OverlayView } from '../viewer/overlayPlanes';
import { parseViewerKey } from './asWrittenKey';

const CACHE_LIMIT = 64;

/** The planes of the frame `key` names (`frameKey`), once loaded; see the module comment. */
export function useFramePlanes(api: DeidApi, key: string | null, onError: (message: string) => void): { key: string | null; overlays: readonly OverlayView[] } {
  const cache = useRef(new Map<string, readonly OverlayView[]>());
  const [loaded, setLoaded] = useState<{ key: string | null; overlays: readonly OverlayView[] }>({ key: null, overlays: [] });
  useEffect(() => {
    if (key === null) return;
    const cached = cache.current.get(key);
    if (cached !== undefined) {
      setLoaded({ key, overlays: cached });
      return;
    }
    let live = true;
    // An As-written key asks for the planes the written file keeps.
    const { imageId, frame, asWritten } = parseViewerKey(key);
    callApi(api, asWritten ? 'imagesAsWrittenOverlays' : 'imagesOverlays', { imageId, frame }).then(
      (r) => {
        cache.current.set(key, r.overlays);
        if (cache.current.size > CACHE_LIMIT) cache.current.delete(cache.current.keys().next().value as string);
        if (live) setLoaded({ key, overlays: r.overlays });
      },
      (e: unknown) => {
        if (live) onError(`Overlay planes not shown: ${describeError(e)}`);
      },
    );
    return () => {
      live = false;
    };
  }, [api, key, onError]);
  return loaded;
}
