/** Folding a fresh list of an image's boxes into what the reviewer sees. */

/** The part of a box the merge looks at. */
interface ListedBox {
  rectId: number;
}

/**
 * The boxes to show after a `rectsList` answer: the server's list, except that a box with a change
 * still on its way keeps what the reviewer sees (its optimistic state), and one the reviewer
 * removed while that removal is on its way stays removed.
 */
export function mergeListed<T extends ListedBox>(listed: readonly T[], shown: readonly T[], inFlight: ReadonlyMap<number, number>): T[] {
  const byId = new Map(shown.map((b) => [b.rectId, b]));
  const out: T[] = [];
  for (const b of listed) {
    if (!inFlight.has(b.rectId)) out.push(b);
    else {
      const mine = byId.get(b.rectId);
      if (mine !== undefined) out.push(mine);
    }
  }
  return out;
}
