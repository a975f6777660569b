/**
 * What the pixel verdict (src/main/deid/pixelVerdict.ts) can decide for an image, as the tree,
 * the de-identify dialog and the header preview show it.
 */
export const PIXEL_VERDICT_ACTIONS = ['header-only', 'read', 'clean', 'burn', 'withhold', 'write-uncleaned'] as const;

/** One verdict action. */
export type PixelVerdictAction = (typeof PIXEL_VERDICT_ACTIONS)[number];
