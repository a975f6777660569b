/** The toast after a box was copied to frames or images: what was added, and which done marks it cleared. */

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The result of `rectsPropagate` in words. */
export function propagatedMessage(r: { created: number; images: number; skipped: number; reopened: readonly string[] }): string {
  const added = `Added ${plural(r.created, 'rule box', 'rule boxes')} on ${plural(r.images, 'image', 'images')}${r.skipped > 0 ? ` (${r.skipped} already had it)` : ''}.`;
  if (r.reopened.length === 0) return added;
  return `${added} ${plural(r.reopened.length, 'image was', 'images were')} marked done and need${r.reopened.length === 1 ? 's' : ''} review again: the done mark was cleared.`;
}
